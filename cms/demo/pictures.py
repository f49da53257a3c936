"""Pictures drawn for the demo newsroom: a coloured scene per story and author portraits.

Drawn, not downloaded, and deterministic: the same story always gets the same bytes, so the
content-addressed media store keeps one copy however often the demo is loaded. Scenes are
1,600 x 1,200, so structured data can show them at 16:9, 4:3 and 1:1 at 1,200 px or more
without enlarging them; they are drawn small, scaled up once, and kept per process, since
the test suite loads the demo many times.
"""

from __future__ import annotations

import colorsys
import io
import random
from collections.abc import Callable
from functools import lru_cache

from PIL import Image, ImageDraw

# What the motifs are drawn at, and the size of the picture they become.
SIZE = (960, 640)
PICTURE_SIZE = (1600, 1200)
Colour = tuple[int, int, int]
Draw = Callable[[ImageDraw.ImageDraw, random.Random, Colour], None]


def _colour(hue: int, lightness: float, saturation: float = 0.55) -> Colour:
    r, g, b = colorsys.hls_to_rgb((hue % 360) / 360, lightness, saturation)
    return int(r * 255), int(g * 255), int(b * 255)


def _skyline(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    x = 0
    while x < SIZE[0]:
        width, height = rng.randint(50, 130), rng.randint(120, 420)
        draw.rectangle([x, SIZE[1] - height, x + width, SIZE[1]], fill=ink)
        x += width + rng.randint(4, 20)


def _water(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    for row in range(10):
        y = 330 + row * 32
        points = [(x, y + rng.randint(-8, 8)) for x in range(0, SIZE[0] + 60, 60)]
        draw.line(points, fill=ink, width=6)


def _field(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    draw.polygon([(0, 380), (SIZE[0], 300), (SIZE[0], SIZE[1]), (0, SIZE[1])], fill=ink)
    for _ in range(14):
        x = rng.randint(0, SIZE[0])
        draw.line([(x, SIZE[1]), (SIZE[0] // 2, 330)], fill=(255, 255, 255), width=2)


def _crowd(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    for _ in range(90):
        x, y = rng.randint(0, SIZE[0]), rng.randint(330, SIZE[1])
        r = rng.randint(14, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=ink)
        draw.rectangle([x - r, y + r, x + r, y + 4 * r], fill=ink)


def _stadium(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    draw.ellipse([80, 260, SIZE[0] - 80, SIZE[1] + 200], outline=ink, width=28)
    draw.rectangle([300, 420, SIZE[0] - 300, SIZE[1]], fill=(60, 140, 70))
    for _ in range(8):
        x = rng.randint(320, SIZE[0] - 320)
        draw.ellipse([x - 8, 500, x + 8, 516], fill=(255, 255, 255))


def _chart(draw: ImageDraw.ImageDraw, rng: random.Random, ink: Colour) -> None:
    for i in range(12):
        height = rng.randint(60, 420)
        x = 60 + i * 72
        draw.rectangle([x, SIZE[1] - 40 - height, x + 48, SIZE[1] - 40], fill=ink)
    draw.line([(40, SIZE[1] - 40), (SIZE[0] - 40, SIZE[1] - 40)], fill=(30, 30, 30), width=4)


MOTIFS: dict[str, Draw] = {
    "skyline": _skyline,
    "water": _water,
    "field": _field,
    "crowd": _crowd,
    "stadium": _stadium,
    "chart": _chart,
}


@lru_cache(maxsize=128)
def scene(*, seed: str, hue: int, motif: str) -> bytes:
    """A 1,600 x 1,200 JPEG of a sky in the story's hue over a simple motif."""
    rng = random.Random(seed)
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    top, bottom = _colour(hue, 0.78), _colour(hue, 0.45)
    for y in range(SIZE[1]):
        t = y / SIZE[1]
        row = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (SIZE[0], y)], fill=row)
    MOTIFS.get(motif, _skyline)(draw, rng, _colour(hue + 180, 0.25, 0.35))
    out = io.BytesIO()
    image.resize(PICTURE_SIZE, Image.Resampling.NEAREST).save(out, format="JPEG", quality=75)
    return out.getvalue()


@lru_cache(maxsize=64)
def portrait(*, initials: str, hue: int) -> bytes:
    """A square PNG avatar: the author's initials on a disc of their colour."""
    image = Image.new("RGB", (256, 256), (245, 245, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse([8, 8, 248, 248], fill=_colour(hue, 0.45))
    draw.text((128, 128), initials, fill=(255, 255, 255), anchor="mm", font_size=96)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()

"""The picture desk (/desk/pictures): many files uploaded at once (a refused one said plainly,
the others go on, what each file said shown), the focal point clicked with the crops the server
cuts around it, a credit edited by its parts, and a picture in use refused deletion by name."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, datetime, timedelta

from PIL import Image
from playwright.sync_api import Page, expect

from tests import media_samples
from tests.browser.desk import EDITOR, Desk


def _agency_jpeg(caption: str, image: Image.Image | None = None, **iim: str) -> bytes:
    """A JPEG as agencies send it: IPTC IIM caption (2:120) and whatever else is given."""
    out = io.BytesIO()
    (image or Image.new("RGB", (96, 64), (40, 90, 160))).save(out, "JPEG", quality=85)
    data = out.getvalue()
    block = media_samples.iim_block({(2, 120): caption, **_datasets(iim)})
    return data[:2] + media_samples.photoshop_segment(block) + data[2:]


def _datasets(iim: dict[str, str]) -> dict[tuple[int, int], str]:
    numbers = {"byline": (2, 80), "credit": (2, 110), "source": (2, 115), "expires": (2, 37)}
    return {numbers[name]: value for name, value in iim.items()}


def _file(name: str, data: bytes, mime: str = "image/jpeg") -> dict[str, object]:
    return {"name": name, "mimeType": mime, "buffer": data}


def _drop(page: Page, name: str, data: bytes) -> None:
    """A file dragged from the computer and dropped on the upload zone."""
    transfer = page.evaluate_handle(
        """([name, bytes]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, {type: "image/jpeg"}));
            return transfer;
        }""",
        [name, list(data)],
    )
    zone = page.get_by_role("region", name="Uploads").locator(".drop-zone")
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    zone.dispatch_event("drop", {"dataTransfer": transfer})


def _grid_card(page: Page, words: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("grid", name="Pictures").get_by_role("button").filter(has_text=words)


def test_three_files_uploaded_at_once_one_refused_two_in_the_grid_with_their_captions(
    desk: Desk,
) -> None:
    token = uuid.uuid4().hex[:8]
    first = f"Kestrels nest on the clock tower {token}."
    second = f"Harbour lights at dusk {token}."
    soon = (datetime.now(UTC) + timedelta(days=3)).strftime("%Y%m%d")
    xmp = media_samples.xmp_packet(
        elements=f"""<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{second}</rdf:li>
        </rdf:Alt></dc:description>
        <dc:creator><rdf:Seq><rdf:li>Ines Dalca</rdf:li></rdf:Seq></dc:creator>"""
    )
    page = desk.page(EDITOR, "pictures")
    page.get_by_label("Upload pictures").set_input_files(
        files=[
            _file(
                "kestrels.jpg",
                _agency_jpeg(
                    first, byline="Tomas Averill", credit="AFP via Getty Images", expires=soon
                ),
            ),
            _file("minutes.jpg", b"Minutes of the harbour board, not a picture at all.\n" * 40),
            _file("lights.jpg", media_samples.jpeg((80, 60), xmp=xmp)),
        ]
    )
    uploads = page.get_by_role("region", name="Uploads")
    expect(uploads.get_by_role("listitem").filter(has_text="minutes.jpg")).to_contain_text(
        "Refused: This is not a file the library takes"
    )
    kestrels = uploads.get_by_role("listitem").filter(has_text="kestrels.jpg")
    expect(kestrels).to_contain_text("Added to the library.")
    for read in (first, "Tomas Averill", "AFP", "Getty Images"):
        expect(kestrels).to_contain_text(read)
    expect(uploads.get_by_role("listitem").filter(has_text="lights.jpg")).to_contain_text(
        "Ines Dalca"
    )

    # The library itself, searched by the words of the embedded captions.
    page.reload()
    page.get_by_label("Search words").fill(token)
    expect(_grid_card(page, token)).to_have_count(2)
    expect(_grid_card(page, first)).to_contain_text("Rights end")
    expect(_grid_card(page, second)).not_to_contain_text("Rights end")
    page.get_by_label("Search agency").fill("AFP")
    expect(_grid_card(page, token)).to_have_count(1)
    page.context.close()


def _halves() -> Image.Image:
    """Red on its left half, blue on its right: a crop's colour says where it was cut."""
    image = Image.new("RGB", (400, 200), (20, 40, 220))
    image.paste((220, 20, 20), (0, 0, 200, 200))
    return image


def _centre_colour(page: Page, desk: Desk, crop: str) -> str:
    """The colour at the middle of a crop the desk shows, read from the file it was sent."""
    src = page.get_by_role("img", name=f"The {crop} crop").get_attribute("src")
    assert src is not None
    answer = page.context.request.get(src if "://" in src else f"{desk.base}{src}")
    assert answer.ok, answer.status
    with Image.open(io.BytesIO(answer.body())) as image:
        red, _green, blue = image.convert("RGB").getpixel((image.width // 2, image.height // 2))  # type: ignore[misc]
    return "red" if red > blue else "blue"


def test_the_focal_point_moves_the_crops_and_a_credit_is_edited_by_its_parts(
    desk: Desk,
) -> None:
    caption = f"Harlow Bay sea wall, red and blue {uuid.uuid4().hex[:8]}."
    page = desk.page(EDITOR, "pictures")
    page.get_by_label("Upload pictures").set_input_files(
        files=[_file("sea-wall.jpg", _agency_jpeg(caption, _halves(), byline="Ana Ruiz"))]
    )
    _grid_card(page, caption).click()
    panel = page.get_by_role("complementary", name="Picture")
    expect(panel.get_by_label("Caption", exact=True)).to_have_value(caption)
    expect(panel.get_by_label("Creator")).to_have_value("Ana Ruiz")

    square = panel.get_by_role("img", name="The 1:1 crop")
    focal = panel.get_by_role("button", name="Focal point")
    for where, colour in ((0.05, "red"), (0.95, "blue")):
        before = square.get_attribute("src")
        box = focal.bounding_box()
        assert box is not None
        focal.click(position={"x": box["width"] * where, "y": box["height"] / 2})
        expect(square).not_to_have_attribute("src", before or "")
        assert _centre_colour(page, desk, "1:1") == colour
        assert _centre_colour(page, desk, "4:5") == colour

    panel.get_by_label("Agency").fill("Meridian Images")
    panel.get_by_label("Distributor").fill("Wirestream")
    line = "Photo by Ana Ruiz/Meridian Images via Wirestream"
    expect(panel.locator("output")).to_have_text(line)
    panel.get_by_label("Alt text").fill("A sea wall, half red and half blue")
    panel.get_by_role("button", name="Save picture").click()
    expect(panel.get_by_text("All changes saved")).to_be_visible()
    asset_id = page.url.rsplit("picture=", 1)[1]
    saved = desk.manage(
        "query($id: ID!) { media(id: $id) { credit creator agency distributor altText"
        " caption focalPoint { x } } }",
        {"id": asset_id},
        as_=EDITOR,
    )["media"]
    assert saved["credit"] == line
    assert (saved["creator"], saved["agency"], saved["distributor"]) == (
        "Ana Ruiz",
        "Meridian Images",
        "Wirestream",
    )
    assert saved["altText"] == "A sea wall, half red and half blue"
    assert saved["caption"] == caption
    assert saved["focalPoint"]["x"] > 0.9
    expect(_grid_card(page, caption)).to_contain_text(line)
    page.context.close()


def test_a_picture_in_use_is_not_deleted_and_the_desk_names_its_stories(desk: Desk) -> None:
    headline = "Chemical plant fire forces evacuation of 4,000 residents in Harlow Bay"
    page = desk.page(EDITOR, "pictures")
    page.get_by_label("Search words").fill("Corrin Polymers")
    _grid_card(page, "Corrin Polymers").click()
    panel = page.get_by_role("complementary", name="Picture")
    uses = panel.get_by_role("listitem").filter(has_text=headline)
    expect(uses).to_contain_text("(lead picture)")
    panel.get_by_role("button", name="Delete picture").click()
    page.get_by_role("dialog", name="Delete this picture?").get_by_role(
        "button", name="Delete"
    ).click()
    refusal = panel.get_by_role("alert")
    expect(refusal).to_contain_text("This picture is in use, so it was not deleted")
    expect(refusal.get_by_role("listitem").filter(has_text=headline)).to_contain_text(
        "(lead picture)"
    )
    expect(refusal.get_by_role("link", name=headline)).to_have_attribute(
        "href", re.compile(r"^/desk/stories/[0-9a-f]+$")
    )
    page.context.close()


def test_a_dropped_file_and_what_is_typed_survive_a_reload_and_a_conflict(desk: Desk) -> None:
    caption = f"The Brennock ferry at its slipway {uuid.uuid4().hex[:8]}."
    page = desk.page(EDITOR, "pictures")
    _drop(page, "ferry.jpg", _agency_jpeg(caption))
    _grid_card(page, caption).click()
    panel = page.get_by_role("complementary", name="Picture")
    panel.get_by_label("Alt text").fill("A white ferry tied up at a stone slipway")
    page.reload()
    expect(panel.get_by_text("Your unsaved changes to this picture are back")).to_be_visible()
    expect(panel.get_by_label("Alt text")).to_have_value("A white ferry tied up at a stone slipway")

    asset_id = page.url.rsplit("picture=", 1)[1]
    theirs = f"The Brennock ferry waits for the tide {uuid.uuid4().hex[:8]}."
    desk.manage(
        "mutation($id: ID!, $c: String!) { updateMedia(id: $id, input: {caption: $c}) { id } }",
        {"id": asset_id, "c": theirs},
        as_=EDITOR,
    )
    panel.get_by_role("button", name="Save picture").click()
    expect(panel.get_by_text("Someone else changed this picture meanwhile")).to_be_visible()
    expect(panel.get_by_label("Caption", exact=True)).to_have_value(theirs)
    expect(panel.get_by_label("Alt text")).to_have_value("A white ferry tied up at a stone slipway")
    panel.get_by_role("button", name="Save picture").click()
    expect(panel.get_by_text("All changes saved")).to_be_visible()
    saved = desk.manage(
        "query($id: ID!) { media(id: $id) { caption altText } }", {"id": asset_id}, as_=EDITOR
    )["media"]
    assert saved == {"caption": theirs, "altText": "A white ferry tied up at a stone slipway"}
    page.context.close()

"""What a benchmark run is asked to do: its options, the workloads and the targets."""

from __future__ import annotations

import argparse
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cms import model
from cms.store.codec import new_id

# uvicorn's --app-dir, and where the load generator runs ``python -m benchmark``.
SCRIPTS = Path(__file__).resolve().parent.parent
DATABASE = "bench"
PUBLIC_URL = "https://news.example"  # the same for every server, so answers have one size
EDITOR_EMAIL = "bench-editor@newsroom.example"
EDITOR_PASSWORD = "a long benchmark passphrase"
WARM_LIMIT = 5000  # beyond this many keys, the cached server is measured on a warmed subset
DESK = model.Principal(user_id=new_id(), role=model.Role.ADMIN, email="bench@newsroom.example")

# The documents tests/test_query_cost.py holds to at most 3 database commands each.
W1 = """
query Page($slug: String!) {
  article(slug: $slug) {
    headline dek dateline publishedAt section { slug name }
    authors { name slug } leadMedia { url caption credit }
    body { __typename ... on Paragraph { html } ... on BlockQuote { text attribution }
           ... on MediaBlock { url caption credit } ... on AdSlotBlock { slot { code } } }
  }
}
"""
W2 = """
query Front($section: String!) {
  articles(first: 20, section: $section) {
    edges { node { headline slug dek authors { name } leadMedia { url } } }
  }
}
"""
WORKLOADS = {
    "W1": ("article page, random slug", W1, "slug"),
    "W2": ("section front", W2, "section"),
}

TARGETS = {
    "cms": "CMS, cache off",
    "cms-cached": "CMS, cache on",
    "bare": "bare starlette+motor",
    "bare-async": "bare starlette+pymongo",
    "floor": "HTTP floor",
}


@dataclass(frozen=True, slots=True)
class Options:
    articles: int  # the smallest size: every target is measured there
    sizes: tuple[int, ...]  # every size, smallest first
    sections: int
    authors: int
    seconds: float
    warmup: float
    connections: int
    threads: int
    workloads: tuple[str, ...]
    loadgen: str
    db_path: str
    json_path: Path | None
    seed: int
    repeat: int


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    add = parser.add_argument
    add(
        "--articles",
        help="live stories to seed (default 2000; --quick 200); several sizes, comma-separated "
        "(2000,20000,200000), measure everything at the smallest, then W1 and W2 uncached at "
        "each larger one, the archive grown in place with older stories",
    )
    add("--sections", type=int, default=8, help="sections they are spread over (default 8)")
    add("--authors", type=int, help="authors in the bylines (default 50; --quick 20)")
    add("--seconds", type=float, help="length of each measurement (default 10; --quick 3)")
    add("--warmup", type=float, help="seconds of unmeasured load before each (default 2)")
    add("--connections", type=int, default=16, help="concurrent connections (default 16)")
    add("--threads", type=int, default=1, help="wrk threads (default 1: 2 cores are shared)")
    add("--workloads", default="W1,W2", help="comma-separated, from W1,W2 (default both)")
    add("--quick", action="store_true", help="a smoke run: 200 stories, 3 s per measurement")
    add(
        "--loadgen",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="wrk if installed (auto), or force one",
    )
    add("--db-path", default=None, help="storage of the database (default: a temporary dir)")
    add("--json", type=Path, default=None, help="also write the figures to this file")
    add("--seed", type=int, default=6, help="random seed of the invented newsroom")
    add(
        "--repeat",
        type=int,
        default=1,
        help="take each measurement N times; keep the one other processes disturbed least",
    )
    add("--run-loadgen", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def options_from(args: argparse.Namespace) -> Options:
    workloads = tuple(w.strip().upper() for w in args.workloads.split(",") if w.strip())
    unknown = [w for w in workloads if w not in WORKLOADS]
    if unknown or not workloads:
        raise SystemExit(f"unknown workload(s) {unknown}; choose from {', '.join(WORKLOADS)}")
    quick = bool(args.quick)
    loadgen = args.loadgen
    if loadgen == "auto":
        loadgen = "wrk" if shutil.which("wrk") else "python"
    elif loadgen == "wrk" and not shutil.which("wrk"):
        raise SystemExit("--loadgen wrk: wrk is not installed")

    def given(value: Any, default: Any, quick_default: Any) -> Any:
        if value is not None:
            return value
        return quick_default if quick else default

    sizes = _sizes(given(args.articles, "2000", "200"))
    return Options(
        articles=sizes[0],
        sizes=sizes,
        sections=args.sections,
        authors=given(args.authors, 50, 20),
        seconds=given(args.seconds, 10.0, 3.0),
        warmup=given(args.warmup, 2.0, 0.5),
        connections=args.connections,
        threads=max(1, min(args.threads, args.connections)),
        workloads=workloads,
        loadgen=loadgen,
        db_path=args.db_path or "",
        json_path=args.json,
        seed=args.seed,
        repeat=max(1, args.repeat),
    )


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in str(text).split(",") if part})
    except ValueError:
        raise SystemExit(f"--articles: whole numbers, comma-separated; got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise SystemExit(f"--articles: at least one story; got {text!r}")
    return tuple(sizes)

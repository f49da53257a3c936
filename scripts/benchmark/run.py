"""The whole run: the database, the servers, the measurements and the report."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmark.load import Load, run_loadgen
from benchmark.measuring import Bench, Row, add_ratios, check_answers, warm_cache
from benchmark.newsroom import Newsroom, grow, seed
from benchmark.options import (
    DATABASE,
    PUBLIC_URL,
    W1,
    W2,
    WARM_LIMIT,
    Options,
    options_from,
    parser,
)
from benchmark.publish import PublishResult, publish_visible
from benchmark.report import (
    Scale,
    capacity,
    capacity_tables,
    checks,
    machine,
    scale_checks,
    scale_table,
    table,
)
from benchmark.servers import Server
from cms.server.embedded import MEMORY, EmbeddedDatabase


async def start_servers(
    bench: Bench, stack: contextlib.AsyncExitStack, uri: str, *, floor_sizes: dict[str, int] | None
) -> None:
    """Our app twice (cache off, cache on) and the bare handler on each driver; or, given
    sizes, the floor."""
    cms_env = {
        "CMS_MONGODB_URI": uri,
        "CMS_DATABASE": DATABASE,
        "CMS_SCHEDULER_ENABLED": "false",
        "CMS_RATE_LIMIT": "false",  # every request comes from one client here
        "CMS_PUBLIC_URL": PUBLIC_URL,
        "CMS_MEDIA_DIR": str(bench.workdir / "media"),
    }
    bare_env = {
        "BENCH_MONGODB_URI": uri,
        "BENCH_DATABASE": DATABASE,
        "BENCH_PUBLIC_URL": PUBLIC_URL,
    }
    specs = [
        ("cms", "benchmark.servers:cms_app", {**cms_env, "CMS_RESPONSE_CACHE": "false"}),
        ("cms-cached", "benchmark.servers:cms_app", {**cms_env, "CMS_RESPONSE_CACHE": "true"}),
        ("bare", "benchmark.bare:bare_app", bare_env),
        ("bare-async", "benchmark.bare:bare_async_app", bare_env),
    ]
    if floor_sizes is not None:
        specs = [
            ("floor", "benchmark.bare:floor_app", {"BENCH_FLOOR_BYTES": json.dumps(floor_sizes)})
        ]
    started = []
    for name, factory, env in specs:
        server = Server(name, factory, env, bench.workdir / f"{name}.log")
        bench.servers[name] = server
        stack.callback(server.stop)
        server.start()
        started.append(server)
    for server in started:
        await server.wait_ready()


async def measure_all(bench: Bench, loads: dict[str, Load]) -> None:
    """Each workload against the five targets, the cached one in its steady state."""
    options = bench.options
    cached_loads = {}
    for workload, load in loads.items():
        cached_load = load
        if len(load.values) > WARM_LIMIT:  # a bounded random subset, all of it warmed
            subset = random.Random(options.seed).sample(load.values, WARM_LIMIT)
            cached_load = Load(load.path, load.document, load.variable, tuple(subset))
        started = time.perf_counter()
        hit_rate = await warm_cache(bench.servers["cms-cached"], cached_load, options.connections)
        print(
            f"Warmed the cache with {len(cached_load.values)} {workload} keys in "
            f"{time.perf_counter() - started:.1f} s (hits afterwards: {hit_rate:.0%})"
        )
        cached_loads[workload] = cached_load
    print(f"Measuring {options.seconds:g} s each, {options.connections} connections:")
    for workload, load in loads.items():
        floor_load = Load(f"/floor/{workload}", load.document, load.variable, load.values)
        await bench.keep_least_disturbed(workload, "bare", load)
        await bench.keep_least_disturbed(workload, "bare-async", load)
        await bench.keep_least_disturbed(workload, "cms", load)
        await bench.keep_least_disturbed(workload, "cms-cached", cached_loads[workload])
        await bench.keep_least_disturbed(workload, "floor", floor_load)
    add_ratios(bench.rows)


async def run(options: Options) -> dict[str, Any]:
    """The whole benchmark; every process it starts is stopped when it ends, however it ends."""
    async with contextlib.AsyncExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cms-bench-")))
        db_path = options.db_path or str(workdir / "db")
        database = EmbeddedDatabase(db_path if db_path == MEMORY else Path(db_path))
        stack.callback(database.stop)
        uri = await asyncio.to_thread(database.start)
        assert database._process is not None  # its pid: the database's CPU time is measured too
        print(f"SecantusDB at {uri} (storage {db_path}); load generator: {options.loadgen}")
        if (load := os.getloadavg()[0]) > 0.5:
            print(f"note: the load average is {load:.1f}: other work here will skew the figures")
        print(
            f"Seeding {options.articles} stories over {options.sections} sections by "
            f"{options.authors} authors (bulk inserts through the store) ...",
            flush=True,
        )
        newsroom = await seed(uri, options, count=options.articles)
        rate = options.articles / newsroom.seconds * 60
        print(f"  seeded in {newsroom.seconds:.1f} s ({rate:,.0f} stories a minute)")

        bench = Bench(options, database._process.pid, workdir)
        await start_servers(bench, stack, uri, floor_sizes=None)
        all_loads = {
            "W1": Load("/graphql", W1, "slug", tuple(newsroom.slugs)),
            "W2": Load("/graphql", W2, "section", tuple(newsroom.sections)),
        }
        loads = {w: all_loads[w] for w in options.workloads}
        sizes = await check_answers(bench, loads, random.Random(options.seed))
        await start_servers(bench, stack, uri, floor_sizes=sizes)
        await measure_all(bench, loads)
        publish = await publish_visible(bench, uri, newsroom)
        scaling = await measure_sizes(bench, uri, newsroom, loads)
    return report(options, newsroom, sizes, loads, bench.rows, publish, scaling)


async def measure_sizes(
    bench: Bench, uri: str, newsroom: Newsroom, loads: dict[str, Load]
) -> list[Scale]:
    """The uncached CMS at each size: the smallest's rows as measured with the rest, then the
    archive grown in place with older stories and W1 and W2 measured again."""
    options = bench.options
    first = {(r.workload, r.target): r for r in bench.rows}
    scaling = [Scale(options.sizes[0], {w: first[(w, "cms")] for w in loads})]
    for size in options.sizes[1:]:
        print(f"Growing the archive to {size} stories ...", flush=True)
        before = len(newsroom.slugs)
        took = await grow(uri, newsroom, size)
        rate = (size - before) / took * 60
        print(
            f"  grown in {took:.1f} s ({rate:,.0f} stories a minute); measuring the uncached CMS:"
        )
        grown = dict(loads)
        if "W1" in grown:  # every story's page may be asked for, the oldest too
            grown["W1"] = Load("/graphql", W1, "slug", tuple(newsroom.slugs))
        rows = {w: await bench.least_disturbed(w, "cms", load) for w, load in grown.items()}
        scaling.append(Scale(size, rows))
    return scaling


def report(
    options: Options,
    newsroom: Newsroom,
    sizes: dict[str, int],
    loads: dict[str, Load],
    rows: list[Row],
    publish: PublishResult | None,
    scaling: list[Scale],
) -> dict[str, Any]:
    about = machine()
    print()
    print(
        f"Newsroom CMS delivery benchmark, {about['date']}, {about['cores']} cores, Python "
        f"{about['python']}, {options.loadgen} ({options.threads} thread(s)) with "
        f"{options.connections} connections, {options.seconds:g} s per measurement"
        f"{f' (the least disturbed of {options.repeat})' if options.repeat > 1 else ''}, "
        f"{options.articles} stories; each server one uvicorn process ({about['server']})"
    )
    print(table(rows, sizes, loads))
    print(
        "CPU ms/req: the server process; DB CPU ms/req: the SecantusDB process; cmds/req: "
        "database commands per request;\nother load: CPU used by processes outside the "
        "benchmark during the measurement, as a share of the machine."
    )
    if publish is not None:
        print(
            f"Publish visible: publishArticle on {publish.written_on} answered in "
            f"{publish.publish_ms:.0f} ms; {publish.watched_on} showed the new headline on the "
            f"story page after {_maybe_ms(publish.visible_page_ms)} and on the section front "
            f"after {_maybe_ms(publish.visible_front_ms)} (from the publish request)."
        )
    if len(scaling) > 1:
        print()
        print(scale_table(scaling))
    costs = capacity(rows, scaling)
    if costs:
        print()
        print(capacity_tables(costs, scaling[-1].stories if scaling else options.articles))
        print()
    results = checks(rows, publish) + scale_checks(scaling)
    print("Targets (issues 6 and 20):")
    for check in results:
        print(check.line())
    return {
        "machine": about,
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(options).items()},
        "seed_seconds": newsroom.seconds,
        "answer_bytes": sizes,
        "results": [asdict(r) for r in rows],
        "publish": None if publish is None else asdict(publish),
        "scaling": [
            {"stories": s.stories, **{w: asdict(row) for w, row in s.rows.items()}} for s in scaling
        ],
        "capacity": costs,
        "targets": [
            {"target": c.target, "value": c.value, "op": c.op, "limit": c.limit, "met": c.met}
            for c in results
        ],
    }


def _maybe_ms(value: float | None) -> str:
    return "more than 10 s (not seen)" if value is None else f"{value:.0f} ms"


def _interrupt_on_sigterm() -> None:
    """Ctrl-C and SIGTERM stop the run, and then every server and the database.

    SIGINT gets Python's own handler even when it was inherited ignored (a background job of
    a script), so that asyncio turns it into a cancellation of the run; SIGTERM becomes SIGINT.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda signum, frame: os.kill(os.getpid(), signal.SIGINT))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.run_loadgen is not None:
        return run_loadgen(args.run_loadgen)
    options = options_from(args)
    _interrupt_on_sigterm()
    try:
        figures = asyncio.run(run(options))
    except KeyboardInterrupt:
        print("\ninterrupted: the servers and the database were stopped", file=sys.stderr)
        return 130
    if options.json_path is not None:
        options.json_path.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"Figures written to {options.json_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The figures as a table, and the targets they meet."""

from __future__ import annotations

import importlib.util
import math
import os
import platform
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from benchmark.load import Load
from benchmark.measuring import Row
from benchmark.options import TARGETS, WORKLOADS
from benchmark.publish import PublishResult


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def table(rows: list[Row], sizes: dict[str, int], loads: dict[str, Load]) -> str:
    header = (
        f"{'':<4}{'target':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms':>9}"
        f"{'DB CPU':>9}{'cmds':>7}{'req/s':>8}{'CPU':>7}{'req/s':>8}{'CPU':>7}{'req/s':>8}"
        f"{'other':>7}"
    )
    subheader = (
        f"{'':<4}{'':<22}{'':>9}{'':>9}{'':>9}{'/req':>9}{'ms/req':>9}{'/req':>7}"
        f"{'÷motor':>8}{'÷motor':>7}{'÷async':>8}{'÷async':>7}{'÷floor':>8}{'load':>7}"
    )
    lines = [header, subheader]
    for workload in dict.fromkeys(r.workload for r in rows):
        title, _, variable = WORKLOADS[workload]
        lines.append(
            f"{workload}: {title} (one of {len(loads[workload].values)} {variable}s; "
            f"answer ~{sizes.get(workload, 0) / 1024:.1f} KB)"
        )
        for row in (r for r in rows if r.workload == workload):
            failed = f"  ({row.failures} failed)" if row.failures else ""
            lines.append(
                f"{'':<4}{TARGETS[row.target]:<22}{row.rps:>9.0f}{row.p50_ms:>9.2f}"
                f"{row.p99_ms:>9.2f}{row.cpu_ms:>9.3f}{row.db_cpu_ms:>9.3f}"
                f"{row.db_commands:>7.2f}{_ratio(row.rps_vs_bare):>8}"
                f"{_ratio(row.cpu_vs_bare):>7}{_ratio(row.rps_vs_bare_async):>8}"
                f"{_ratio(row.cpu_vs_bare_async):>7}{_ratio(row.rps_vs_floor):>8}"
                f"{row.other_load:>7.0%}{failed}"
            )
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Scale:
    """The uncached CMS's rows (by workload) with this many stories in the archive."""

    stories: int
    rows: dict[str, Row]


def scale_table(scaling: list[Scale]) -> str:
    """CPU per request of the uncached CMS at each archive size, and largest ÷ smallest."""
    workloads = list(scaling[0].rows)
    head = f"{'stories':>9}" + "".join(
        f"{w + ' CPU':>10}{w + ' DB':>10}{w + ' req/s':>11}" for w in workloads
    )
    lines = ["CMS, cache off, by archive size (CPU and DB CPU in ms per request):", head]
    for scale in scaling:
        lines.append(
            f"{scale.stories:>9,}"
            + "".join(
                f"{scale.rows[w].cpu_ms:>10.3f}{scale.rows[w].db_cpu_ms:>10.3f}"
                f"{scale.rows[w].rps:>11.1f}"
                for w in workloads
            )
        )
    small, large = scaling[0], scaling[-1]
    lines.append(
        f"{'largest ÷ smallest':>9}"
        + "".join(
            f"{_ratio(large.rows[w].cpu_ms / small.rows[w].cpu_ms):>10}"
            f"{_ratio(large.rows[w].db_cpu_ms / small.rows[w].db_cpu_ms):>10}{'':>11}"
            for w in workloads
        )
    )
    return "\n".join(lines)


def scale_checks(scaling: list[Scale]) -> list[Check]:
    """Issue 20: W2 at the largest size costs at most 1.5 times its cost at the smallest."""
    if len(scaling) < 2 or "W2" not in scaling[0].rows:
        return []
    small, large = scaling[0].rows["W2"], scaling[-1].rows["W2"]
    sizes = f"{scaling[-1].stories:,} ÷ {scaling[0].stories:,} stories"
    return [
        Check(f"W2 uncached CPU ms/req, {sizes}", large.cpu_ms / small.cpu_ms, "<=", 1.5),
        Check(f"W2 uncached DB CPU ms/req, {sizes}", large.db_cpu_ms / small.db_cpu_ms, "<=", 1.5),
    ]


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda value, limit: value >= limit,
    "<=": lambda value, limit: value <= limit,
    "<": lambda value, limit: value < limit,
}


@dataclass(frozen=True, slots=True)
class Check:
    """One target of the issue: a figure, how it must compare with its limit, and whether it does.

    A figure that could not be measured (a publish never seen) counts as not met."""

    target: str
    value: float | None
    op: str
    limit: float

    @property
    def met(self) -> bool:
        return self.value is not None and _COMPARE[self.op](self.value, self.limit)

    def line(self) -> str:
        value = "not seen" if self.value is None else f"{self.value:.2f}"
        name = f"{self.target} {self.op} {self.limit:g}"
        return f"  {name:<58} {value:>9}   {'met' if self.met else 'NOT met'}"


def checks(rows: list[Row], publish: PublishResult | None) -> list[Check]:
    """The targets of issues 6 and 20 that this run measured (issue 20 raised W1's against
    the bare PyMongo handler from 0.7 to 1: it does one command where the handler does three)."""
    found = {(r.workload, r.target): r for r in rows}
    result: list[Check] = []
    if (w1 := found.get(("W1", "cms"))) is not None:
        result.append(Check("W1 uncached: req/s ÷ bare (Motor)", w1.rps_vs_bare, ">=", 0.7))
        result.append(Check("W1 uncached: CPU ms/req ÷ bare (Motor)", w1.cpu_vs_bare, "<=", 2.5))
        result.append(
            Check("W1 uncached: req/s ÷ bare (PyMongo async)", w1.rps_vs_bare_async, ">=", 1.0)
        )
        result.append(
            Check("W1 uncached: CPU ms/req ÷ bare (PyMongo async)", w1.cpu_vs_bare_async, "<=", 2.5)
        )
    if (w2 := found.get(("W2", "cms"))) is not None:
        result.append(Check("W2 uncached: CPU ms/req ÷ bare (Motor)", w2.cpu_vs_bare, "<=", 2.5))
        result.append(
            Check("W2 uncached: CPU ms/req ÷ bare (PyMongo async)", w2.cpu_vs_bare_async, "<=", 2.5)
        )
    for workload in ("W1", "W2"):
        if (cached := found.get((workload, "cms-cached"))) is not None:
            result.append(
                Check(f"{workload} cached: req/s ÷ floor", cached.rps_vs_floor, ">=", 0.4)
            )
            result.append(Check(f"{workload} cached: p99 ms", cached.p99_ms, "<", 10.0))
    if publish is not None:
        seen = (publish.visible_page_ms, publish.visible_front_ms)
        slowest = None if None in seen else max(v for v in seen if v is not None)
        result.append(Check("publish visible in another process, ms", slowest, "<", 1000))
    return result


def machine() -> dict[str, Any]:
    import uvicorn

    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    return {
        "cores": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "server": f"uvicorn {uvicorn.__version__}, {loop} loop, {http}, no access log",
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


# The capacity tables of README's "Running at scale": hit ratios, origin request rates, and
# how busy an instance (one process on one core) may run, leaving headroom for bursts and for
# a lost instance; and at least two instances, so that one can fail.
HIT_RATIOS = (0.5, 0.9, 0.99)
ORIGIN_RATES = (500, 2_000, 10_000)
BUSY = 0.6
FLOOR = 2


def capacity(rows: list[Row], scaling: list[Scale]) -> dict[str, dict[str, float]]:
    """Per workload, the app CPU of a cache hit (the cached server's, which answers from its
    cache) and of a miss (the uncached server's at the largest archive measured: the
    archive an instance will serve), in ms per request."""
    found = {(r.workload, r.target): r for r in rows}
    largest = scaling[-1].rows if scaling else {}
    costs = {}
    for workload in dict.fromkeys(r.workload for r in rows):
        hit, miss = found.get((workload, "cms-cached")), largest.get(workload)
        miss = miss or found.get((workload, "cms"))
        if hit is not None and miss is not None:
            costs[workload] = {"c_hit": hit.cpu_ms, "c_miss": miss.cpu_ms}
    return costs


def capacity_tables(costs: dict[str, dict[str, float]], stories: int) -> str:
    """The README's capacity tables, in Markdown, from this run's costs:
    c(h) = h * c_hit + (1 - h) * c_miss; an instance serves 1000 * BUSY / c(h) requests a
    second; R requests a second need ceil(R * c(h) / (1000 * BUSY)) instances, at least FLOOR.
    (The tables write it with the README's signs.)"""
    if not costs:
        return ""
    budget = 1000 * BUSY
    workloads = list(costs)
    lines = [
        f'Capacity (README, "Running at scale"), from this run: app CPU per request, c_miss at '
        f"{stories:,} stories; an instance at {BUSY:.0%} busy; at least {FLOOR} instances.",
        ", ".join(
            f"{w}: c_hit = {c['c_hit']:.2f} ms, c_miss = {c['c_miss']:.2f} ms"
            for w, c in costs.items()
        ),
        "",
        "| hit ratio |" + "".join(f" {w}: c(h) | {w}: per instance |" for w in workloads),
        "| --: |" + " --: | --: |" * len(workloads),
    ]
    for h in HIT_RATIOS:
        cells = ""
        for w in workloads:
            hit, miss = costs[w]["c_hit"], costs[w]["c_miss"]
            cost = h * hit + (1 - h) * miss
            cells += (
                f" {h:g} × {hit:.2f} + {1 - h:.2g} × {miss:.2f} = {cost:.3f} ms |"  # noqa: RUF001 (the README's sign)
                f" {budget / cost:,.0f} req/s |"
            )
        lines.append(f"| {h:.2f} |" + cells)
    lines += [
        "",
        "| origin requests/s |"
        + "".join(f" {w}, h = {h:g} |" for w in workloads for h in HIT_RATIOS),
        "| --: |" + " --: |" * (len(workloads) * len(HIT_RATIOS)),
    ]
    for rate in ORIGIN_RATES:
        cells = ""
        for w in workloads:
            for h in HIT_RATIOS:
                cost = h * costs[w]["c_hit"] + (1 - h) * costs[w]["c_miss"]
                exact = rate * cost / budget
                cells += f" {max(FLOOR, math.ceil(exact))} ({exact:.2f}) |"
        lines.append(f"| {rate:,} |" + cells)
    return "\n".join(lines)

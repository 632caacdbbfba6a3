# SPDX-License-Identifier: MIT
"""Timing, machine description and table helpers shared by the benchmarks."""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def clock(fn: Callable[[], Any], *, budget: float = 0.2, repeats: int = 5) -> float:
    """
    Seconds per call of *fn*: the best of *repeats* rounds, each looping
    enough calls to fill about *budget* / *repeats* seconds (at least one).
    Calls slower than the budget run ``min(repeats, 3)`` times in all, and
    calls slower than a second only once.
    """
    gc.collect()
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    if first > 1.0:  # a slow baseline (a scan at 10**6): one call says enough
        return first
    if first > budget:
        best = first
        for _ in range(min(repeats, 3) - 1):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        return best
    per_round = budget / repeats
    loops = max(1, int(per_round / max(first, 1e-7)))
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(loops):
            fn()
        best = min(best, (time.perf_counter() - t0) / loops)
    return best


def once(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by one call of *fn*, and its result."""
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def cpu_model() -> str:
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    versions = {}
    for mod in ("attrs", "cattrs", "pydantic", "msgspec", "pandas", "numpy"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:  # noqa: BLE001
            versions[mod] = "missing"
    try:
        load = "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg())
    except (OSError, AttributeError):
        load = "n/a"
    return {
        "CPU": f"{cpu_model()} ({platform.machine()})",
        "Cores": str(os.cpu_count()),
        # other work on the machine when the run started (1, 5, 15 minutes):
        # near the core count or above, compare ratios only
        "Load average": load,
        "Memory": mem,
        "Python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "OS": f"{platform.system()} {platform.release()} ({_os_name()})",
        "Date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "Libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
    }


def _os_name() -> str:
    try:
        with Path("/etc/os-release").open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def fmt_time(s: float | None) -> str:
    """A duration with a sensible unit."""
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return "n/a"
    if s < 1e-3:
        return f"{s * 1e6:.1f} µs"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.2f} s"


def fmt_ratio(x: float | None) -> str:
    if x is None or math.isnan(x):
        return "n/a"
    return f"{x:.2f}x" if x < 100 else f"{x:.0f}x"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table (also readable as plain text)."""
    cells = [[str(c) for c in headers], *[[str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def fit_slope(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares line ``y = a + b x``; returns ``(b, r²)``."""
    n = len(xs)
    if n < 2:
        return math.nan, math.nan
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0:
        return math.nan, math.nan
    b = sxy / sxx
    r2 = (sxy * sxy) / (sxx * syy) if syy else 1.0
    return b, r2

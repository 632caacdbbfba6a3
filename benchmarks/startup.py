# SPDX-License-Identifier: MIT
"""Sections 1 and 2: import time and cold first query, in fresh processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from ._util import fmt_ratio, fmt_time, median

IMPORT_KZ = "import kzreforms"
IMPORT_ATTRS = "import attrs"
COLD_KZ = "import kzreforms; kzreforms.reforms().since('2020')"


def data_dir() -> Path:
    import kzreforms

    return Path(kzreforms.__file__).parent / "data"


def data_files() -> list[Path]:
    """The packaged data as the library reads it: the bundle and its digest."""
    return [data_dir() / "bundle.json", data_dir() / "bundle.sha256"]


def cold_baseline_code() -> str:
    """``import attrs, cattrs`` and read the bytes of the packaged data the library reads."""
    paths = [str(p) for p in data_files()]
    return (
        "import attrs, cattrs\n"
        "from pathlib import Path\n"
        f"n = sum(len(Path(p).read_bytes()) for p in {paths!r})\n"
    )


# Measure what users get: bytecode cached (a development shell may set
# PYTHONDONTWRITEBYTECODE, which would recompile every module in every run).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(code: str) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False, env=_ENV)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(err[-1] if err else f"exit {proc.returncode}")
    return dt


def interleaved(a: str, b: str, runs: int) -> dict[str, Any]:
    """Wall times of ``python -c a`` and ``python -c b``, alternating, after a warm-up each."""
    _run(a)
    _run(b)
    ta: list[float] = []
    tb: list[float] = []
    for i in range(runs):
        # alternate which goes first, so drift hits both alike
        if i % 2 == 0:
            ta.append(_run(a))
            tb.append(_run(b))
        else:
            tb.append(_run(b))
            ta.append(_run(a))
    ratios = [x / y for x, y in zip(ta, tb, strict=True)]
    return {"a": median(ta), "b": median(tb), "ratio": median(ratios), "runs": runs}


def packaged_ok() -> str | None:
    """``None`` if the packaged data loads in a fresh process, else the error line."""
    try:
        _run(COLD_KZ)
    except RuntimeError as e:
        return str(e)
    return None


def run(quick: bool, log: Any = print) -> dict[str, Any]:
    runs = 2 if quick else 31
    out: dict[str, Any] = {}
    log(f"[1] import time: {runs} interleaved fresh processes each ...")
    imp = interleaved(IMPORT_KZ, IMPORT_ATTRS, runs)
    out["import"] = imp
    log(
        f"    kzreforms {fmt_time(imp['a'])}  attrs {fmt_time(imp['b'])}  "
        f"ratio {fmt_ratio(imp['ratio'])}"
    )

    log("[2] cold first query ...")
    err = packaged_ok()
    tries = 0 if quick else 3
    while err is not None and tries > 0:
        log(f"    packaged data does not load ({err}); retrying in 20 s")
        time.sleep(20)
        tries -= 1
        err = packaged_ok()
    if err is not None:
        out["cold"] = {"error": err}
        log(f"    skipped: packaged data does not load: {err}")
        return out
    cold = interleaved(COLD_KZ, cold_baseline_code(), runs)
    files = data_files()
    cold["files"] = len(files)
    cold["bytes"] = sum(p.stat().st_size for p in files)
    out["cold"] = cold
    log(
        f"    kzreforms {fmt_time(cold['a'])}  attrs+cattrs+read {fmt_time(cold['b'])}  "
        f"ratio {fmt_ratio(cold['ratio'])}  ({cold['files']} files, {cold['bytes']} bytes)"
    )
    return out

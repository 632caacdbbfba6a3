# SPDX-License-Identifier: MIT
"""
Sections 1 and 2: import time, cold first query, cold CLI command, growth of
the cold query with the data (tenfold) and peak memory, in fresh processes.

Every fresh process is started with ``posix_spawn`` (output to
``/dev/null``) and reports its own peak resident set size (``VmHWM``) on
exit.  Baselines run in the same loop, interleaved, and ratios are medians of
per-pair ratios.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ._util import fmt_ratio, fmt_time, median

IMPORT_KZ = "import kzreforms"
IMPORT_ATTRS = "import attrs"
TOPIC = "trafficking"
SINCE = "2020"
COLD_KZ = f"import kzreforms; kzreforms.reforms().topic({TOPIC!r}).since({SINCE!r})"
# Every record read (built), cold: not a target of issue #14, measured beside
# the growth of the first query so that building records on demand does not
# hide what reading them all costs.
COLD_ALL = "import kzreforms; list(kzreforms.reforms())"
CLI_ARGS = ["list", "--topic", TOPIC, "--format", "json"]
COLD_CLI = (
    "from kzreforms._cli import main\n"
    f"status = main({CLI_ARGS!r})\n"
    "if status:\n"
    "    raise SystemExit(status)\n"
)
# Appended to every timed process: its own peak resident set size (VmHWM),
# written to stderr.  Not `wait4`'s ru_maxrss: after posix_spawn (vfork) or
# fork, Linux carries the parent's peak into the child's.
_PEAK = (
    "\nimport os as _os\n"
    "try:\n"
    "    with open('/proc/self/status', 'rb') as _f:\n"
    "        _os.write(2, b''.join(l for l in _f if l.startswith(b'VmHWM')))\n"
    "except OSError:\n"
    "    pass\n"
)
GROWTH = 10


def data_dir() -> Path:
    import kzreforms

    return Path(kzreforms.__file__).parent / "data"


def data_files() -> list[Path]:
    """The packaged data as the library reads it: the bundle, its index and their digests."""
    from kzreforms._store import BUNDLE, BUNDLE_DIGEST, INDEX

    return [data_dir() / BUNDLE, data_dir() / INDEX, data_dir() / BUNDLE_DIGEST]


def _read_code(paths: list[Path]) -> str:
    return (
        "from pathlib import Path\n"
        f"n = sum(len(Path(p).read_bytes()) for p in {[str(p) for p in paths]!r})\n"
    )


def cold_baseline_code() -> str:
    """``import attrs, cattrs`` and read the bytes of the packaged data the library reads."""
    return "import attrs, cattrs\n" + _read_code(data_files())


def cli_baseline_code() -> str:
    """``import attrs, cattrs, argparse, json`` and read the packaged data's bytes."""
    return "import attrs, cattrs, argparse, json\n" + _read_code(data_files())


# Measure what users get: bytecode cached (a development shell may set
# PYTHONDONTWRITEBYTECODE, which would recompile every module in every run).
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _env(pythonpath: str | None) -> dict[str, str]:
    if pythonpath is None:
        return _ENV
    return {**_ENV, "PYTHONPATH": pythonpath}


def _run(code: str, pythonpath: str | None = None) -> tuple[float, int | None]:
    """Wall seconds of ``python -c code`` and its peak RSS in bytes (``None`` if unknown)."""
    env = _env(pythonpath)
    argv = [sys.executable, "-c", code + _PEAK]
    if not hasattr(os, "posix_spawn"):  # pragma: no cover
        t0 = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, check=False, env=env)
        dt = time.perf_counter() - t0
        _check(proc.returncode, proc.stderr)
        return dt, None
    with tempfile.TemporaryFile() as err:
        actions = [
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ]
        t0 = time.perf_counter()
        pid = os.posix_spawn(sys.executable, argv, env, file_actions=actions)
        _, status = os.waitpid(pid, 0)
        dt = time.perf_counter() - t0
        err.seek(0)
        text = err.read()
    _check(os.waitstatus_to_exitcode(status), text)
    for line in text.splitlines():
        if line.startswith(b"VmHWM:"):
            return dt, int(line.split()[1]) * 1024  # kB
    return dt, None


def _check(code: int, stderr: bytes) -> None:
    if code != 0:
        err = stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(err[-1] if err else f"exit {code}")


def interleaved(
    a: str, b: str, runs: int, *, path_a: str | None = None, path_b: str | None = None
) -> dict[str, Any]:
    """
    Wall times (and peak RSS) of ``python -c a`` and ``python -c b``,
    alternating, after a warm-up each.
    """
    _run(a, path_a)
    _run(b, path_b)
    ta: list[float] = []
    tb: list[float] = []
    ma: list[int] = []
    mb: list[int] = []
    for i in range(runs):
        # alternate which goes first, so drift hits both alike
        first, second = ((a, path_a, ta, ma), (b, path_b, tb, mb))[:: 1 if i % 2 == 0 else -1]
        for code, path, times, mems in (first, second):
            t, m = _run(code, path)
            times.append(t)
            if m is not None:
                mems.append(m)
    ratios = [x / y for x, y in zip(ta, tb, strict=True)]
    out: dict[str, Any] = {"a": median(ta), "b": median(tb), "ratio": median(ratios), "runs": runs}
    if ma and mb:
        out["rss_a"] = median(ma)
        out["rss_b"] = median(mb)
        out["rss_ratio"] = median([x / y for x, y in zip(ma, mb, strict=True)])
    return out


def packaged_ok() -> str | None:
    """``None`` if the packaged data loads in a fresh process, else the error line."""
    try:
        _run(COLD_KZ)
    except RuntimeError as e:
        return str(e)
    return None


# ---------------------------------------------------------------------------
# Growth: the packaged data multiplied tenfold
# ---------------------------------------------------------------------------


def grown_bundle(doc: dict[str, Any], factor: int) -> dict[str, Any]:
    """
    *doc* (a bundle) with every reform repeated *factor* times: copy ``k``
    of reform ``x`` is ``x`` with id ``x-copy<k>``, related to the copies
    ``k`` of its related reforms, same shape, same citations.  (The copies
    are not a valid dataset as a whole: the article chains of their penalty
    changes repeat.  The packaged path trusts the bundle's digest and does not
    check them, so the cost measured is the one of the same records, tenfold.)
    """
    reforms = list(doc["reforms"])
    for k in range(1, factor):
        for r in doc["reforms"]:
            copy = {**r, "id": f"{r['id']}-copy{k}"}
            if "related" in r:
                copy["related"] = [f"{x}-copy{k}" for x in r["related"]]
            reforms.append(copy)
    return {**doc, "reforms": reforms}


def _package_copy(root: Path, name: str, doc: dict[str, Any]) -> tuple[str, int]:
    """
    A copy of the kzreforms package under *root*/*name* whose bundle holds
    *doc*, with its index and digests written as ``tools/data.py bundle``
    writes them (``_store.bundle_files``; the records are built unchecked):
    its path for ``PYTHONPATH`` and the size of its bundle.
    """
    from types import MappingProxyType

    from kzreforms._codec import structure_trusted
    from kzreforms._model import Reform, Source
    from kzreforms._store import BUNDLE, BUNDLE_DIGEST, INDEX, Dataset, bundle_files, digest_text

    reforms = tuple(structure_trusted(r, Reform) for r in doc["reforms"])
    sources = {x["id"]: structure_trusted(x, Source) for x in doc["sources"]}
    ds = Dataset(reforms, MappingProxyType({r.id: r for r in reforms}), MappingProxyType(sources))
    bundle, index = bundle_files(ds)
    src = data_dir().parent
    dest = root / name / "kzreforms"
    shutil.copytree(
        src,
        dest,
        ignore=shutil.ignore_patterns("__pycache__", "reforms", "sources", "bundle*"),
    )
    (dest / "data" / BUNDLE).write_bytes(bundle)
    (dest / "data" / INDEX).write_bytes(index)
    (dest / "data" / BUNDLE_DIGEST).write_text(digest_text(bundle, index), encoding="ascii")
    return str(root / name), len(bundle)


def _pydantic_validator(reforms: list[Any], log: Any) -> Any:
    """A no-argument call of pydantic v2 validating *reforms* from JSON, or ``None``."""
    from .load import pydantic_loader

    try:
        validate = pydantic_loader()
    except Exception as e:  # noqa: BLE001 - optional, reported
        log(f"    pydantic: cannot build the models ({e})")
        return None
    if validate is None:
        return None
    data = json.dumps(reforms, ensure_ascii=False).encode()
    try:
        validate(data)
    except Exception as e:  # noqa: BLE001 - the model may lag the record shape
        log(f"    pydantic does not accept the packaged records: {str(e)[:200]}")
        return None
    return lambda: validate(data)


def growth(runs: int, log: Any) -> dict[str, Any]:
    """
    The cold first query on the packaged bundle (1x), on the bundle with every
    reform repeated :data:`GROWTH` times, and on an empty bundle (the fixed
    cost: interpreter, imports, digest), each from its own copy of the
    package, interleaved.
    """
    doc = json.loads((data_dir() / "bundle.json").read_bytes())
    big = grown_bundle(doc, GROWTH)
    empty = {**doc, "sources": [], "reforms": []}
    with tempfile.TemporaryDirectory(prefix="kzreforms-growth-") as tmp:
        root = Path(tmp)
        copies = {
            "empty": _package_copy(root, "empty", empty),
            "1x": _package_copy(root, "x1", doc),
            f"{GROWTH}x": _package_copy(root, "x10", big),
        }
        paths = {k: path for k, (path, _) in copies.items()}
        times: dict[str, list[float]] = {k: [] for k in paths}
        every: dict[str, list[float]] = {k: [] for k in paths}
        for p in paths.values():  # warm-up: bytecode cached in each copy
            _run(COLD_KZ, p)
        # pydantic in this process, once per round: under the same load as the
        # fresh processes it is compared with
        pydantic = _pydantic_validator(big["reforms"], log)
        pyd: list[float] = []
        order = list(paths)
        for i in range(runs):
            for k in order if i % 2 == 0 else order[::-1]:
                times[k].append(_run(COLD_KZ, paths[k])[0])
                every[k].append(_run(COLD_ALL, paths[k])[0])
            if pydantic is not None:
                t0 = time.perf_counter()
                pydantic()
                pyd.append(time.perf_counter() - t0)
    # The least time of each case: on a shared machine the spread comes from
    # other work, which only ever adds time (medians of runs taken minutes
    # apart drifted past each other, the empty bundle above the full one).
    t = {k: min(v) for k, v in times.items()}
    t_all = {k: min(v) for k, v in every.items()}
    fixed = t["empty"]
    n1 = len(doc["reforms"])
    n10 = len(big["reforms"])
    # the variable parts from those (a per-run ratio divides by a small,
    # noisy difference)
    var1 = t["1x"] - fixed
    var10 = t[f"{GROWTH}x"] - fixed
    out: dict[str, Any] = {
        "runs": runs,
        "n1": n1,
        "n10": n10,
        "fixed": fixed,
        "t1": t["1x"],
        "t10": t[f"{GROWTH}x"],
        "growth": var10 / var1 if var1 > 0 else math.nan,
        "per_record": (t[f"{GROWTH}x"] - t["1x"]) / (n10 - n1),
        "all_t1": t_all["1x"],
        "all_t10": t_all[f"{GROWTH}x"],
        "all_per_record": (t_all[f"{GROWTH}x"] - t_all["1x"]) / (n10 - n1),
        "bytes1": copies["1x"][1],
        "bytes10": copies[f"{GROWTH}x"][1],
    }
    out["pydantic_per_record"] = min(pyd) / n10 if pyd else None
    return out


# ---------------------------------------------------------------------------
# Where the cold time goes
# ---------------------------------------------------------------------------

_PROFILE = """
import cProfile, io, pstats
prof = cProfile.Profile()
prof.enable()
{code}
prof.disable()
buf = io.StringIO()
stats = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats({key!r})
stats.print_stats({limit})
print(buf.getvalue())
"""


def cold_profile(code: str = COLD_KZ, limit: int = 15, key: str = "tottime") -> str:
    """cProfile of *code* in a fresh process (bytecode cached): the top functions."""
    argv = [
        sys.executable,
        "-c",
        _PROFILE.format(code=code.replace("; ", "\n"), key=key, limit=limit),
    ]
    _run(code)  # bytecode cached first
    out = subprocess.run(argv, capture_output=True, text=True, check=True, env=_ENV).stdout
    lines = [ln for ln in out.splitlines() if ln.strip()]
    head = next((ln.strip() for ln in lines if "function calls" in ln), "")
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return "\n".join([head, *lines[start:]])


# ---------------------------------------------------------------------------


def run(quick: bool, log: Any = print, runs: int | None = None) -> dict[str, Any]:
    runs = runs or (2 if quick else 31)
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
    if "rss_ratio" in cold:
        log(
            f"    peak RSS kzreforms {cold['rss_a'] / 2**20:.1f} MiB  baseline "
            f"{cold['rss_b'] / 2**20:.1f} MiB  ratio {fmt_ratio(cold['rss_ratio'])}"
        )

    log("[2b] cold CLI command ...")
    cli = interleaved(COLD_CLI, cli_baseline_code(), runs)
    out["cli"] = cli
    log(
        f"    kzreforms {' '.join(CLI_ARGS)} {fmt_time(cli['a'])}  "
        f"attrs+cattrs+argparse+json+read {fmt_time(cli['b'])}  ratio {fmt_ratio(cli['ratio'])}"
    )

    log(f"[2c] growth: the packaged reforms x{GROWTH}, cold first query ...")
    try:
        g = growth(2 if quick else max(3, runs // 2), log)
    except Exception as e:  # noqa: BLE001 - reported, the rest of the suite goes on
        out["growth"] = {"error": f"{type(e).__name__}: {str(e)[:300]}"}
        log(f"    skipped: {out['growth']['error']}")
        return out
    out["growth"] = g
    try:
        out["profile"] = cold_profile()
    except subprocess.CalledProcessError as e:  # pragma: no cover - reported, not fatal
        out["profile"] = f"profile failed: {e.stderr[-300:]}"
    log(
        f"    empty {fmt_time(g['fixed'])}  1x {fmt_time(g['t1'])}  {GROWTH}x {fmt_time(g['t10'])}"
        f"  variable part grew {g['growth']:.2f}x;  {g['per_record'] * 1e6:.1f} µs per reform"
        + (
            f" (pydantic {g['pydantic_per_record'] * 1e6:.1f} µs)"
            if g["pydantic_per_record"]
            else ""
        )
    )
    return out

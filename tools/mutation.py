# SPDX-License-Identifier: MIT
"""
Mutation testing with mutmut 3: how much of the library's logic the fast tests pin down.

    python tools/mutation.py                      # _dates, _model, _convert (the default)
    python tools/mutation.py --files dates model  # only these modules
    python tools/mutation.py --files query        # _collection, _index, _penalties (slow)
    python tools/mutation.py --budget 40          # stop after 40 minutes and report what ran
    python tools/mutation.py --resume             # keep earlier results, re-test the survivors
    python tools/mutation.py --report             # only print the last results

The run happens in a scratch copy of the project (``build/mutation/<modules>/``,
ignored by git), so the working tree is never touched.  The copy's ``pyproject.toml``
gets the ``[tool.mutmut]`` table built here (the same text as the table in the
project's own ``pyproject.toml``, with ``only_mutate`` narrowed by
``--files``).  Tests run under the ``ci`` Hypothesis profile (derandomized, so
a mutant's verdict is reproducible).

Needs ``pip install mutmut`` (version 3) in the running interpreter; POSIX only
(mutmut forks).  The score is ``killed / (killed + survived + no tests +
timeouts and other verdicts)``: a mutant that no test runs counts against it.
See docs/reliability.md for the last recorded score and the survivors' analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"  # one scratch copy per set of modules, below this
MODULES = ("dates", "model", "convert", "query")
DEFAULT = ("dates", "model", "convert")
# The query layer is three modules since the layer split (docs/architecture.md).
PARTS = {"query": ("collection", "index", "penalties")}
# The fast part of the suite; tests/test_mutation_killers.py holds tests
# written to kill mutants that survived the rest.
TESTS = (
    "tests/test_dates.py",
    "tests/test_model.py",
    "tests/test_convert.py",
    "tests/test_topics.py",
    "tests/test_mutation_killers.py",
)
# tests/test_layers.py is left out: it reads the modules' source, and mutmut's
# trampolines (renamed copies of every function) fail it before any mutant runs.
# The query layer is exercised by more than test_query.py since the split:
# collection methods added later (status, disputed facts, exports, citations,
# the hand-written index records) are tested in their own files, and a mutant
# only those files reach would otherwise count as "no tests".
QUERY_TESTS = (
    "tests/test_query.py",
    "tests/test_query_tripups.py",
    "tests/test_history.py",
    "tests/test_status.py",
    "tests/test_facts.py",
    "tests/test_export.py",
    "tests/test_tables.py",
    "tests/test_cite.py",
    "tests/test_citations.py",
    "tests/test_immutability.py",
    "tests/test_cold_start.py",
    "tests/test_display.py",
    "tests/test_publish.py",
    "tests/test_hostile_loading.py",
    "tests/test_mutation_killers_query.py",
)
# mutmut runs each test several times in one process (stats, clean run,
# mutants), which Hypothesis's differing_executors health check refuses; the
# ci profile is otherwise kept as it is.
CONFTEST_TAIL = """

# -- appended by tools/mutation.py (scratch copy only) --
_ci = settings.get_profile("ci")
settings.register_profile(
    "mutation",
    parent=_ci,
    suppress_health_check=[*_ci.suppress_health_check, HealthCheck.differing_executors],
)
settings.load_profile("mutation")
"""
# Tests that cannot run on mutmut's rewritten sources: which modules a fresh
# interpreter loads, what the CLI imports (mutmut imports more).  Like test_layers.py,
# they check the code's shape, not its logic.
DESELECT = (
    "--deselect",
    "tests/test_cold_start.py::TestColdPath",
    "--deselect",
    "tests/test_cold_start.py::TestLazyParser::test_version_made_when_asked",
)
PYTEST_ARGS = ["-p", "no:cacheprovider", "-m", "not slow", *DESELECT]
# Files and folders the tests read besides src/ and tests/ (tools/data.py,
# docs/exports.md, CITATION.cff...): copied into the scratch copy and by mutmut.
ALSO_COPY = ("tools", "docs", "benchmarks", "README.md", "CHANGELOG.md", "CITATION.cff")
TABLE = re.compile(r"^\[tool\.mutmut\][^\[]*", re.MULTILINE)


def mutmut_table(modules: tuple[str, ...]) -> str:
    """The ``[tool.mutmut]`` table for *modules*."""
    files = [f"src/kzreforms/_{f}.py" for m in modules for f in PARTS.get(m, (m,))]
    tests = [t for t in TESTS if (ROOT / t).exists()]
    if "query" in modules:
        tests += QUERY_TESTS
    return (
        "[tool.mutmut]\n"
        "# Run through `python tools/mutation.py` (see docs/reliability.md).\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {json.dumps(files)}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        f"pytest_add_cli_args = {json.dumps(PYTEST_ARGS)}\n"
        # what the selected tests read besides src/ and tests/ (mutmut runs them in mutants/)
        f"also_copy = {json.dumps(list(ALSO_COPY))}\n"
        # mutmut stops a mutant's tests after (estimate + constant) * multiplier * 2
        # seconds of CPU time (not wall time: the verdict does not depend on the
        # machine's load).  Its default multiplier of 15 lets a looping mutant
        # burn 30x the tests' time, which made timeouts most of a query-layer
        # run; 2 (4x) still leaves no doubt that a mutant which hits it does not
        # behave like the original (the unmutated tests never come near it).
        "timeout_multiplier = 2.0\n"
    )


def prepare(modules: tuple[str, ...], *, fresh: bool) -> None:
    """Copy the project into WORK (keeping earlier results unless *fresh*)."""
    if fresh and WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests", *ALSO_COPY):
        dest = WORK / name
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest)
            continue
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(
            ROOT / name,
            dest,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "_build"),
        )
    with (WORK / "tests" / "conftest.py").open("a", encoding="utf-8") as f:
        f.write(CONFTEST_TAIL)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = TABLE.sub("", text).rstrip() + "\n\n" + mutmut_table(modules)
    (WORK / "pyproject.toml").write_text(text, encoding="utf-8")
    # mutmut copies tests/ into mutants/ on every run, not the sources.  On
    # --resume, modules that are not mutated are refreshed from the tree; if
    # a mutated module changed, its mutants are stale: start afresh.
    if not fresh and (WORK / "mutants" / "src").exists():
        mutated = {f"_{m}.py" for m in modules}
        for py in (ROOT / "src").rglob("*.py"):
            copy = WORK / "mutants" / py.relative_to(ROOT)
            if copy.exists() and copy.stat().st_mtime >= py.stat().st_mtime:
                continue
            if py.name in mutated and copy.exists():
                shutil.rmtree(WORK / "mutants")
                print(f"{py.name} changed since the last run: starting afresh")
                break
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(py, copy)


def run_mutmut(*args: str, budget_s: float | None = None) -> int:
    """Run ``mutmut *args`` in WORK; stop it (and its workers) after *budget_s*."""
    env = {**os.environ, "KZREFORMS_HYPOTHESIS_PROFILE": "ci", "PY_IGNORE_IMPORTMISMATCH": "1"}
    cmd = [sys.executable, "-m", "mutmut", *args]
    print("+", " ".join(cmd[:6]), "..." if len(cmd) > 6 else "", flush=True)  # noqa: PLR2004
    proc = subprocess.Popen(cmd, cwd=WORK, env=env, start_new_session=True)
    try:
        return proc.wait(timeout=budget_s)
    except subprocess.TimeoutExpired:
        print(f"time budget of {budget_s:.0f} s used up: stopping mutmut", flush=True)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            return proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            return proc.wait()


def results() -> dict[str, str]:
    """Mutant name -> status, from the last run."""
    env = {**os.environ, "KZREFORMS_HYPOTHESIS_PROFILE": "ci"}
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=WORK,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("kzreforms."):
            found[name] = status
    return found


def report(found: dict[str, str], target: float) -> int:
    """Print the score per module and the survivors; 1 when under *target* percent."""
    if not found:
        print("no mutation results yet: run `python tools/mutation.py` first")
        return 1
    per: dict[str, dict[str, int]] = {}
    for name, status in found.items():
        module = name.split(".x_")[0].split(".")[1]
        per.setdefault(module, {}).setdefault(status, 0)
        per[module][status] += 1
    # Two scores.  "detected" is mutmut's own (killed + timeout) / tested: a
    # timeout is a mutant that used 10x the tests' CPU time (see
    # mutmut_table), so it does not behave like the original.  "killed"
    # counts only mutants a test failed on; both count a mutant that no test
    # reaches ("no tests") against the suite.
    total_killed = total_detected = total_tested = 0
    for module, counts in sorted(per.items()):
        tested = sum(n for s, n in counts.items() if s not in ("not checked", "skipped"))
        killed = counts.get("killed", 0)
        detected = killed + counts.get("timeout", 0)
        total_killed += killed
        total_detected += detected
        total_tested += tested
        score = 100 * detected / tested if tested else 0.0
        strict = 100 * killed / tested if tested else 0.0
        detail = ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
        print(f"{module:10} {score:5.1f} % detected, {strict:5.1f} % killed ({detail})")
    score = 100 * total_detected / total_tested if total_tested else 0.0
    strict = 100 * total_killed / total_tested if total_tested else 0.0
    print(
        f"{'total':10} {score:5.1f} % detected, {strict:5.1f} % killed"
        f" ({total_detected} detected, {total_killed} killed, of {total_tested} tested)"
    )
    left = sorted(
        n for n, s in found.items() if s not in ("killed", "timeout", "not checked", "skipped")
    )
    if left:
        print(f"\nnot killed (inspect with: cd {WORK} && python -m mutmut show NAME):")
        for name in left:
            print(f"  {name}: {found[name]}")
    return 0 if score >= target else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--files", nargs="+", choices=MODULES, default=list(DEFAULT))
    p.add_argument("--budget", type=float, default=40.0, help="minutes (default 40)")
    p.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    p.add_argument("--resume", action="store_true", help="keep results, re-test survivors")
    p.add_argument("--report", action="store_true", help="only report the last results")
    p.add_argument("--target", type=float, default=90.0, help="percent to reach (default 90)")
    args = p.parse_args(argv)
    global WORK  # noqa: PLW0603 - set once, from the arguments
    WORK = WORK / "-".join(m for m in MODULES if m in args.files)
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print("mutmut is not installed: pip install 'mutmut>=3'", file=sys.stderr)
        return 2
    if args.report:
        return report(results(), args.target)
    modules = tuple(m for m in MODULES if m in args.files)
    prepare(modules, fresh=not args.resume)
    names: list[str] = []
    if args.resume:
        names = [n for n, s in results().items() if s not in ("killed", "timeout")]
        if not names:
            print("nothing left to re-test")
            return report(results(), args.target)
    start = time.monotonic()
    code = run_mutmut(
        "run", "--max-children", str(args.max_children), *names, budget_s=args.budget * 60
    )
    print(f"mutmut exited with {code} after {time.monotonic() - start:.0f} s")
    return report(results(), args.target)


if __name__ == "__main__":
    sys.exit(main())

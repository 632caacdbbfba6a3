# SPDX-License-Identifier: MIT
"""
Developer tasks, with nothing but Python needed to start.

    python tools/dev.py test       # the fast suite with coverage (what CI runs first), in .venv
    python tools/dev.py slow       # the long runs: fuzzing, stress, benchmark smoke (CI too)
    python tools/dev.py demo       # the main job: the CLI at work on the packaged data
    python tools/dev.py lint       # ruff (lint + format check) and mypy --strict
    python tools/dev.py bundle     # the shipped data bundle is current (tools/data.py bundle)
    python tools/dev.py docs       # Sphinx html + doctest, warnings are errors
    python tools/dev.py notebook   # execute docs/example.ipynb (nbclient)
    python tools/dev.py wheel      # build the wheel, install it in an empty venv, use it
    python tools/dev.py pythons    # the tests on every CPython 3.10-3.13 found
    python tools/dev.py oldest     # the tests with the oldest allowed attrs/cattrs/dateutil
    python tools/dev.py audit      # pip-audit over the runtime dependencies
    python tools/dev.py changelog-data [OLD]   # CHANGELOG's Data section: the data diff since OLD
    python tools/dev.py release    # check version, CHANGELOG, id registry; reproducible dist/

Each task creates its virtual environment on first use (upgrading pip inside
it first: the machine's pip may be too old) and installs the project from its
own pyproject.toml.  Set KZREFORMS_VENV to use another environment folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("KZREFORMS_VENV", ROOT / ".venv"))
EXTRAS = "tests,tests-publish,lint,docs,hypothesis,pandas,pyarrow,plot"
# The other interpreters and the oldest dependencies: everything but the large
# publishing clients (tests marked `publish` run in the main environment only).
TEST_EXTRAS = "tests,hypothesis,pandas,pyarrow,plot"
OLDEST = ["attrs==24.1.0", "cattrs==24.1.0", "python-dateutil==2.8.2"]
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
QUICK = ["-q", "-p", "no:cacheprovider"]
# The default runs leave out the tests marked slow (pyproject: markers);
# `python tools/dev.py slow` runs exactly those.
NOT_SLOW = ["-m", "not slow"]
LEAN = ["-m", "not slow and not publish"]


def sh(*cmd: str | Path, env: dict[str, str] | None = None, cwd: Path = ROOT) -> None:
    """Run a command, echoing it; stop on failure."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    full = {**os.environ, **(env or {})}
    res = subprocess.run([str(c) for c in cmd], cwd=cwd, env=full, check=False)
    if res.returncode:
        sys.exit(res.returncode)


def bin_of(venv: Path, name: str) -> Path:
    sub = "Scripts" if os.name == "nt" else "bin"
    return venv / sub / name


def ensure_venv(venv: Path = VENV, python: str = sys.executable, extras: str = EXTRAS) -> Path:
    """Create *venv* if needed and install the project with *extras*; return its python."""
    py = bin_of(venv, "python")
    if not py.exists():
        sh(python, "-m", "venv", venv)
    sh(py, "-m", "pip", "install", "-q", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    sh(py, "-m", "pip", "install", "-q", "-e", target)
    return py


def pytest_args(py: Path, *extra: str) -> list[str | Path]:
    return [py, "-m", "pytest", *QUICK, *extra]


def parallel() -> list[str]:
    """pytest-xdist options: one worker per core, at most two (the CI machine has two)."""
    workers = min(os.cpu_count() or 1, 2)
    return ["-n", str(workers)] if workers > 1 else []


def test() -> None:
    """The README's test command: the suite but the slow tests, branch coverage gated at 95 %."""
    py = ensure_venv()
    env = {"KZREFORMS_HYPOTHESIS_PROFILE": os.environ.get("KZREFORMS_HYPOTHESIS_PROFILE", "ci")}
    sh(
        *pytest_args(
            py,
            *NOT_SLOW,
            *parallel(),
            "--cov=kzreforms",
            "--cov-branch",
            "--cov-report=term",
            "--cov-fail-under=95",
        ),
        env=env,
    )


def slow() -> None:
    """
    The long runs the test command leaves out (tests marked slow): fuzzing of
    every entry point and of the CLI, the thread stress test, the benchmark
    smoke run.  Hypothesis profile ``slow`` (200 examples per test) unless
    KZREFORMS_HYPOTHESIS_PROFILE says otherwise (``fuzz``: 1000).
    """
    py = ensure_venv()
    env = {"KZREFORMS_HYPOTHESIS_PROFILE": os.environ.get("KZREFORMS_HYPOTHESIS_PROFILE", "slow")}
    sh(*pytest_args(py, "-m", "slow", *parallel(), "--durations=10"), env=env)


def demo() -> None:
    """The main job: the CLI answering real questions from the packaged data."""
    py = ensure_venv(extras="")
    cli = [py, "-m", "kzreforms"]
    sh(*cli, "--version")
    sh(*cli, "list", "--topic", "child-protection", "--since", "2022")
    sh(*cli, "penalties", "--life")
    sh(*cli, "list", "--search", "trafficking", "--format", "markdown")
    sh(*cli, "show", "women-children-safety-law-2024")


def bundle() -> None:
    """
    Check that data/bundle.json is what the per-record files build (validated
    in full), and _codec_gen.py what the record classes generate.
    """
    py = ensure_venv()
    sh(py, "tools/data.py", "bundle", "--check")
    sh(py, "tools/data.py", "codec", "--check")


def lint() -> None:
    py = ensure_venv()
    sh(py, "-m", "ruff", "check", ".")
    sh(py, "-m", "ruff", "format", "--check", ".")
    sh(py, "-m", "mypy")


def docs() -> None:
    py = ensure_venv()
    out = ROOT / "docs" / "_build"
    sh(py, "-m", "sphinx", "-n", "-W", "--keep-going", "-b", "html", "docs", out / "html")
    sh(py, "-m", "sphinx", "-n", "-W", "--keep-going", "-b", "doctest", "docs", out / "doctest")


def notebook() -> None:
    """Execute docs/example.ipynb top to bottom in a fresh kernel (outputs not saved)."""
    py = ensure_venv()
    code = (
        "import nbformat, nbclient; "
        "nb = nbformat.read('docs/example.ipynb', as_version=4); "
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3').execute(); "
        "n = sum(c.cell_type == 'code' for c in nb.cells); "
        "print(f'docs/example.ipynb: {n} code cells executed')"
    )
    sh(py, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3")
    # Headless here; the notebook itself leaves the backend alone, so a real
    # Jupyter session shows the figure inline.
    sh(py, "-c", code, env={"MPLBACKEND": "Agg"})


def wheel() -> None:
    """Build the wheel, install it into an empty venv, import and use it there."""
    py = ensure_venv(extras="tests")
    sh(py, "-m", "pip", "install", "-q", "build")
    dist = Path(tempfile.mkdtemp(prefix="kzreforms-dist-"))
    sh(py, "-m", "build", "--wheel", "--outdir", dist)
    whl = next(dist.glob("kzreforms-*.whl"))
    venv = Path(tempfile.mkdtemp(prefix="kzreforms-wheel-")) / "venv"
    sh(sys.executable, "-m", "venv", venv)
    wpy = bin_of(venv, "python")
    sh(wpy, "-m", "pip", "install", "-q", "--upgrade", "pip")
    sh(wpy, "-m", "pip", "install", "-q", whl)
    here = Path(tempfile.mkdtemp(prefix="kzreforms-use-"))
    code = (
        "import kzreforms, sys; "
        "assert 'site-packages' in kzreforms.__file__, kzreforms.__file__; "
        "rs = kzreforms.reforms(); assert len(rs) > 50; "
        "print('wheel ok:', kzreforms.__version__, len(rs), 'reforms')"
    )
    sh(wpy, "-c", code, cwd=here)
    sh(bin_of(venv, "kzreforms"), "list", "--since", "2025", cwd=here)
    # The data and package tests again, against the installed wheel, src out of reach.
    sh(wpy, "-m", "pip", "install", "-q", f"{whl}[tests,hypothesis]")
    tests = here / "tests"
    shutil.copytree(ROOT / "tests", tests)
    shutil.copytree(ROOT / "tools", here / "tools")
    shutil.copytree(ROOT / "docs", here / "docs")
    sh(
        wpy,
        "-m",
        "pytest",
        *QUICK,
        *NOT_SLOW,
        "tests/test_package.py",
        "tests/test_data.py",
        "tests/test_model.py",
        env={"KZREFORMS_HYPOTHESIS_PROFILE": "ci"},
        cwd=here,
    )


def find_python(version: str) -> str | None:
    """A working interpreter for *version*: on PATH, or installed by pyenv."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted((root / "versions").glob(f"{version}.*/bin/python{version}"), reverse=True)
    candidates = [shutil.which(f"python{version}"), *(str(p) for p in found)]
    candidates += [f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    probe = "import sys; print('%d.%d' % sys.version_info[:2])"
    for exe in filter(None, candidates):
        if not Path(exe).exists():
            continue
        res = subprocess.run([exe, "-c", probe], capture_output=True, text=True, check=False)
        if res.returncode == 0 and res.stdout.strip() == version:
            return exe
    return None


def pythons() -> None:
    """
    Run the tests on every supported CPython the machine has; report absent ones.

    The tests marked slow or publish are left out (the main run has them).
    KZREFORMS_SKIP_PYTHONS (comma-separated versions) names interpreters
    another step covers: CI's main run is 3.11 and its oldest-dependencies
    run is the oldest CPython (see ``oldest``).
    """
    missing = []
    main = f"{sys.version_info.major}.{sys.version_info.minor}"
    skip = {v.strip() for v in os.environ.get("KZREFORMS_SKIP_PYTHONS", "").split(",")}
    if os.environ.get("KZREFORMS_SKIP_MAIN_PYTHON"):
        skip.add(main)
    for v in PYTHONS:
        if v in skip:
            print(f"== CPython {v}: covered by another step (KZREFORMS_SKIP_PYTHONS)", flush=True)
            continue
        exe = find_python(v)
        if exe is None:
            missing.append(v)
            print(f"!! CPython {v}: not found on this machine (not tested)", flush=True)
            continue
        venv = ROOT / ".venvs" / f"py{v}"
        py = ensure_venv(venv, exe, TEST_EXTRAS)
        sh(*pytest_args(py, *LEAN, *parallel()), env={"KZREFORMS_HYPOTHESIS_PROFILE": "quick"})
        print(f"== CPython {v}: passed", flush=True)
    if missing:
        print(f"CPython versions not found: {', '.join(missing)}", flush=True)
        if os.environ.get("KZREFORMS_REQUIRE_ALL_PYTHONS"):
            sys.exit(1)


def oldest() -> None:
    """
    The tests with the oldest versions pyproject allows, on the oldest
    supported CPython the machine has (the current one if none): the
    corner of the support matrix furthest from development.
    """
    exe = find_python(PYTHONS[0])
    if exe is None:
        print(f"!! CPython {PYTHONS[0]} not found: oldest dependencies on this one", flush=True)
        exe = sys.executable
    venv = ROOT / ".venvs" / "oldest"
    py = ensure_venv(venv, exe, TEST_EXTRAS)
    sh(py, "-m", "pip", "install", "-q", *OLDEST)
    sh(py, "-m", "pip", "list")
    sh(*pytest_args(py, *LEAN, *parallel()), env={"KZREFORMS_HYPOTHESIS_PROFILE": "quick"})


def audit() -> None:
    """pip-audit over the runtime dependencies: fail on any known vulnerability."""
    venv = ROOT / ".venvs" / "audit"
    py = ensure_venv(venv, sys.executable, "")
    sh(py, "-m", "pip", "install", "-q", "pip-audit")
    cmd = [str(bin_of(venv, "pip-audit")), "--progress-spinner", "off"]
    cmd += ["-r", str(ROOT / "tools" / "runtime-requirements.txt")]
    print("+", " ".join(cmd), flush=True)
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print(res.stdout, res.stderr, sep="\n", flush=True)
    if res.returncode == 0:
        return
    if "known vulnerabilit" in res.stdout + res.stderr:
        sys.exit(1)  # a real finding
    # Anything else is the service or the network, not our dependencies.
    print("!! pip-audit could not query the vulnerability service; no verdict", flush=True)


TASKS = {
    f.__name__: f
    for f in (test, slow, demo, lint, bundle, docs, notebook, wheel, pythons, oldest, audit)
}

# Tasks that take arguments (tools/release.py; docs/releases.md): run alone.
ARG_TASKS = {"changelog-data": "changelog_data", "release": "release"}

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ARG_TASKS:
        sys.path.insert(0, str(ROOT / "tools"))
        import release as _release

        sys.exit(getattr(_release, ARG_TASKS[sys.argv[1]])(sys.argv[2:]))
    names = sys.argv[1:] or ["test"]
    for n in names:
        if n not in TASKS:
            tasks = ", ".join([*TASKS, *ARG_TASKS])
            print(f"unknown task {n!r}; tasks: {tasks}", file=sys.stderr)
            sys.exit(2)
    for n in names:
        TASKS[n]()

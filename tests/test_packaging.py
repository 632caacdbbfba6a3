# SPDX-License-Identifier: MIT
"""
The distributions: the sdist and the wheel are built with ``python -m
build``; both carry the LICENSE, and the sdist holds everything its own
tests open, so ``pytest`` runs from an unpacked sdist.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LICENSE_LINE = "Copyright (c) 2026 kzreforms developers"

# Builds the sdist and the wheel (with pip fetching hatchling): a slow run.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel) built from a copy of the tree (so nothing is written into it)."""
    pytest.importorskip("build", reason="needs the 'build' package (the tests extra)")
    base = tmp_path_factory.mktemp("dist")
    src = base / "src-tree"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            ".venvs",
            "__pycache__",
            "*.pyc",
            ".*_cache",
            ".hypothesis",
            "dist",
            "build",
            "docs/_build",
            "mutants",
            "*.egg-info",
        ),
    )
    out = base / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(src)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    (sdist,) = out.glob("kzreforms-*.tar.gz")
    (wheel,) = out.glob("kzreforms-*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def unpacked(dist: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist, unpacked: the root of its tree."""
    sdist, _ = dist
    dest = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(sdist) as tf:
        if hasattr(tarfile, "data_filter"):
            tf.extractall(dest, filter="data")
        else:  # pragma: no cover - Python before 3.10.12 / 3.11.4
            tf.extractall(dest)  # noqa: S202 - our own freshly built archive
    (root,) = dest.iterdir()
    return root


def _sdist_names(sdist: Path) -> list[str]:
    with tarfile.open(sdist) as tf:
        return [m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name]


class TestLicense:
    def test_license_at_the_root(self) -> None:
        text = (ROOT / "LICENSE").read_text(encoding="utf-8")
        assert text.startswith("MIT License")
        assert LICENSE_LINE in text

    def test_in_the_sdist(self, dist: tuple[Path, Path]) -> None:
        sdist, _ = dist
        assert "LICENSE" in _sdist_names(sdist)

    def test_in_the_wheel(self, dist: tuple[Path, Path]) -> None:
        _, wheel = dist
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
            (lic,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
            assert LICENSE_LINE in zf.read(lic).decode("utf-8")
            (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
            metadata = zf.read(meta).decode("utf-8")
        assert "License-Expression: MIT" in metadata
        assert "License-File: LICENSE" in metadata


class TestSdist:
    def test_holds_what_the_tests_open(self, dist: tuple[Path, Path]) -> None:
        """Files the tests read outside tests/ and src/ are shipped; nothing missing is named."""
        sdist, _ = dist
        names = set(_sdist_names(sdist))
        for needed in (
            "tools/source_sections.json",
            "tools/coverage.py",
            "docs/coverage.md",
            "docs/sources.md",
            "docs/_static/timeline.png",
            "README.md",
            "CHANGELOG.md",
            "pyproject.toml",
            "benchmarks/gen.py",
            "tests/fixtures/data/reforms",
        ):
            assert any(n == needed or n.startswith(needed + "/") for n in names), needed
        assert not any(n.startswith("noxfile") for n in names)

    def test_tests_collect_in_the_unpacked_sdist(self, unpacked: Path) -> None:
        """``pytest --collect-only`` in the unpacked sdist: every module imports and collects."""
        root = unpacked
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        last = proc.stdout.strip().splitlines()[-1]
        assert re.match(r"\d+ tests collected in ", last), last

    def test_file_reading_tests_pass_in_the_unpacked_sdist(self, unpacked: Path) -> None:
        """The tests that open files outside tests/ pass there too."""
        root = unpacked
        env = {
            **os.environ,
            "PYTHONPATH": str(root / "src"),
            "KZREFORMS_HYPOTHESIS_PROFILE": "quick",
        }
        selected = [
            "tests/test_data.py::TestCoverage",
            "tests/test_layers.py",
        ]
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *selected],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=600,
        )
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

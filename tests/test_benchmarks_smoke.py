# SPDX-License-Identifier: MIT
"""The benchmark suite runs end to end in quick mode (no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_quick_suite_runs_and_writes_a_report(tmp_path: Path) -> None:
    out = tmp_path / "performance.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--quick",
            "--sizes",
            "120",
            "--load-size",
            "60",
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## Targets",
        "## 1. Import time",
        "## 2. Cold first query",
        "### 2b. Cold CLI command",
        "### 2c. Growth: the packaged reforms x10",
        "### 2d. Where the cold first query's time goes",
        "## 3. Warm queries",
        "## 4. Load throughput",
        "## 5. Memory per record",
    ):
        assert heading in text
    assert "Python" in text
    assert "generated n=120" in text


def test_generator_makes_valid_distinct_records() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.gen import make_reforms
    finally:
        sys.path.remove(str(ROOT))
    from kzreforms import ReformSet, dumps, loads

    recs = make_reforms(200)
    assert len({r.id for r in recs}) == 200
    rs = ReformSet(recs)
    assert len(rs) == 200
    assert loads(dumps(recs[0])) == recs[0]
    assert make_reforms(50) == recs[:50]

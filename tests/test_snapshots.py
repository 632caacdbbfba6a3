# SPDX-License-Identifier: MIT
"""
Computed output of the packaged data, compared with reviewed snapshots.

Each snapshot under ``tests/snapshots/`` is output the library computes (the
penalties table, the CLI's list, one record shown, one topic's timeline), so
that a change of the data or of the code that renders it shows up here as a
readable diff, to be reviewed and then accepted by regenerating the files:

    KZREFORMS_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py

(or ``python tools/data.py snapshot``, which runs exactly that).
"""

from __future__ import annotations

import difflib
import os
import runpy
import sys
from pathlib import Path

import pytest

import kzreforms

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE = os.environ.get("KZREFORMS_UPDATE_SNAPSHOTS") == "1"
SHOWN = "women-children-safety-law-2024"  # the record the README's demo shows
TOPIC = "death-penalty"


def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    """The stdout of ``python -m kzreforms ARGS`` on the packaged data, run in process."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(sys, "argv", ["kzreforms", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exc:
        runpy.run_module("kzreforms", run_name="__main__", alter_sys=False)
    out, err = capsys.readouterr()
    assert (exc.value.code, err) == (0, "")
    return out


def check(name: str, actual: str) -> None:
    """*actual* equals the snapshot *name*; on a difference, fail with a unified diff."""
    path = SNAPSHOTS / name
    actual = actual.replace("\r\n", "\n")  # CSV's CRLF: compare lines, not line ends
    if UPDATE:
        path.write_text(actual, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"tests/snapshots/{name} (reviewed)",
            f"{name} (computed now)",
            n=1,
        )
    )
    hint = "review the diff; if it is right, rerun with KZREFORMS_UPDATE_SNAPSHOTS=1\n"
    assert expected == actual, hint + diff[:8000]


class TestSnapshots:
    def test_penalties_csv(self) -> None:
        """The penalties table of the packaged data as CSV (every penalty change)."""
        check("penalties.csv", kzreforms.reforms().penalties().to_csv())

    def test_list_tsv(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`kzreforms list --format tsv`: every record's date, id, kind, title and topics."""
        check("list.tsv", cli(capsys, monkeypatch, "list", "--format", "tsv"))

    def test_show_one_record(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`kzreforms show` of one record, its sources resolved."""
        check(f"show-{SHOWN}.txt", cli(capsys, monkeypatch, "show", SHOWN))

    def test_timeline_of_one_topic(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`kzreforms timeline --topic death-penalty`: milestones in order, as TSV."""
        args = ("timeline", "--topic", TOPIC, "--format", "tsv")
        check(f"timeline-{TOPIC}.tsv", cli(capsys, monkeypatch, *args))

    def test_no_stale_snapshots(self) -> None:
        """Every file under tests/snapshots/ is one of the snapshots above."""
        known = {"penalties.csv", "list.tsv", f"show-{SHOWN}.txt", f"timeline-{TOPIC}.tsv"}
        assert known == {p.name for p in SNAPSHOTS.iterdir()}

    def test_difference_is_reported_as_a_diff(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A changed output fails with a unified diff naming the snapshot and the line."""
        (tmp_path / "x.txt").write_text("a\nb\nc\n", encoding="utf-8")
        monkeypatch.setattr(sys.modules[__name__], "SNAPSHOTS", tmp_path)
        monkeypatch.setattr(sys.modules[__name__], "UPDATE", False)
        diff = r"(?s)UPDATE_SNAPSHOTS=1.*x.txt \(reviewed\).*-b\n\s*\+B\n"
        with pytest.raises(AssertionError, match=diff):
            check("x.txt", "a\nB\nc\n")

# SPDX-License-Identifier: MIT
"""
What a new user trips over on the command line: blank values, ranges that
cannot match, timelines limited by date, discrepancies, penalty changes by
offence, several sources or bodies, search folding and ``validate``
reporting everything at once.  Run in-process through ``_cli.main``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import _cli
from kzreforms._convert import to_jsonable
from kzreforms._tables import columns
from kzreforms._text import fold

RS = kzreforms.reforms()
LAW_72 = "women-children-safety-law-2024"


def cli(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> tuple[str, str]:
    """Run ``kzreforms ARGS``; check the exit status; return (stdout, stderr)."""
    actual = _cli.main(list(args))
    out, err = capsys.readouterr()
    assert code == actual, (out, err)
    assert "Traceback" not in err
    return out, err


def ids(out: str) -> list[str]:
    return [r["id"] for r in json.loads(out)]


def _value_options() -> list[tuple[str, str]]:
    """Every (subcommand, option) that takes a value, read from the parser itself."""
    parser = _cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [
        (name, a.option_strings[0])
        for name, p in sub.choices.items()
        for a in p._actions
        if a.option_strings and a.nargs != 0
    ]


VALUE_OPTIONS = _value_options()
BLANKS = ["", "   ", "\t", ",", " , "]


class TestBlankValues:
    """An empty or blank value is a usage error naming the option, never "no filter"."""

    def test_options_found(self) -> None:
        """The walk sees the options the issue names, on several subcommands."""
        for expected in [
            ("list", "--topic"),
            ("list", "--since"),
            ("list", "--search"),
            ("list", "--body"),
            ("list", "--cites"),
            ("timeline", "--stage"),
            ("penalties", "--liability"),
            ("penalties", "--offence"),
            ("export", "--output"),
            ("sources", "--cited-by"),
            ("discrepancies", "--during"),
        ]:
            assert expected in VALUE_OPTIONS

    @pytest.mark.parametrize(("command", "option"), VALUE_OPTIONS)
    def test_empty_value(
        self, capsys: pytest.CaptureFixture[str], command: str, option: str
    ) -> None:
        """``kzreforms list --topic ""`` exits 2 naming --topic (it printed all 101)."""
        _, err = cli(capsys, command, option, "", code=2)
        assert f"argument {option}" in err
        assert "expected a" in err

    @pytest.mark.parametrize("blank", BLANKS)
    @pytest.mark.parametrize("option", ["--topic", "--since", "--body", "--cites", "--search"])
    def test_blank_value(self, capsys: pytest.CaptureFixture[str], option: str, blank: str) -> None:
        """Whitespace or bare commas are blank too."""
        _, err = cli(capsys, "list", option, blank, code=2)
        assert f"argument {option}" in err

    @pytest.mark.parametrize(
        "args", [["show", ""], ["cite", ""], ["validate", "  "], ["--data", "", "list"]]
    )
    def test_blank_argument(self, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
        """Positional arguments and the global --data too."""
        cli(capsys, *args, code=2)

    def test_values_still_work(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Real values pass through unchanged."""
        out, _ = cli(capsys, "list", "--topic", "constitution", "--format", "json")
        assert RS.topic("constitution").ids() == tuple(ids(out))


RANGES_EMPTY = [
    ["--during", "2024", "--until", "2023"],
    ["--since", "2025", "--until", "2024"],
    ["--since", "2025", "--during", "2024"],
    ["--since", "2024-06", "--until", "2024-03"],
    ["--during", "2024-05", "--since", "2024-06-01"],
    ["--during", "2023", "--since", "2022", "--until", "2022-12-31"],
]


class TestRanges:
    """Any --since/--until/--during combination with an empty intersection is exit 2."""

    @pytest.mark.parametrize("command", ["list", "timeline", "penalties", "discrepancies"])
    @pytest.mark.parametrize("dates", RANGES_EMPTY)
    def test_empty_intersection(
        self, capsys: pytest.CaptureFixture[str], command: str, dates: list[str]
    ) -> None:
        """``list --during 2024 --until 2023`` is an error (it was silently empty)."""
        _, err = cli(capsys, command, *dates, code=2)
        assert "no date can match" in err
        flags = {d for d in dates if d.startswith("--")}
        assert sum(f in err for f in flags) >= 2

    @given(st.integers(2015, 2026), st.integers(2015, 2026))
    def test_since_during_is_intersection(self, a: int, b: int) -> None:
        """When the options overlap, the result is the intersection of both filters."""
        args = ["list", "--since", str(a), "--during", str(b), "--format", "json"]
        buf = io.StringIO()
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(_cli, "_out", lambda: buf)
            mp.setattr("sys.stderr", io.StringIO())
            code = _cli.main(args)
        if a > b:
            assert code == 2
        else:
            assert code == 0
            assert (RS.since(str(a)) & RS.during(str(b))).ids() == tuple(ids(buf.getvalue()))


class TestTimeline:
    """For ``timeline``, --since/--until/--during limit the milestones shown."""

    def test_during(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``timeline --topic constitution --during 2022`` shows only 2022 (it ran 2002-2023)."""
        out, _ = cli(
            capsys, "timeline", "--topic", "constitution", "--during", "2022", "--format", "json"
        )
        rows = json.loads(out)
        assert rows
        assert {"2022"} == {r["date"][:4] for r in rows}
        expected = RS.topic("constitution").timeline(during="2022")
        assert [(str(e.date), e.stage.value, e.reform.id) for e in expected] == [
            (r["date"], r["stage"], r["reform_id"]) for r in rows
        ]

    def test_since_until_stage(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Milestones of reforms dated earlier show when they fall in the range."""
        out, _ = cli(
            capsys,
            "timeline",
            *("--stage", "in-force", "--since", "2024", "--until", "2024"),
            *("--format", "json"),
        )
        rows = json.loads(out)
        expected = RS.timeline(["in-force"], since="2024", until="2024")
        assert len(expected) == len(rows)
        assert {"2024"} == {r["date"][:4] for r in rows}

    def test_within(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--mode within applies to the milestones."""
        out, _ = cli(
            capsys, "timeline", "--during", "2025-06", "--mode", "within", "--format", "json"
        )
        assert len(RS.timeline(during="2025-06", mode="within")) == len(json.loads(out))

    def test_on_is_refused(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--on has no meaning for timeline: an error pointing to --stage, not ignored."""
        _, err = cli(capsys, "timeline", "--on", "signed", code=2)
        assert "--on does not apply to timeline" in err
        assert "--stage" in err


class TestDiscrepancies:
    """``kzreforms discrepancies`` and ``--with-discrepancies``."""

    def test_json_rows(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One row per discrepancy: the columns of the discrepancies table, in order."""
        out, _ = cli(capsys, "discrepancies", "--format", "json")
        rows = json.loads(out)
        expected = [
            {
                "reform_id": r.id,
                "reform_title": r.title,
                "subject": d.subject,
                "source": d.citation.source,
                "locator": d.citation.locator,
                "confidence": d.citation.confidence.value,
                "claim": d.claim,
                "note": d.note,
                "path": d.path,
            }
            for r in RS
            for d in r.discrepancies
        ]
        assert expected == rows

    def test_csv_and_filters(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The usual formats and the reform filters."""
        out, _ = cli(capsys, "discrepancies", "--topic", "constitution", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0]) == list(columns("discrepancies"))
        wanted = RS.topic("constitution")
        assert sum(len(r.discrepancies) for r in wanted) == len(rows)
        assert {r["reform_id"] for r in rows} <= set(wanted.ids())

    def test_table_and_tsv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A header of the table's columns, one line per row; the table its brief view."""
        out, _ = cli(capsys, "discrepancies", "--format", "tsv")
        lines = out.splitlines()
        assert lines[0] == "\t".join(columns("discrepancies"))
        assert sum(len(r.discrepancies) for r in RS) == len(lines) - 1
        out, _ = cli(capsys, "discrepancies", "--format", "table", "--limit", "2")
        assert len(out.splitlines()) == 4

    def test_empty(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Nothing found: exit 1 with --fail-if-empty."""
        cli(capsys, "discrepancies", "--search", "zzzqqq", "--fail-if-empty", code=1)

    def test_with_discrepancies(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``list --with-discrepancies`` keeps the reforms that record one."""
        out, _ = cli(capsys, "list", "--with-discrepancies", "--format", "json")
        assert RS.with_discrepancies().ids() == tuple(ids(out))
        assert 0 < len(ids(out)) < len(RS)


class TestOffence:
    """``penalties --offence`` selects penalty changes; --search selects reforms."""

    def test_offence(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Only trafficking offences (--search trafficking gave 29 rows of rape, drugs...)."""
        out, _ = cli(capsys, "penalties", "--offence", "trafficking", "--format", "json")
        rows = json.loads(out)
        assert rows
        assert all("trafficking" in fold(r["offence"]) for r in rows)
        assert len(RS.penalties().offence("trafficking")) == len(rows)
        out, _ = cli(capsys, "penalties", "--search", "trafficking", "--format", "json")
        assert len(json.loads(out)) > len(rows)

    def test_help_says_search_selects_reforms(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The help explains the difference."""
        out, _ = cli(capsys, "penalties", "--help")
        flat = " ".join(out.split())
        assert "--offence TEXT" in flat
        assert "select reforms" in flat


class TestSeveral:
    """--cites and --body are repeatable and comma-separated, like --topic."""

    A = "news-2024-04-women-children-law"
    B = "gnews-tokayev-signs-women-children-laws"

    @pytest.mark.parametrize(
        "args", [["--cites", f"{A},{B}"], ["--cites", A, "--cites", B], ["--cites", f" {A} , {B}"]]
    )
    def test_cites(self, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
        """Any of the sources."""
        out, _ = cli(capsys, "list", *args, "--format", "json")
        assert RS.cites(self.A, self.B).ids() == tuple(ids(out))

    def test_body(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Any of the bodies."""
        out, _ = cli(capsys, "list", "--body", "senate,mazhilis", "--format", "json")
        assert RS.body("Senate", "Mazhilis").ids() == tuple(ids(out))
        out2, _ = cli(capsys, "list", "--body", "senate", "--body", "mazhilis", "--format", "json")
        assert out == out2

    def test_unknown_among_several(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One unknown value is a usage error naming it."""
        _, err = cli(capsys, "list", "--cites", f"{self.A},no-such-src", code=2)
        assert "no-such-src" in err


class TestSearch:
    """--search folds like ``search()``."""

    @pytest.mark.parametrize("query", ["women\u2019s rights", "№72-VIII", "Law 72"])
    def test_same_as_library(self, capsys: pytest.CaptureFixture[str], query: str) -> None:
        """The CLI finds what the library finds."""
        out, _ = cli(capsys, "list", "--search", query, "--format", "json")
        assert RS.search(query).ids() == tuple(ids(out))

    def test_law_72(self, capsys: pytest.CaptureFixture[str]) -> None:
        """№72-VIII finds Law No. 72-VIII."""
        out, _ = cli(capsys, "list", "--search", "№72-VIII", "--format", "json")
        assert LAW_72 in ids(out)


def _record(rid: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = to_jsonable(kzreforms.get(LAW_72))
    text = json.dumps({**data, "id": rid, "related": [], **changes})
    return dict(json.loads(text.replace('"news-2024-04-women-children-law"', '"news-2024-04-wcl"')))


class TestValidate:
    """``kzreforms validate`` lists every problem in one run, with suggestions."""

    def test_all_at_once(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """A bad topic no longer hides the same record's unknown source."""
        path = tmp_path / "bad.json"
        records = [
            _record("broken-one", topics=["no-such-topic"]),
            _record("fine-two", related=["women-children-safty-law-2024"]),
        ]
        path.write_text(json.dumps(records), encoding="utf-8")
        out, err = cli(capsys, "validate", str(path), "--format", "json", code=1)
        problems = json.loads(out)["problems"]
        assert any("no-such-topic" in p for p in problems)
        assert any(p.startswith("reform broken-one: cites unknown source") for p in problems)
        assert any("did you mean 'news-2024-04-women-children-law'" in p for p in problems)
        assert any("did you mean 'women-children-safety-law-2024'" in p for p in problems)
        assert f"{len(problems)} problems found" in err


class TestHelp:
    """The help says what the date options do for timeline."""

    def test_timeline_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--since/--until/--during limit the milestones shown."""
        out, _ = cli(capsys, "timeline", "--help")
        flat = " ".join(out.split())
        assert "--during limit the milestones shown" in flat
        assert "--with-discrepancies" in flat

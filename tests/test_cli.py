# SPDX-License-Identifier: MIT
"""The kzreforms command: every subcommand as a real subprocess, outputs parsed back."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest

import kzreforms
from kzreforms import _cli
from kzreforms._schema import json_schema
from kzreforms._tables import PENALTY_COLUMNS, REFORM_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "data"
BAD = FIXTURES / "invalid" / "bad.json"
FIX_IDS = [
    "fixture-decriminalisation-2020",
    "fixture-action-plan-2021",
    "fixture-penalties-law-2024",
]


def run(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kzreforms ARGS``; check the exit status and that no traceback leaks."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "kzreforms", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def fx(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run against the fixture data."""
    return run("--data", DATA, *args, code=code)


def schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema())


# ---------------------------------------------------------------------------
# Subprocesses
# ---------------------------------------------------------------------------


class TestGlobal:
    def test_version(self) -> None:
        out = run("--version").stdout
        assert out.startswith(f"kzreforms {kzreforms.__version__}")
        assert kzreforms.DATA_AS_OF.isoformat() in out

    def test_no_command_is_usage_error(self) -> None:
        err = run(code=2).stderr
        assert "usage:" in err
        assert "hint:" in err

    def test_help(self) -> None:
        out = run("--help").stdout
        for cmd in ("list", "show", "timeline", "penalties", "topics", "sources", "export"):
            assert cmd in out

    def test_data_after_command(self) -> None:
        """--data is accepted after the subcommand as well as before it."""
        out = run("list", "--data", DATA, "--format", "json").stdout
        assert [r["id"] for r in json.loads(out)] == FIX_IDS


class TestList:
    def test_json_is_the_data_format(self) -> None:
        recs = json.loads(fx("list", "--format", "json").stdout)
        assert [r["id"] for r in recs] == FIX_IDS
        v = schema_validator()
        for r in recs:
            v.validate(r)

    def test_jsonl(self) -> None:
        lines = fx("list", "--format", "jsonl").stdout.splitlines()
        assert [json.loads(line)["id"] for line in lines] == FIX_IDS

    def test_csv_read_back(self) -> None:
        out = fx("list", "--format", "csv").stdout
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["id"] for r in rows] == FIX_IDS
        assert tuple(rows[0]) == REFORM_COLUMNS
        assert rows[1]["date_precision"] == "year"
        assert rows[2]["topics"] == "criminal-law;domestic-violence"
        frame = pd.read_csv(io.StringIO(out))
        assert list(frame["id"]) == FIX_IDS

    def test_tsv_when_not_a_tty(self) -> None:
        lines = fx("list").stdout.splitlines()
        assert tuple(lines[0].split("\t")) == REFORM_COLUMNS
        assert [line.split("\t")[0] for line in lines[1:]] == FIX_IDS

    def test_table_forced(self) -> None:
        out = fx("list", "--format", "table").stdout
        lines = out.splitlines()
        assert lines[0].startswith("date")
        assert set(lines[1]) <= {"-", " "}
        assert all(len(line) <= 100 for line in lines)

    def test_markdown(self) -> None:
        lines = fx("list", "--format", "markdown").stdout.splitlines()
        assert lines[0] == "| " + " | ".join(REFORM_COLUMNS) + " |"
        assert len(lines) == 2 + len(FIX_IDS)

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--since", "2021"], FIX_IDS[1:]),
            (["--until", "2021-06"], FIX_IDS[:2]),
            (["--until", "2021-06", "--mode", "within"], FIX_IDS[:1]),
            (["--during", "2024"], FIX_IDS[2:]),
            (["--during", "2024-06", "--on", "in-force"], FIX_IDS[2:]),
            (["--since", "2024-06", "--on", "any"], FIX_IDS[2:]),
            (["--topic", "children"], FIX_IDS[1:2]),
            (["--topic", "defamation", "--topic", "national-plans"], FIX_IDS[:2]),
            (["--kind", "law", "--kind", "action-plan"], FIX_IDS[1:]),
            (["--kind", "law,code-amendment"], [FIX_IDS[0], FIX_IDS[2]]),
            (["--min-gravity", "especially-grave"], FIX_IDS[2:]),
            (["--search", "libel"], FIX_IDS[:1]),
            (["--body", "senate"], FIX_IDS[2:]),
            (["--cites", "fixture-official-gazette"], FIX_IDS[2:]),
            (["--limit", "1"], FIX_IDS[:1]),
        ],
    )
    def test_filters(self, args: list[str], expected: list[str]) -> None:
        recs = json.loads(fx("list", "--format", "json", *args).stdout)
        assert [r["id"] for r in recs] == expected

    def test_fail_if_empty(self) -> None:
        assert fx("list", "--search", "zzzz", "--format", "json").stdout.strip() == "[]"
        fx("list", "--search", "zzzz", "--fail-if-empty", code=1)

    def test_packaged_data(self) -> None:
        recs = json.loads(run("list", "--format", "json").stdout)
        assert len(recs) == len(kzreforms.reforms())


class TestShow:
    def test_text_resolves_sources(self) -> None:
        out = fx("show", "fixture-penalties-law-2024").stdout
        assert "Example law toughening penalties" in out
        assert "Law No. 1-VIII on Example Offences" in out  # source title
        assert "Example Legal Database" in out  # publisher
        assert "2024-04-15" in out
        assert "https://example.com/news/senate-bill" in out
        assert "CC 109-1(1) Battery" in out
        assert "criminalisation" in out

    def test_json(self) -> None:
        doc = json.loads(fx("show", "fixture-penalties-law-2024", "--format", "json").stdout)
        schema_validator().validate(doc["reform"])
        assert [s["id"] for s in doc["sources"]] == [
            "fixture-official-gazette",
            "fixture-news-report",
        ]
        assert doc["sources"][1]["url"] == "https://example.com/news/senate-bill"

    def test_packaged(self) -> None:
        first = kzreforms.reforms()[0]
        assert first.title in run("show", first.id).stdout

    def test_unknown_id_suggests(self) -> None:
        err = fx("show", "fixture-penalties-law-2042", code=2).stderr
        assert "did you mean 'fixture-penalties-law-2024'" in err
        assert "kzreforms list" in err


class TestTimeline:
    def test_json_in_order(self) -> None:
        rows = json.loads(fx("timeline", "--format", "json").stdout)
        assert [(r["date"], r["stage"]) for r in rows] == [
            ("2020-06-27", "signed"),
            ("2021", "adopted"),
            ("2021-12", "launched"),
            ("2024-02", "adopted"),
            ("2024-04-15", "signed"),
            ("2024-06-16", "in-force"),
        ]
        assert rows[1]["date_precision"] == "year"

    def test_stage_and_filters(self) -> None:
        rows = json.loads(
            fx("timeline", "--stage", "signed", "--topic", "justice", "--format", "json").stdout
        )
        assert [r["reform_id"] for r in rows] == ["fixture-penalties-law-2024"]

    def test_csv(self) -> None:
        rows = list(csv.DictReader(io.StringIO(fx("timeline", "--format", "csv").stdout)))
        assert len(rows) == 6
        assert rows[-1]["note"] == "Sixty days after publication"

    def test_bad_stage(self) -> None:
        err = fx("timeline", "--stage", "signd", code=2).stderr
        assert "did you mean 'signed'" in err
        assert "in-force" in err  # accepted values named


class TestPenalties:
    def test_sorted_by_severity(self) -> None:
        rows = json.loads(fx("penalties", "--format", "json").stdout)
        assert [r["article"] for r in rows] == ["CC 99(2)", "CC 109-1(1)", "CC 130"]
        assert tuple(rows[0]) == PENALTY_COLUMNS

    @pytest.mark.parametrize(
        ("args", "expected"),
        [
            (["--kind", "criminalisation"], ["CC 109-1(1)"]),
            (["--kind", "decriminalisation", "--kind", "new"], ["CC 130"]),
            (["--kind", "harsher"], ["CC 99(2)", "CC 109-1(1)"]),
            (["--liability", "administrative"], ["CC 130"]),
            (["--life"], ["CC 99(2)"]),
            (["--min-years", "20"], ["CC 99(2)"]),
            (["--min-gravity", "criminal-misdemeanour"], ["CC 99(2)", "CC 109-1(1)"]),
            (["--reform-kind", "code-amendment"], ["CC 130"]),
            (["--until", "2020"], ["CC 130"]),
        ],
    )
    def test_filters(self, args: list[str], expected: list[str]) -> None:
        rows = json.loads(fx("penalties", "--format", "json", *args).stdout)
        assert [r["article"] for r in rows] == expected

    def test_csv(self) -> None:
        out = fx("penalties", "--format", "csv").stdout
        rows = list(csv.DictReader(io.StringIO(out)))
        assert rows[1]["is_criminalisation"] == "true"
        assert rows[1]["before_liability"] == "administrative"
        frame = pd.read_csv(io.StringIO(out))
        assert list(frame["after_max_months"].isna()) == [True, True, True]

    def test_change_kind_named(self) -> None:
        err = fx("penalties", "--kind", "law", code=2).stderr
        assert "new, criminalisation, decriminalisation, harsher, milder" in err
        assert "--reform-kind" in err


class TestTopicsAndSources:
    def test_topics_json(self) -> None:
        """The topics table: top-level topics in taxonomy order, each before its subtopics."""
        rows = json.loads(run("topics", "--format", "json").stdout)
        top = [t["topic"] for t in rows if t["level"] == 1]
        assert top == [t.value for t in kzreforms.TAXONOMY]
        dv = next(t for t in rows if t["topic"] == "domestic-violence")
        assert dv["parent"] == "women"
        assert dv["n_reforms"] == len(kzreforms.reforms().topic("domestic-violence"))

    def test_topics_tree(self) -> None:
        out = run("topics", "--format", "table").stdout
        assert "women\n" in out
        assert "─ domestic-violence" in out

    def test_sources_json(self) -> None:
        items = json.loads(run("sources", "--format", "json").stdout)
        assert len(items) == len(kzreforms.sources())

    def test_sources_csv_with_own_data(self) -> None:
        rows = list(csv.DictReader(io.StringIO(fx("sources", "--format", "csv").stdout)))
        ids = {r["id"] for r in rows}
        assert {"fixture-official-gazette", "fixture-news-report"} <= ids
        assert set(kzreforms.sources()) <= ids

    def test_sources_bibtex_and_csl(self) -> None:
        bib = fx("sources", "--cited-by", "fixture-action-plan-2021", "--format", "bibtex").stdout
        assert bib.startswith("@misc{fixture-news-report,")
        assert bib.count("@misc{") == 1
        csl = json.loads(fx("sources", "--cited-by", FIX_IDS[2], "--format", "csl-json").stdout)
        assert {i["id"] for i in csl} == {"fixture-official-gazette", "fixture-news-report"}

    def test_cite(self) -> None:
        out = fx("cite", "fixture-penalties-law-2024").stdout
        assert out.splitlines()[1].startswith("[1] Example Legal Database.")
        bib = fx("cite", "fixture-decriminalisation-2020", "--format", "bibtex").stdout
        assert "@misc{fixture-news-report," in bib
        csl = json.loads(fx("cite", FIX_IDS[0], "--format", "csl-json").stdout)
        assert csl[0]["type"] == "article-newspaper"

    def test_schema(self) -> None:
        assert json.loads(run("schema").stdout) == json_schema()


class TestExport:
    def test_json_validates_and_round_trips(self, tmp_path: Path) -> None:
        out = tmp_path / "all.json"
        run("export", "--format", "json", "--output", out)
        recs = json.loads(out.read_text(encoding="utf-8"))
        assert len(recs) == len(kzreforms.reforms())
        v = schema_validator()
        for r in recs:
            v.validate(r)
        assert "all valid" in run("validate", out).stdout
        assert kzreforms.load(out) == kzreforms.reforms()

    def test_json_with_own_sources_round_trips(self, tmp_path: Path) -> None:
        out = tmp_path / "mine.json"
        fx("export", "-o", out)
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert {s["id"] for s in doc["sources"]} == {
            "fixture-official-gazette",
            "fixture-news-report",
        }
        run("validate", out)

    def test_jsonl_filtered(self, tmp_path: Path) -> None:
        out = tmp_path / "x.jsonl"
        fx("export", "--format", "jsonl", "--output", out, "--topic", "justice")
        lines = out.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["id"] for line in lines] == [FIX_IDS[2]]

    def test_format_from_suffix(self, tmp_path: Path) -> None:
        out = tmp_path / "x.csv"
        err = fx("export", "-o", out).stderr
        assert "wrote 3 reforms" in err
        assert next(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))) == list(
            REFORM_COLUMNS
        )

    @pytest.mark.parametrize("table", ["reforms", "penalties"])
    def test_csv_tables(self, tmp_path: Path, table: str) -> None:
        out = tmp_path / f"{table}.csv"
        run("export", "--format", "csv", "--table", table, "--output", out)
        with out.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        frame = pd.read_csv(out)
        assert len(rows) == len(frame)
        if table == "reforms":
            assert len(rows) == len(kzreforms.reforms())
            assert tuple(frame.columns) == REFORM_COLUMNS
        else:
            assert len(rows) == len(kzreforms.reforms().penalties())
            assert tuple(frame.columns) == PENALTY_COLUMNS

    @pytest.mark.parametrize("table", ["reforms", "penalties"])
    def test_parquet(self, tmp_path: Path, table: str) -> None:
        out = tmp_path / "x.parquet"
        fx("export", "--format", "parquet", "--table", table, "--output", out)
        t = pq.read_table(out)
        if table == "reforms":
            assert t.column("id").to_pylist() == FIX_IDS
            assert str(t.schema.field("date").type) == "timestamp[ms]"
        else:
            assert t.column("article").to_pylist() == ["CC 99(2)", "CC 109-1(1)", "CC 130"]

    def test_stdout(self) -> None:
        out = fx("export", "--format", "csv", "--table", "penalties", "-o", "-").stdout
        assert len(list(csv.DictReader(io.StringIO(out)))) == 3

    def test_parquet_to_stdout_refused(self) -> None:
        assert "stdout" in fx("export", "--format", "parquet", "-o", "-", code=2).stderr

    def test_table_needs_flat_format(self, tmp_path: Path) -> None:
        err = fx("export", "--format", "json", "--table", "penalties", "-o", tmp_path / "x", code=2)
        assert "--table" in err.stderr

    def test_unwritable_path_leaves_nothing(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x", encoding="utf-8")
        err = fx("export", "-o", blocker / "out.csv", code=1).stderr
        assert "error:" in err
        assert "hint:" in err
        missing = tmp_path / "no" / "such" / "dir" / "out.json"
        fx("export", "-o", missing, code=1)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]

    def test_failed_export_keeps_old_file(self, tmp_path: Path) -> None:
        out = tmp_path / "x.csv"
        out.write_text("old", encoding="utf-8")
        fx("export", "-o", out, "--topic", "no-such-topic", code=2)
        assert out.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["x.csv"]

    def test_fail_if_empty(self, tmp_path: Path) -> None:
        fx("export", "-o", tmp_path / "x.json", "--search", "zzz", "--fail-if-empty", code=1)


class TestValidate:
    def test_valid_directory(self) -> None:
        assert "3 reforms, all valid" in run("validate", DATA).stdout

    def test_invalid_lists_every_problem(self) -> None:
        proc = run("validate", BAD, code=1)
        lines = proc.stdout.splitlines()
        assert len(lines) == 2
        assert "(bad-kind-record)" in lines[0]
        assert "did you mean 'law'" in lines[0]
        assert "$.kind" in lines[0]
        assert "(bad-date-record)" in lines[1]
        assert "$.milestones[0].date" in lines[1]
        assert "2 problems" in proc.stderr

    def test_json_report(self) -> None:
        doc = json.loads(run("validate", BAD, "--format", "json", code=1).stdout)
        assert doc["valid"] is False
        assert len(doc["problems"]) == 2
        ok = json.loads(run("validate", DATA, "--format", "json").stdout)
        assert ok == {"path": str(DATA), "valid": True, "problems": [], "reforms": 3}

    def test_missing_path(self) -> None:
        assert "no such file" in run("validate", "/no/such/file.json", code=2).stderr

    def test_bad_json(self, tmp_path: Path) -> None:
        p = tmp_path / "x.json"
        p.write_text("[{", encoding="utf-8")
        assert "not valid JSON" in run("validate", p, code=1).stdout


class TestBadUsage:
    @pytest.mark.parametrize(
        ("args", "named"),
        [
            (["list", "--format", "xml"], "'table', 'tsv', 'json', 'jsonl', 'csv', 'markdown'"),
            (["list", "--mode", "inside"], "'within', 'overlaps'"),
            (["list", "--min-gravity", "huge"], "'minor'"),
            (["list", "--kind", "lawz"], "did you mean 'law'"),
            (["list", "--kind", "zzzzzz"], "action-plan"),
            (["list", "--topic", "domestc-violence"], "did you mean 'domestic-violence'"),
            (["list", "--topic", "zzzzzz"], "kzreforms topics"),
            (["list", "--on", "signd"], "did you mean 'signed'"),
            (["list", "--since", "2024-13"], "'2019-12-30'"),
            (["list", "--during", "soon"], "'2023-07'"),
            (["list", "--since", "2024", "--until", "2020"], "after it ends"),
            (["list", "--cites", "no-such-source-zz"], "kzreforms sources"),
            (["list", "--limit", "-3"], "whole number"),
            (["penalties", "--liability", "penal"], "none, civil, administrative, criminal"),
            (["export", "--format", "xlsx", "-o", "x"], "'json', 'jsonl', 'csv', 'parquet'"),
            (["export"], "--output"),
            (["frobnicate"], "invalid choice"),
        ],
    )
    def test_exit_2_names_accepted(self, args: list[str], named: str) -> None:
        err = fx(*args, code=2).stderr
        assert named in err
        assert err.startswith(("usage:", "kzreforms: error:"))

    def test_missing_data_path(self) -> None:
        assert "no such file" in run("--data", "/no/such/dir", "list", code=2).stderr

    def test_invalid_data_exits_1(self) -> None:
        err = run("--data", BAD, "list", code=1).stderr
        assert "bad-kind-record" in err
        assert "kzreforms validate" in err


# ---------------------------------------------------------------------------
# In process (fast, and counted by coverage)
# ---------------------------------------------------------------------------


class TestInProcess:
    def test_main_returns_codes(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert _cli.main(["--data", str(DATA), "list", "--format", "json"]) == 0
        assert [r["id"] for r in json.loads(capsys.readouterr().out)] == FIX_IDS
        assert _cli.main(["list", "--format", "nope"]) == 2
        assert "invalid choice" in capsys.readouterr().err
        assert _cli.main(["--version"]) == 0
        assert _cli.main(["--data", str(DATA), "show", "nope"]) == 2

    @pytest.mark.parametrize(
        "argv",
        [
            ["list"],
            ["list", "--format", "markdown"],
            ["list", "--format", "csv", "--limit", "2"],
            ["timeline", "--format", "table"],
            ["timeline", "--format", "jsonl"],
            ["penalties", "--format", "table"],
            ["penalties", "--format", "markdown", "--kind", "milder"],
            ["topics"],
            ["topics", "--format", "csv"],
            ["sources", "--format", "table"],
            ["sources", "--format", "markdown"],
            ["show", "fixture-penalties-law-2024"],
            ["show", "fixture-action-plan-2021", "--format", "json"],
            ["cite", "fixture-penalties-law-2024", "fixture-action-plan-2021"],
            ["schema"],
            ["export", "-o", "-", "--format", "jsonl"],
            ["export", "-o", "-", "--format", "json"],
        ],
    )
    def test_commands_run(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        assert _cli.main(["--data", str(DATA), *argv]) == 0
        out = capsys.readouterr().out
        assert out.strip()

    def test_tty_gets_aligned_table(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        monkeypatch.setenv("COLUMNS", "50")
        assert _cli.main(["--data", str(DATA), "list"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert "\t" not in lines[0]
        assert all(len(line) <= 50 for line in lines)
        assert any(line.endswith("…") or "…" in line for line in lines)

    def test_empty_table_message(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
        assert _cli.main(["--data", str(DATA), "list", "--search", "zzz"]) == 0
        assert "no reforms match" in capsys.readouterr().err
        assert (
            _cli.main(
                [
                    "--data",
                    str(DATA),
                    "penalties",
                    "--fail-if-empty",
                    "--life",
                    "--reform-kind",
                    "decree",
                ]
            )
            == 1
        )

    def test_render_table_keeps_ids(self) -> None:
        header = ["date", "id", "title"]
        rows = [["2024-01-01", "a-long-reform-id", "A very long title " * 5]]
        text = _cli.render_table(header, rows, 50)
        assert all(len(line) <= 50 for line in text.splitlines())
        assert "a-long-reform-id" in text
        narrow = _cli.render_table(header, rows, 10)
        assert "…" in narrow

    def test_markdown_escapes_pipes(self) -> None:
        assert "a \\| b" in _cli._markdown(["x"], [["a | b"]])

    def test_missing_extra_is_reported(
        self,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path,
    ) -> None:
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        argv = ["--data", str(DATA), "export", "-o", str(tmp_path / "x.parquet")]
        assert _cli.main(argv) == 1
        assert 'pip install "kzreforms[pyarrow]"' in capsys.readouterr().err
        assert list(tmp_path.iterdir()) == []

    def test_broken_pipe_is_quiet(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def boom(_args: object) -> int:
            raise BrokenPipeError

        monkeypatch.setattr(_cli, "cmd_topics", boom)
        monkeypatch.setattr(_cli, "_quiet_stdout", lambda: None)
        assert _cli.main(["topics"]) == 0


# The same command lines in process, so that coverage sees every branch.
MIRROR: list[tuple[list[str], int]] = [
    (["list", "--since", "2021", "--until", "2024", "--on", "any"], 0),
    (["list", "--during", "2024-06", "--on", "in-force,signed", "--mode", "within"], 0),
    (["list", "--topic", "children,justice", "--kind", "law", "--kind", "action-plan"], 0),
    (["list", "--min-gravity", "grave", "--search", "law", "--body", "senate"], 0),
    (["list", "--cites", "fixture-official-gazette", "--until", "2025"], 0),
    (["list", "--search", "zzz", "--fail-if-empty"], 1),
    (["list", "--kind", "lawz"], 2),
    (["list", "--topic", "zzzzzz"], 2),
    (["list", "--on", "signd"], 2),
    (["list", "--since", "2024-13"], 2),
    (["list", "--since", "2024", "--until", "2020"], 2),
    (["list", "--cites", "no-such-source-zz"], 2),
    (["list", "--body", "no-such-body-zz"], 2),
    (["list", "--limit", "x"], 2),
    (["list", "--limit", "-3"], 2),
    (["timeline", "--stage", "signd"], 2),
    (["timeline", "--stage", "signed,in-force", "--format", "csv"], 0),
    (["penalties", "--min-gravity", "minor", "--liability", "criminal", "--life"], 0),
    (["penalties", "--min-years", "5", "--kind", "harsher,new", "--reform-kind", "law"], 0),
    (["penalties", "--kind", "law"], 2),
    (["penalties", "--liability", "penal"], 2),
    (["penalties", "--format", "csv"], 0),
    (["sources", "--cited-by", "fixture-action-plan-2021", "--format", "bibtex"], 0),
    (["sources", "--cited-by", "fixture-penalties-law-2024", "--format", "csl-json"], 0),
    (["sources", "--format", "json", "--limit", "1"], 0),
    (["topics", "--format", "json"], 0),
    (["show", "fixture-decriminalisation-2020"], 0),
    (["show", "fixture-action-plan-2021"], 0),
    (["cite", "fixture-decriminalisation-2020", "--format", "bibtex"], 0),
    (["cite", "fixture-decriminalisation-2020", "--format", "csl-json"], 0),
    (["cite", "no-such-id"], 2),
    (["export", "--format", "parquet", "-o", "-"], 2),
    (["export", "--format", "jsonl", "--table", "penalties", "-o", "-"], 2),
    (["export", "-o", "-", "--format", "csv", "--table", "penalties"], 0),
    (["export", "-o", "-", "--search", "zzz", "--fail-if-empty"], 1),
    (["validate", str(DATA)], 0),
    (["validate", str(DATA), "--format", "json"], 0),
    (["validate", str(BAD)], 1),
    (["validate", str(BAD), "--format", "json"], 1),
    (["validate", "/no/such/path.json"], 2),
]


class TestInProcessMirror:
    @pytest.mark.parametrize(("argv", "code"), MIRROR)
    def test_exit_codes(
        self, argv: list[str], code: int, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert _cli.main(["--data", str(DATA), *argv]) == code
        captured = capsys.readouterr()
        if code == 2:
            assert "error:" in captured.err
            assert "hint:" in captured.err
        if code == 0:
            assert captured.out

    @pytest.mark.parametrize(
        ("fmt", "table"),
        [
            ("json", None),
            ("jsonl", None),
            ("csv", "reforms"),
            ("csv", "penalties"),
            ("parquet", "penalties"),
        ],
    )
    def test_export_files(
        self, fmt: str, table: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / f"x.{fmt}"
        argv = ["--data", str(DATA), "export", "--format", fmt, "-o", str(out)]
        if table:
            argv += ["--table", table]
        assert _cli.main(argv) == 0
        assert out.stat().st_size > 0
        assert "wrote" in capsys.readouterr().err

    def test_export_unwritable(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        target = tmp_path / "missing" / "x.csv"
        assert _cli.main(["--data", str(DATA), "export", "-o", str(target)]) == 1
        err = capsys.readouterr().err
        assert str(target) in err
        assert "writable" in err
        assert list(tmp_path.iterdir()) == []

    def test_packaged(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert _cli.main(["list", "--format", "json", "--limit", "2"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 2
        assert _cli.main(["sources", "--format", "csv", "--limit", "1"]) == 0
        assert _cli.main(["--data", "/no/such/dir", "list"]) == 2
        assert _cli.main(["--data", str(BAD), "list"]) == 1

    def test_ascii_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
        monkeypatch.setattr(sys, "stdout", ascii_out)
        assert _cli.main(["topics", "--format", "table"]) == 0
        assert _cli._cut("abcdef", 3) == "ab~"
        ascii_out.flush()
        text = ascii_out.buffer.getvalue().decode("ascii")
        assert "`- " in text

    def test_hints(self) -> None:
        assert _cli._hint(kzreforms.UnknownSourceError("source id", "x", ["y"])) is not None
        assert "--help" in (_cli._hint(kzreforms.QueryError("x")) or "")

    def test_cell(self) -> None:
        assert _cli._cell(value=True) == "true"
        assert _cli._cell(None) == ""
        assert _cli._cell("a\tb\nc") == "a b c"

    def test_python_dash_m_in_process(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        import runpy

        monkeypatch.setattr(sys, "argv", ["kzreforms", "topics", "--format", "json"])
        with pytest.raises(SystemExit) as exc:
            runpy.run_module("kzreforms", run_name="__main__", alter_sys=False)
        assert exc.value.code == 0
        assert json.loads(capsys.readouterr().out)[0]["topic"] == "political"

    def test_quiet_stdout(self, monkeypatch: pytest.MonkeyPatch) -> None:
        calls: list[tuple[int, int]] = []
        monkeypatch.setattr(os, "open", lambda *_a: 99)
        monkeypatch.setattr(os, "dup2", lambda a, b: calls.append((a, b)))
        monkeypatch.setattr(sys, "stdout", io.StringIO())  # no fileno: suppressed
        _cli._quiet_stdout()
        assert calls == []

    def test_export_packaged_json(self, tmp_path: Path) -> None:
        out = tmp_path / "all.json"
        assert _cli.main(["export", "-o", str(out), "--topic", "women"]) == 0
        assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)

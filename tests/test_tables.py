# SPDX-License-Identifier: MIT
"""
The table layer: typed column specs, and every output made from them.

One spec per table gives the columns of CSV, TSV, markdown, JSON rows,
pandas, Arrow / Parquet, the command line and the HTML tables; Parquet keeps
the order of ordered categories and the date type; the penalty text and
columns show every sanction; CSV / TSV cells cannot smuggle formulas.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import typing
from pathlib import Path

import attrs
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    Confidence,
    Gravity,
    Liability,
    PartialDate,
    Penalty,
    Precision,
    Quantity,
    ReformKind,
    ReformSet,
    SourceKind,
    Stage,
    Term,
    UnknownNameError,
    _display,
    _formats,
    _tables,
)
from kzreforms import strategies as kst

TABLES: tuple[_tables.Table, ...] = ("reforms", "penalties", "timeline", "sources")
EVIL = '=HYPERLINK("http://x","y")'
POACHING = "poaching-liability-law-2019-10"

# Reforms from kzreforms.strategies are slow to draw: a third of the profile's examples
# here (the slow suite, `python tools/dev.py slow`, runs the full profile).
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


@pytest.fixture(scope="module")
def every() -> ReformSet:
    return kzreforms.reforms()


def cli(*args: str | Path, code: int = 0) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m kzreforms ARGS`` and keep the raw bytes (line ends included)."""
    proc = subprocess.run(
        [sys.executable, "-m", "kzreforms", *map(str, args)],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert b"Traceback" not in proc.stderr
    return proc


def evil_record_file(tmp_path: Path) -> Path:
    """A user data file holding one packaged record retitled to a spreadsheet formula."""
    r = attrs.evolve(kzreforms.get("death-penalty-abolition-law-2021"), title=EVIL, related=())
    path = tmp_path / "evil.json"
    path.write_text(kzreforms.dumps([r]), encoding="utf-8")
    return path


class TestSpecs:
    @pytest.mark.parametrize("table", TABLES)
    def test_typed_rows_match_the_spec(self, table: _tables.Table) -> None:
        """Each table's TypedDict has the spec's columns, in the same order."""
        row_type = _tables.ROW_TYPES[table]
        assert list(_tables.spec(table).names) == list(typing.get_type_hints(row_type))

    @pytest.mark.parametrize("table", TABLES)
    def test_every_date_has_its_precision(self, table: _tables.Table) -> None:
        """A date column is followed by its ordered ``_precision`` category."""
        sp = _tables.spec(table)
        names = list(sp.names)
        for d in sp.dates():
            companion = sp.column(f"{d}_precision")
            assert names.index(d) + 1 == names.index(companion.name)
            assert (companion.type, companion.levels, companion.ordered) == (
                "category",
                ("year", "month", "day"),
                True,
            )

    def test_category_levels_come_from_the_enums(self) -> None:
        """Levels are the enum's slugs in order; ordered only where the brief orders them."""
        pen, ref = _tables.spec("penalties"), _tables.spec("reforms")
        cases = [
            (pen.column("after_liability"), Liability, True),
            (pen.column("before_gravity"), Gravity, True),
            (ref.column("min_confidence"), Confidence, True),
            (ref.column("date_precision"), Precision, True),
            (ref.column("kind"), ReformKind, False),
            (_tables.spec("timeline").column("stage"), Stage, False),
            (_tables.spec("sources").column("kind"), SourceKind, False),
        ]
        for col, enum, ordered in cases:
            assert (tuple(m.value for m in enum), ordered) == (col.levels, col.ordered)

    def test_only_known_types(self) -> None:
        kinds = {c.type for t in TABLES for c in _tables.spec(t).columns}
        assert kinds == {"text", "int", "bool", "date", "category", "list"}

    def test_getters_give_typed_values(self, every: ReformSet) -> None:
        """Getters read the records (no text round trip): dates are PartialDates."""
        sp = _tables.spec("reforms")
        r = every[0]
        assert sp.column("date").get(r) is r.date
        assert isinstance(sp.column("date_precision").get(r), Precision)
        assert sp.column("kind").get(r) is r.kind
        assert isinstance(sp.column("topics").get(r), tuple)
        assert sp.column("date").plain(r) == str(r.date)
        assert sp.column("topics").text(r) == ";".join(sorted(t.value for t in r.topics))

    def test_unknown_table_and_column(self) -> None:
        with pytest.raises(UnknownNameError, match=r"unknown table 'timelines'.*'timeline'"):
            _tables.spec("timelines")  # type: ignore[arg-type]
        with pytest.raises(UnknownNameError, match="did you mean 'after_gravity'"):
            _tables.spec("penalties").column("after_gravty")

    def test_views_are_columns(self) -> None:
        for t in TABLES:
            sp = _tables.spec(t)
            assert set(sp.brief) <= set(sp.names)
            assert set(sp.html) <= set(sp.names)


class TestTypedRows:
    def test_rows_per_table(self, every: ReformSet) -> None:
        """``ReformSet.rows`` gives every table; sources are those the set cites."""
        timeline = every.rows("timeline")
        assert len(timeline) == len(every.timeline())
        assert timeline[0]["date"] == str(every.timeline()[0].date)
        sources = every.rows("sources")
        assert [s["id"] for s in sources] == [s.id for s in every.cited_sources()]
        assert every.penalties().rows() == every.rows("penalties")

    def test_overloads_give_the_row_type(self, every: ReformSet) -> None:
        """mypy checks these annotations: each table literal gives its TypedDict."""
        reforms: list[kzreforms.ReformRow] = every.rows()
        penalties: list[kzreforms.PenaltyRow] = every.rows("penalties")
        view: list[kzreforms.PenaltyRow] = every.penalties().rows()
        timeline: list[kzreforms.TimelineRow] = every.rows("timeline")
        sources: list[kzreforms.SourceRow] = _tables.rows(every, "sources")
        assert penalties == view
        assert [len(x) > 0 for x in (reforms, timeline, sources)] == [True] * 3

    def test_registry_as_sources(self) -> None:
        registry = kzreforms.sources()
        rows = _tables.rows(registry, "sources")
        assert [r["id"] for r in rows] == sorted(registry)

    def test_lists_are_lists_in_rows(self, every: ReformSet) -> None:
        row = every.rows()[0]
        assert row["topics"] == sorted(t.value for t in every[0].topics)

    def test_bad_data(self) -> None:
        with pytest.raises(kzreforms.InvalidTypeError, match="mapping of source ids"):
            _tables.rows({"x": 1}, "sources")
        with pytest.raises(kzreforms.InvalidTypeError, match="iterable of Reform"):
            _tables.rows(42, "timeline")


class TestSameColumns:
    @pytest.mark.parametrize("table", TABLES)
    def test_every_format_has_the_spec_columns(
        self, every: ReformSet, table: _tables.Table
    ) -> None:
        """CSV, TSV, markdown, JSON rows, JSON Lines, pandas and Arrow agree on the columns."""
        names = list(_tables.columns(table))
        csv_head = next(csv.reader(io.StringIO(_formats.to_csv(every, table=table))))
        tsv_head = _formats.to_tsv(every, table=table).split("\n", 1)[0].split("\t")
        md_head = _formats.to_markdown(every, table=table).split("\n", 1)[0]
        json_rows = json.loads(_formats.to_json_rows(every, table=table))
        jsonl = _formats.to_jsonl_rows(every, table=table).splitlines()
        assert names == csv_head == tsv_head
        assert md_head == "| " + " | ".join(names) + " |"
        assert all(list(r) == names for r in json_rows)
        assert len(jsonl) == len(json_rows)
        assert names == list(_formats.to_pandas(every, table).columns)
        assert names == _formats.to_arrow(every, table).column_names

    @pytest.mark.parametrize("table", ["penalties", "timeline", "sources"])
    def test_cli_json_is_flat_rows(self, table: str) -> None:
        """``penalties`` / ``timeline`` / ``sources --format json`` print the flat rows."""
        out = cli(table, "--format", "json").stdout
        got = json.loads(out)
        assert got == json.loads(_formats.to_json_rows(kzreforms.reforms(), table=table))  # type: ignore[arg-type]
        if table != "sources":  # the CLI lists the whole registry, rows() the cited sources
            assert len(got) == len(_tables.rows(kzreforms.reforms(), table))  # type: ignore[call-overload]

    def test_cli_list_json_keeps_records_and_flat_gives_rows(self) -> None:
        records = json.loads(cli("list", "--format", "json", "--limit", "2").stdout)
        assert records == kzreforms.reforms()[:2].to_records()
        flat = json.loads(cli("list", "--flat", "--format", "json", "--limit", "2").stdout)
        assert flat == kzreforms.reforms()[:2].rows()
        lines = cli("list", "--flat", "--format", "jsonl", "--limit", "2").stdout.splitlines()
        assert [json.loads(x) for x in lines] == flat

    def test_cli_columns(self) -> None:
        out = cli("penalties", "--format", "csv", "--columns", "article,after_bans").stdout
        head = next(csv.reader(io.StringIO(out.decode())))
        assert head == ["article", "after_bans"]
        bad = cli("list", "--columns", "id,dat", code=2).stderr.decode()
        assert "unknown reforms column 'dat'; did you mean 'date'?" in bad
        records = cli("list", "--format", "json", "--columns", "id", code=2).stderr.decode()
        assert "--columns works with flat rows" in records
        assert "add --flat" in records
        flat = cli("list", "--flat", "--format", "json", "--columns", "id", "--limit", "1").stdout
        assert json.loads(flat) == [{"id": kzreforms.reforms()[0].id}]

    def test_cli_tsv_and_markdown_have_every_column(self) -> None:
        tsv = cli("timeline", "--format", "tsv", "--limit", "1").stdout.decode()
        assert tsv.split("\n", 1)[0].split("\t") == list(_tables.TIMELINE_COLUMNS)
        md = cli("sources", "--format", "markdown", "--limit", "1").stdout.decode()
        assert md.startswith("| " + " | ".join(_tables.SOURCE_COLUMNS) + " |")

    def test_html_uses_the_spec(self, every: ReformSet) -> None:
        html = _display.reform_set_html(every[:2])
        for name in _tables.spec("reforms").html:
            assert f"<th>{name}</th>" in html
        html = _display.penalty_view_html(every.penalties()[:2])
        for name in _tables.spec("penalties").html:
            assert f"<th>{name}</th>" in html


class TestAnyData:
    @FEWER
    @given(kst.reform_sets(max_size=4))
    def test_every_table_of_any_records(self, rs: ReformSet) -> None:
        """
        For any records: every table's CSV parses back to the spec's text
        cells, JSON has a row per item, and any penalty changes (every
        sanction, new offences) convert to pandas and Arrow.
        """
        for table in TABLES:
            header, cells = _formats.table_cells(rs, table)
            text = _formats.to_csv(rs, table=table, escape_formulas=False)
            assert [header, *cells] == list(csv.reader(io.StringIO(text, newline="")))
            assert len(json.loads(_formats.to_json_rows(rs, table=table))) == len(cells)
        n = len(rs.penalties())
        assert _formats.to_pandas(rs, "penalties").shape == (n, len(_tables.PENALTY_COLUMNS))
        assert _formats.to_arrow(rs, "penalties").num_rows == n


class TestCsv:
    def test_api_and_cli_write_crlf(self) -> None:
        """One CSV writer: RFC 4180 CRLF line ends from the API and from the CLI."""
        api = _formats.to_csv(kzreforms.reforms()[:3])
        out = cli("list", "--format", "csv", "--limit", "3").stdout.decode()
        assert api == out
        assert api.count("\r\n") == 4
        assert "\n" not in api.replace("\r\n", "")

    def test_topics_csv_is_crlf_too(self) -> None:
        out = cli("topics", "--format", "csv").stdout
        assert out.startswith(b"topic,parent,level,n_reforms\r\n")

    def test_lists_are_joined(self, every: ReformSet) -> None:
        r = next(x for x in every if len(x.topics) > 1)
        (row,) = csv.DictReader(io.StringIO(_formats.to_csv([r])))
        assert row["topics"] == ";".join(sorted(t.value for t in r.topics))


class TestFormulaEscaping:
    @pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
    def test_escape_formula(self, start: str) -> None:
        assert _formats.escape_formula(f"{start}1+1") == f"'{start}1+1"

    @given(st.text())
    def test_escape_formula_is_safe_and_reversible(self, text: str) -> None:
        """The result never starts like a formula, and only a leading ' is added."""
        out = _formats.escape_formula(text)
        assert not out.startswith(_formats.FORMULA_STARTS)
        assert out in (text, "'" + text)

    def test_csv_escapes_by_default(self, tmp_path: Path) -> None:
        rs = kzreforms.load(evil_record_file(tmp_path))
        (row,) = csv.DictReader(io.StringIO(rs.to_csv()))
        assert row["title"] == "'" + EVIL
        (raw,) = csv.DictReader(io.StringIO(rs.to_csv(escape_formulas=False)))
        assert raw["title"] == EVIL
        tsv = _formats.to_tsv(rs).splitlines()[1].split("\t")
        assert tsv[1] == "'" + EVIL
        assert _formats.to_tsv(rs, escape_formulas=False).splitlines()[1].split("\t")[1] == EVIL

    def test_penalty_view_csv_escapes(self, tmp_path: Path) -> None:
        r = kzreforms.load(evil_record_file(tmp_path))[0]
        pv = ReformSet([attrs.evolve(r, penalty_changes=r.penalty_changes[:1])]).penalties()
        (row,) = csv.DictReader(io.StringIO(pv.to_csv()))
        assert row["reform_title"] == "'" + EVIL
        (raw,) = csv.DictReader(io.StringIO(pv.to_csv(escape_formulas=False)))
        assert raw["reform_title"] == EVIL

    def test_cli_escapes_unless_told(self, tmp_path: Path) -> None:
        data = evil_record_file(tmp_path)
        for fmt in ("csv", "tsv"):
            out = cli("--data", data, "list", "--format", fmt, "--columns", "title").stdout
            assert out.decode().splitlines()[1].strip('"').replace('""', '"') == "'" + EVIL
            out = cli(
                "--data", data, "list", "--format", fmt, "--columns", "title",
                "--no-escape-formulas",
            ).stdout  # fmt: skip
            assert out.decode().splitlines()[1].strip('"').replace('""', '"') == EVIL

    def test_cli_export_escapes_unless_told(self, tmp_path: Path) -> None:
        data = evil_record_file(tmp_path)
        out = tmp_path / "x.csv"
        cli("--data", data, "export", "-o", out)
        (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
        assert row["title"] == "'" + EVIL
        cli("--data", data, "export", "-o", out, "--no-escape-formulas")
        (row,) = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
        assert row["title"] == EVIL

    def test_json_and_frames_keep_the_text(self, tmp_path: Path) -> None:
        """Only CSV / TSV are escaped: JSON and data frames hold the title as it is."""
        rs = kzreforms.load(evil_record_file(tmp_path))
        assert json.loads(_formats.to_json_rows(rs))[0]["title"] == EVIL
        assert rs.to_pandas()["title"][0] == EVIL


class TestParquetKeepsMeaning:
    def expected_grave(self, every: ReformSet) -> list[bool]:
        return [
            e.change.after.effective_gravity is not None
            and e.change.after.effective_gravity >= Gravity.GRAVE
            for e in every.penalties()
        ]

    def test_round_trip_through_pandas(self, every: ReformSet, tmp_path: Path) -> None:
        """After ``pd.read_parquet``: ordered gravity, ``>= "grave"`` works, dates datetime64."""
        path = every.penalties().to_parquet(tmp_path / "p.parquet")
        df = pd.read_parquet(path)
        assert df["after_gravity"].cat.ordered
        assert list(df["after_gravity"].cat.categories) == [g.value for g in Gravity]
        assert (df.after_gravity >= "grave").tolist() == self.expected_grave(every)
        assert str(df["reform_date"].dtype) == "datetime64[ms]"
        pd.testing.assert_frame_equal(df, every.penalties().to_pandas())

    @pytest.mark.parametrize("table", TABLES)
    def test_read_parquet_gives_to_pandas(
        self, every: ReformSet, table: _tables.Table, tmp_path: Path
    ) -> None:
        path = every.to_parquet(tmp_path / "t.parquet", table=table)
        pd.testing.assert_frame_equal(pd.read_parquet(path), every.to_pandas(table))

    def test_round_trip_through_pyarrow(self, every: ReformSet, tmp_path: Path) -> None:
        path = every.penalties().to_parquet(tmp_path / "p.parquet")
        t = pq.read_table(path)
        gravity = t.schema.field("after_gravity").type
        assert pa.types.is_dictionary(gravity)
        assert gravity.ordered
        assert not t.schema.field("reform_kind").type.ordered
        assert t.schema.field("reform_date").type == pa.timestamp("ms")
        df = t.to_pandas()
        assert (df.after_gravity >= "grave").tolist() == self.expected_grave(every)
        assert str(df["reform_date"].dtype) == "datetime64[ms]"
        assert t.schema == every.penalties().to_arrow().schema

    def test_dates_far_from_now(self) -> None:
        """Years 1 to 9999 fit (nanosecond datetimes would overflow)."""
        r = attrs.evolve(
            kzreforms.reforms()[0],
            milestones=tuple(
                attrs.evolve(m, date=PartialDate(1)) for m in kzreforms.reforms()[0].milestones
            ),
        )
        df = _formats.to_pandas([r])
        assert df["date"][0] == pd.Timestamp("0001-01-01").as_unit("ms")
        assert _formats.to_arrow([r]).column("date")[0].as_py().year == 1


class TestPenaltyText:
    def test_poaching_ban_is_visible(self) -> None:
        """CC 339(1) gained a ban in 2019: before and after no longer print alike."""
        r = kzreforms.get(POACHING)
        (c,) = [c for c in r.penalty_changes if str(c.article) == "CC 339(1)"]
        assert str(c.before) != str(c.after)
        assert "ban on certain posts or activities up to 5 years" in str(c.after)
        assert "ban" not in str(c.before)
        (row,) = kzreforms.reforms().penalties().article("CC 339(1)").rows()
        assert row["before_bans"] == []
        assert row["after_bans"] == ["ban on certain posts or activities up to 5 years"]
        assert row["before_text"] != row["after_text"]

    def test_every_sanction_in_words_and_columns(self) -> None:
        p = Penalty(
            Liability.CRIMINAL,
            imprisonment=Term(12, 36),
            restriction_of_freedom=Term(6, 24),
            fine_mci=Quantity(100, 200),
            arrest_days=Quantity(None, 30),
            community_work_hours=Quantity(80, 240),
            correctional_works=True,
            licence_deprivation=Term.years(1, 3),
            bans=("ban on driving",),
        )
        assert str(p) == (
            "criminal prison 1 y to 3 y fine 100 to 200 MCI arrest up to 30 days "
            "restriction of freedom 6 mo to 2 y community work 80 to 240 hours "
            "correctional works licence deprivation 1 y to 3 y + ban on driving"
        )
        r = kzreforms.reforms()[0]
        change = kzreforms.PenaltyChange("x", p)
        (row,) = _tables.penalty_rows([attrs.evolve(r, penalty_changes=(change,))])
        got = {k.removeprefix("after_"): v for k, v in row.items() if k.startswith("after_")}
        assert {
            "restriction_min_months": 6,
            "restriction_max_months": 24,
            "community_work_min_hours": 80,
            "community_work_max_hours": 240,
            "correctional_works": True,
            "licence_deprivation_min_months": 12,
            "licence_deprivation_max_months": 36,
            "bans": ["ban on driving"],
        }.items() <= got.items()

    @given(kst.penalties(), kst.penalties())
    def test_different_sanctions_print_differently(self, a: Penalty, b: Penalty) -> None:
        """Penalties that differ in anything but the note print differently."""
        if attrs.evolve(a, note=None) != attrs.evolve(b, note=None):
            assert str(a) != str(b)

    def test_old_wording_is_kept(self) -> None:
        p = Penalty(Liability.CRIMINAL, Gravity.GRAVE, Term.years(5, 8), fine_mci=Quantity(1, 2))
        assert str(p) == "criminal (grave) prison 5 y to 8 y fine 1 to 2 MCI"


class TestImportStaysCheap:
    def test_tables_do_not_load_frames(self) -> None:
        code = (
            "import sys, kzreforms\n"
            "kzreforms.reforms().rows('penalties'); kzreforms.reforms().to_csv()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'pyarrow')))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out.strip() == "[]"


class TestDocs:
    def test_exports_md_lists_every_column(self) -> None:
        """docs/exports.md names every column of every table (sides by their suffix)."""
        text = (Path(__file__).parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
        missing = [
            f"{t}.{c}"
            for t in TABLES
            for c in _tables.columns(t)
            if f"`{c.removeprefix('before_').removeprefix('after_').removesuffix('_precision')}`"
            not in text
        ]
        assert missing == []


class TestMoreTables:
    """The discrepancies, history, states and topics tables (issue #12)."""

    def test_topic_counts_match_the_topic_query(self) -> None:
        """n_reforms of each topic equals what ReformSet.topic() selects (children included)."""
        rs = kzreforms.reforms()
        got = {r["topic"]: r["n_reforms"] for r in rs.rows("topics")}
        assert got == {t.value: len(rs.topic(t)) for t in kzreforms.Topic}

    def test_discrepancy_rows_one_per_discrepancy(self) -> None:
        rs = kzreforms.reforms()
        found = rs.rows("discrepancies")
        expected = [(r.id, d.claim) for r in rs for d in r.discrepancies]
        assert expected == [(x["reform_id"], x["claim"]) for x in found]

    def test_history_rows_follow_the_history(self) -> None:
        h = kzreforms.article("CC 128(1)")
        got = h.rows()
        assert [(e.reform.id, str(e.change.after)) for e in h] == [
            (x["reform_id"], x["after_text"]) for x in got
        ]
        assert {x["article"] for x in got} == {"CC 128(1)"}

    def test_history_of_a_collection_groups_by_provision(self) -> None:
        """Every change with a provision, grouped by provision, each group in history order."""
        rs = kzreforms.reforms()
        got = rs.rows("history")
        with_ref = [e for e in rs.penalties() if e.change.article is not None]
        assert len(with_ref) == len(got)
        refs = [x["article"] for x in got]
        for ref in dict.fromkeys(refs):
            mine = [x["reform_id"] for x in got if x["article"] == ref]
            exact = [e.reform.id for e in kzreforms.article(ref) if str(e.change.article) == ref]
            assert exact == mine

    def test_states_row(self) -> None:
        state = kzreforms.article("CC 128(1)").at("2019-06-01")
        (row,) = _tables.rows(state, "states")
        assert (row["status"], row["on"], row["penalty"]) == (
            state.status,
            "2019-06-01",
            str(state.penalty),
        )

    def test_states_need_states(self) -> None:
        """A collection has no states: the error says what the table takes."""
        with pytest.raises(kzreforms.InvalidTypeError, match="ArticleState"):
            _tables.rows(kzreforms.reforms(), "states")

    def test_history_to_pandas_typed(self) -> None:
        df = kzreforms.article("CC 128(1)").to_pandas()
        assert list(df.columns) == list(_tables.columns("history"))
        assert str(df["effective_precision"].dtype) == "category"

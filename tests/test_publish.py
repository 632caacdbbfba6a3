# SPDX-License-Identifier: MIT
# ruff: noqa: S608 - the queries name our own tables and temporary files
"""
Publishing: the linked tables, the SQLite database (read back by sqlite3 and
by Datasette), the Frictionless Data Package (validated by frictionless),
polars frames, and DuckDB over the Parquet export.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    MissingExtraError,
    ReformSet,
    Source,
    SourceKind,
    _publish,
    _relational,
    _tables,
)
from kzreforms import strategies as kst
from kzreforms._cli import main

ROOT = Path(__file__).resolve().parent.parent
CHILD_TABLES = {
    "milestones": "milestones",
    "acts": "acts",
    "penalty_changes": "penalty_changes",
    "figures": "figures",
    "citations": "citations",
    "discrepancies": "discrepancies",
}


@pytest.fixture(scope="module")
def rs() -> ReformSet:
    return kzreforms.reforms()


@pytest.fixture(scope="module")
def db(rs: ReformSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.to_sqlite(tmp_path_factory.mktemp("db") / "kzreforms.db")


@pytest.fixture(scope="module")
def package(rs: ReformSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rs.to_datapackage(tmp_path_factory.mktemp("pkg") / "kzreforms")


def _rows(path: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _with_sources(records: ReformSet) -> ReformSet:
    """*records* carrying a made-up source for every id they cite."""
    ids = sorted({s for r in records for s in r.sources})
    srcs = [Source(i, f"title {i}", "publisher", SourceKind.NEWS) for i in ids]
    return ReformSet(records, sources=srcs)


class TestRelations:
    def test_every_column_is_documented(self) -> None:
        """
        docs/exports.md lists every column of every database table in that
        table's own section (reforms and sources are the flat tables, checked
        in test_tables; penalty_changes names the flat penalties columns).
        """
        text = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
        flat = {s.name for s in _tables.SPECS.values()}
        missing = []
        for name, rel in _relational.RELATIONS.items():
            if rel.spec in _tables.SPECS.values():
                assert name in flat
                continue
            linked = text.index("## Linked tables")  # flat tables may share a name
            start = text.index(f"### `{name}`: one row per", linked)
            section = text[start : text.index("\n### ", start + 1)]
            missing += [
                f"{name}.{c}"
                for c in rel.spec.names
                if f"`{c.removesuffix('_precision')}`" not in section
                and not (name == "penalty_changes" and c in _tables.PENALTY_COLUMNS)
            ]
        assert missing == []
        assert all(f"| `{name}` |" in text for name in _relational.RELATIONS)

    def test_one_row_per_fact(self, rs: ReformSet) -> None:
        """Each child table has one row per fact of the records, keyed by reform and position."""
        for table, field in CHILD_TABLES.items():
            expected = sum(len(getattr(r, field)) for r in rs)
            assert expected == len(_relational.relation_items(rs, table)), table
        assert sum(len(r.topics) for r in rs) == len(
            _relational.relation_items(rs, "reform_topics")
        )

    def test_unknown_table(self) -> None:
        with pytest.raises(kzreforms.UnknownNameError, match="unknown database table 'nope'"):
            _relational.relation("nope")

    def test_a_cited_source_the_collection_lacks_is_an_error(self, tmp_path: Path) -> None:
        """No database with dangling citations: the error names the id and what to do."""
        r = kzreforms.reforms()[0]
        lone = ReformSet([r], sources=[])
        target = tmp_path / "x.db"
        with pytest.raises(kzreforms.UnknownSourceError, match="load your data with its sources"):
            lone.to_sqlite(target)
        assert not target.exists()
        assert list(tmp_path.iterdir()) == []


class TestSqlite:
    def test_tables_and_keys(self, db: Path) -> None:
        tables = {n for (n,) in _rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
        assert set(_relational.RELATIONS) | {"metadata", "reforms_fts"} <= tables
        for name, rel in _relational.RELATIONS.items():
            info = _rows(db, f'PRAGMA table_info("{name}")')
            assert [c[1] for c in info] == list(rel.spec.names)
            pk = [c[1] for c in sorted(info, key=lambda c: c[5]) if c[5]]
            assert list(rel.primary_key) == pk, name
            fks = {(f[2], f[3], f[4]) for f in _rows(db, f'PRAGMA foreign_key_list("{name}")')}
            expected = {
                (fk.table, col, ref)
                for fk in rel.foreign_keys
                for col, ref in zip(fk.columns, fk.references, strict=True)
            }
            assert expected == fks, name

    def test_foreign_keys_hold(self, db: Path) -> None:
        assert _rows(db, "PRAGMA foreign_key_check") == []
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]

    def test_row_counts(self, rs: ReformSet, db: Path) -> None:
        for name in _relational.RELATIONS:
            expected = len(_relational.relation_items(rs, name))
            assert [(expected,)] == _rows(db, f'SELECT count(*) FROM "{name}"'), name

    def test_dates_are_iso_text_with_precision(self, rs: ReformSet, db: Path) -> None:
        law = rs.get("women-children-safety-law-2024")
        got = _rows(
            db,
            "SELECT date, date_precision, stage FROM milestones WHERE reform_id = ? "
            "ORDER BY position",
            law.id,
        )
        assert [(str(m.date), str(m.date.precision), m.stage.value) for m in law.milestones] == got

    def test_types(self, db: Path) -> None:
        """Flags are 0 / 1, counts integers, figures numbers, lists joined text."""
        assert {(0,), (1,)} >= set(_rows(db, "SELECT DISTINCT is_harsher FROM penalty_changes"))
        assert {"integer"} == {t for (t,) in _rows(db, "SELECT typeof(n_milestones) FROM reforms")}
        assert {"integer", "real"} >= {t for (t,) in _rows(db, "SELECT typeof(value) FROM figures")}
        assert {"text"} == {t for (t,) in _rows(db, "SELECT typeof(topics) FROM reforms")}

    def test_checks_refuse_unknown_levels(self, db: Path, tmp_path: Path) -> None:
        copy = tmp_path / "copy.db"
        copy.write_bytes(db.read_bytes())
        con = sqlite3.connect(copy)
        try:
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                con.execute("UPDATE citations SET confidence = 'certain'")
        finally:
            con.close()

    def test_metadata(self, db: Path) -> None:
        meta = dict(_rows(db, "SELECT key, value FROM metadata"))
        assert meta["data_version"] == kzreforms.DATA_VERSION
        assert kzreforms.DATA_AS_OF.isoformat() == meta["data_as_of"]
        assert meta["package_version"] == kzreforms.__version__
        assert meta["format"] == "kzreforms"
        assert meta["format_version"] == str(_publish.FORMAT_VERSION)
        assert meta["full_text"] == "fts5"
        assert _rows(db, "PRAGMA user_version") == [(_publish.FORMAT_VERSION,)]
        assert _rows(db, "PRAGMA application_id") == [(_publish.APPLICATION_ID,)]

    def test_full_text_index(self, rs: ReformSet, db: Path) -> None:
        hits = _rows(
            db,
            "SELECT r.id FROM reforms_fts JOIN reforms r ON r.rowid = reforms_fts.rowid "
            "WHERE reforms_fts MATCH ? ORDER BY r.id",
            "torture",
        )
        expected = sorted(
            r.id for r in rs if "torture" in (r.title + " " + r.summary).lower().replace("-", " ")
        )
        assert expected == [h for (h,) in hits]

    def test_same_bytes_twice(self, rs: ReformSet, db: Path, tmp_path: Path) -> None:
        """A release can publish the database reproducibly."""
        assert rs.to_sqlite(tmp_path / "again.db").read_bytes() == db.read_bytes()

    @pytest.mark.parametrize(("modules", "expected"), [(("fts4",), "fts4"), ((), "none")])
    def test_without_fts5(
        self,
        modules: tuple[str, ...],
        expected: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """Without FTS5: FTS4; without either, no index, a warning, and metadata says so."""
        monkeypatch.setattr(_publish, "fts_modules", lambda: modules)
        rs = kzreforms.reforms().topic("torture-prevention")
        path = tmp_path / "x.db"
        if modules:
            rs.to_sqlite(path)
        else:
            with pytest.warns(kzreforms.NoFullTextWarning, match="neither FTS5 nor FTS4"):
                rs.to_sqlite(path)
        assert [(expected,)] == _rows(path, "SELECT value FROM metadata WHERE key='full_text'")
        fts = _rows(path, "SELECT sql FROM sqlite_master WHERE name = 'reforms_fts'")
        assert (expected in fts[0][0].lower()) if modules else fts == []

    def test_replaces_an_existing_file_whole(self, rs: ReformSet, tmp_path: Path) -> None:
        path = tmp_path / "x.db"
        path.write_text("old", encoding="utf-8")
        rs.topic("children").to_sqlite(path)
        assert _rows(path, "SELECT count(*) FROM reforms") == [(len(rs.topic("children")),)]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]

    def test_a_failure_leaves_the_old_file(
        self, rs: ReformSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write that fails half-way leaves the old file as it was and no temporary file."""
        path = tmp_path / "x.db"
        path.write_text("old", encoding="utf-8")

        def broken(con: sqlite3.Connection, _tables: Any) -> None:
            con.execute("CREATE TABLE half (x)")
            con.commit()
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(_publish, "_fill_sqlite", broken)
        with pytest.raises(OSError, match="No space left"):
            rs.to_sqlite(path)
        assert path.read_text(encoding="utf-8") == "old"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]

    def test_a_directory_is_refused(self, rs: ReformSet, tmp_path: Path) -> None:
        with pytest.raises(kzreforms.OutputPathError, match="is a directory"):
            rs.to_sqlite(tmp_path)

    @settings(max_examples=5, deadline=None)
    @given(kst.reform_sets(max_size=3))
    def test_any_collection_makes_a_consistent_database(self, records: ReformSet) -> None:
        """For generated records too: keys hold and every fact has its row."""
        import tempfile

        data = _with_sources(records)
        with tempfile.TemporaryDirectory() as d:
            path = data.to_sqlite(Path(d) / "x.db")
            assert _rows(path, "PRAGMA foreign_key_check") == []
            for table, field in CHILD_TABLES.items():
                n = sum(len(getattr(r, field)) for r in data)
                assert [(n,)] == _rows(path, f'SELECT count(*) FROM "{table}"')


@pytest.mark.publish  # needs the publishing clients (the tests-publish extra)
class TestDatasette:
    """The database as Datasette serves it (its Python API, no server)."""

    def _get(self, db: Path, url: str) -> Any:
        from datasette.app import Datasette

        async def fetch() -> Any:
            ds = Datasette([str(db)], settings={"num_sql_threads": 0})
            response = await ds.client.get(url)
            assert response.status_code == 200, response.text
            return response.json()

        return asyncio.run(fetch())

    def test_a_table(self, rs: ReformSet, db: Path) -> None:
        rows = self._get(db, "/kzreforms/reforms.json?_shape=array&_size=max&_col=title")
        assert [r.id for r in sorted(rs, key=lambda r: r.id)] == [r["id"] for r in rows]
        assert {r.id: r.title for r in rs} == {r["id"]: r["title"] for r in rows}

    def test_foreign_keys_become_labels(self, db: Path) -> None:
        rows = self._get(db, "/kzreforms/citations.json?_shape=array&_size=1&_labels=on")
        reform = kzreforms.get(rows[0]["reform_id"]["value"])
        assert reform.title == rows[0]["reform_id"]["label"]

    def test_the_full_text_index(self, db: Path) -> None:
        """Datasette finds reforms_fts on its own and searches through it."""
        rows = self._get(db, "/kzreforms/reforms.json?_search=torture&_shape=array&_col=id")
        via_sql = _rows(
            db,
            "SELECT id FROM reforms WHERE rowid IN "
            "(SELECT rowid FROM reforms_fts WHERE reforms_fts MATCH 'torture')",
        )
        assert sorted(i for (i,) in via_sql) == sorted(r["id"] for r in rows)
        assert rows

    def test_sql(self, db: Path) -> None:
        from datasette.app import Datasette

        async def run() -> list[Any]:
            ds = Datasette([str(db)], settings={"num_sql_threads": 0})
            res = await ds.get_database("kzreforms").execute(
                "SELECT value FROM metadata WHERE key = 'data_version'"
            )
            return [tuple(r) for r in res.rows]

        assert asyncio.run(run()) == [(kzreforms.DATA_VERSION,)]


class TestDatapackage:
    @pytest.mark.publish
    def test_valid(self, package: Path) -> None:
        """frictionless validates the package: types, constraints, keys, sizes and hashes."""
        import frictionless

        report = frictionless.validate(package / "datapackage.json")
        assert report.flatten(["resourcePath", "rowNumber", "fieldName", "type"]) == []
        assert report.valid

    @pytest.mark.publish
    def test_a_broken_reference_is_caught(self, package: Path, tmp_path: Path) -> None:
        """The validation has teeth: a citation naming no source fails it."""
        import shutil

        import frictionless

        broken = tmp_path / "broken"
        shutil.copytree(package, broken)
        text = (broken / "citations.csv").read_bytes().decode("utf-8")
        header, first, *rest = text.split("\r\n")
        cells = first.split(",")
        cells[header.split(",").index("source")] = "no-such-source"
        blob = "\r\n".join([header, ",".join(cells), *rest]).encode("utf-8")
        (broken / "citations.csv").write_bytes(blob)
        doc = json.loads((broken / "datapackage.json").read_text(encoding="utf-8"))
        res = next(r for r in doc["resources"] if r["name"] == "citations")
        res["bytes"], res["hash"] = len(blob), "sha256:" + hashlib.sha256(blob).hexdigest()
        (broken / "datapackage.json").write_text(json.dumps(doc), encoding="utf-8")
        report = frictionless.validate(broken / "datapackage.json")
        assert [e[0] for e in report.flatten(["type"])] == ["foreign-key"]

    def test_descriptor(self, package: Path) -> None:
        doc = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        assert doc["version"] == kzreforms.DATA_VERSION
        assert doc["licenses"] == [
            {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
        ]
        assert doc["kzreforms"]["package_version"] == kzreforms.__version__
        assert len(doc["sources"]) == len(kzreforms.reforms().cited_sources())
        assert [r["name"] for r in doc["resources"]] == list(_relational.RELATIONS)
        assert sorted(p.name for p in package.iterdir()) == sorted(
            ["datapackage.json", *(r["path"] for r in doc["resources"])]
        )
        milestones = next(r for r in doc["resources"] if r["name"] == "milestones")["schema"]
        assert milestones["primaryKey"] == ["reform_id", "position"]
        assert milestones["foreignKeys"] == [
            {"fields": ["reform_id"], "reference": {"resource": "reforms", "fields": ["id"]}}
        ]
        date = next(f for f in milestones["fields"] if f["name"] == "date")
        assert (date["type"], date["constraints"]["pattern"]) == ("string", _publish.PARTIAL_DATE)

    def test_cells_are_not_formula_escaped(self, tmp_path: Path) -> None:
        """A package is read by programs: '=...' stays as it is."""
        import attrs

        r = attrs.evolve(kzreforms.reforms()[0], title="=1+1")
        out = ReformSet([r]).to_datapackage(tmp_path / "p")
        assert b",=1+1," in (out / "reforms.csv").read_bytes()

    def test_replaces_an_earlier_package(self, rs: ReformSet, tmp_path: Path) -> None:
        path = tmp_path / "p"
        rs.to_datapackage(path)
        small = rs.topic("children")
        small.to_datapackage(path)
        lines = (path / "reforms.csv").read_bytes().count(b"\r\n")
        assert lines == len(small) + 1
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]

    def test_an_empty_directory_is_filled(self, rs: ReformSet, tmp_path: Path) -> None:
        (tmp_path / "p").mkdir()
        assert (rs.topic("children").to_datapackage(tmp_path / "p") / "datapackage.json").exists()

    def test_other_files_are_never_lost(self, rs: ReformSet, tmp_path: Path) -> None:
        """A directory with other files in it is refused, and left as it was."""
        path = tmp_path / "p"
        path.mkdir()
        (path / "notes.txt").write_text("mine", encoding="utf-8")
        with pytest.raises(kzreforms.OutputPathError, match="holds other files"):
            rs.to_datapackage(path)
        assert [p.name for p in path.iterdir()] == ["notes.txt"]
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]

    def test_a_file_is_refused(self, rs: ReformSet, tmp_path: Path) -> None:
        path = tmp_path / "p"
        path.write_text("mine", encoding="utf-8")
        with pytest.raises(kzreforms.OutputPathError, match="is not a directory"):
            rs.to_datapackage(path)
        assert path.read_text(encoding="utf-8") == "mine"

    def test_a_failure_leaves_the_old_package(
        self, rs: ReformSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "p"
        rs.topic("children").to_datapackage(path)
        before = {p.name: p.read_bytes() for p in path.iterdir()}
        calls = []

        def broken(rel: Any, _things: Any) -> bytes:
            calls.append(rel.name)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
            return b"x"

        monkeypatch.setattr(_publish, "_csv_bytes", broken)
        with pytest.raises(OSError, match="No space left"):
            rs.to_datapackage(path)
        assert before == {p.name: p.read_bytes() for p in path.iterdir()}
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]

    def test_a_failed_swap_puts_the_old_package_back(
        self, rs: ReformSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Should moving the new package in fail, the old one is moved back."""
        path = tmp_path / "p"
        rs.topic("children").to_datapackage(path)
        before = {p.name: p.read_bytes() for p in path.iterdir()}
        real_rename = Path.rename

        def rename(self: Path, target: Any) -> Any:
            if self.name.endswith(".tmp"):
                raise OSError(18, "Invalid cross-device link")
            return real_rename(self, target)

        monkeypatch.setattr(Path, "rename", rename)
        with pytest.raises(OSError, match="cross-device"):
            rs.to_datapackage(path)
        assert before == {p.name: p.read_bytes() for p in path.iterdir()}
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]

    def test_through_a_symlink(self, rs: ReformSet, tmp_path: Path) -> None:
        """A symlink to a directory stays a link; the package lands where it points."""
        (tmp_path / "real").mkdir()
        (tmp_path / "link").symlink_to(tmp_path / "real")
        rs.topic("children").to_datapackage(tmp_path / "link")
        assert (tmp_path / "link").is_symlink()
        assert (tmp_path / "real" / "datapackage.json").is_file()

    def test_a_missing_parent_is_an_oserror(self, rs: ReformSet, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError):
            rs.to_datapackage(tmp_path / "no" / "p")
        assert list(tmp_path.iterdir()) == []


class TestPolars:
    @pytest.mark.publish
    def test_types(self, rs: ReformSet) -> None:
        import polars as pl

        df = rs.to_polars()
        assert len(rs) == df.height
        assert list(kzreforms._tables.REFORM_COLUMNS) == df.columns
        assert df.schema["date"] == pl.Date
        assert df.schema["date_precision"] == pl.Enum(["year", "month", "day"])
        assert df.schema["kind"] == pl.Categorical
        assert df.schema["topics"] == pl.List(pl.String)
        assert df.schema["n_milestones"] == pl.Int64
        assert df.schema["min_confidence"] == pl.Enum(["low", "medium", "high"])

    @pytest.mark.publish
    def test_values_match_the_rows(self, rs: ReformSet) -> None:
        df = rs.to_polars()
        rows = rs.rows()
        assert [r["id"] for r in rows] == df["id"].to_list()
        assert [r["topics"] for r in rows] == df["topics"].to_list()
        assert [r["date_precision"] for r in rows] == df["date_precision"].cast(str).to_list()
        earliest = [r.date.earliest for r in rs]
        assert earliest == df["date"].to_list()

    @pytest.mark.publish
    def test_ordered_categories_compare_in_order(self, rs: ReformSet) -> None:
        """after_gravity >= 'grave' follows the law's order, not the alphabet."""
        import polars as pl

        pen = rs.to_polars("penalties")
        grave = pen.filter(pl.col("after_gravity") >= "grave").height
        assert len(rs.penalties().min_gravity("grave")) == grave
        assert pen.schema["before_max_months"] == pl.Int64
        assert pen.schema["is_harsher"] == pl.Boolean

    @pytest.mark.publish
    @pytest.mark.parametrize("table", ["timeline", "sources"])
    def test_other_tables(self, rs: ReformSet, table: Any) -> None:
        assert len(rs.rows(table)) == rs.to_polars(table).height

    @pytest.mark.publish
    def test_penalty_view(self, rs: ReformSet) -> None:
        """PenaltyView.to_polars is the penalties table of the same entries, in order."""
        view = rs.penalties().min_gravity("grave")
        df = view.to_polars()
        assert df.columns == list(rs.to_polars("penalties").columns)
        assert df["reform_id"].to_list() == [row["reform_id"] for row in view.rows()]
        assert len(df) == len(view) > 0

    @pytest.mark.publish
    def test_empty(self) -> None:
        import polars as pl

        df = ReformSet().to_polars()
        assert df.height == 0
        assert df.schema["date"] == pl.Date

    def test_missing_extra(self, rs: ReformSet, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without polars: the library's error, naming the extra to install."""
        monkeypatch.setitem(sys.modules, "polars", None)
        with pytest.raises(MissingExtraError, match=r'pip install "kzreforms\[polars\]"') as e:
            rs.to_polars()
        assert (e.value.extra, e.value.name) == ("polars", "polars")
        assert isinstance(e.value, ImportError)

    @pytest.mark.parametrize(
        ("module", "call"),
        [("pandas", lambda rs: rs.to_pandas()), ("pyarrow", lambda rs: rs.to_arrow())],
    )
    def test_every_extra_raises_the_same_error(
        self, module: str, call: Any, rs: ReformSet, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """pandas and pyarrow too: MissingExtraError, still an ImportError, naming the extra."""
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(MissingExtraError, match=rf'pip install "kzreforms\[{module}\]"') as e:
            call(rs)
        assert e.value.extra == module

    def test_bad_table(self, rs: ReformSet) -> None:
        with pytest.raises(kzreforms.UnknownNameError, match="unknown table 'nope'"):
            rs.to_polars("nope")  # type: ignore[arg-type]

    def test_import_stays_lazy(self) -> None:
        """Writing a database loads neither polars nor pandas."""
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            code = (
                "import sys, kzreforms\n"
                f"kzreforms.reforms().to_sqlite({str(Path(d) / 'x.db')!r})\n"
                "print(sorted(m for m in sys.modules "
                "if m.split('.')[0] in ('pandas', 'pyarrow', 'polars')))"
            )
            env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
            ).stdout
        assert out.strip() == "[]"


@pytest.mark.publish  # needs the publishing clients (the tests-publish extra)
class TestDuckDB:
    def test_query_the_parquet_export(self, rs: ReformSet, tmp_path: Path) -> None:
        """DuckDB reads the Parquet files as they are: types, dates and order survive."""
        import duckdb

        rs.to_parquet(tmp_path / "reforms.parquet")
        rs.penalties().to_parquet(tmp_path / "penalties.parquet")
        con = duckdb.connect()
        reforms_file = tmp_path / "reforms.parquet"
        per_year = con.execute(
            f"SELECT year, count(*) FROM '{reforms_file}' GROUP BY year ORDER BY year"
        ).fetchall()
        expected: dict[int, int] = {}
        for r in rs:
            expected[r.date.year] = expected.get(r.date.year, 0) + 1
        assert sorted(expected.items()) == per_year
        first = con.execute(f"SELECT min(date) FROM '{tmp_path / 'reforms.parquet'}'").fetchone()
        assert first is not None
        assert min(r.date.earliest for r in rs) == first[0].date()
        joined = con.execute(
            f"SELECT count(*) FROM '{tmp_path / 'penalties.parquet'}' p "
            f"JOIN '{tmp_path / 'reforms.parquet'}' r ON p.reform_id = r.id"
        ).fetchone()
        assert (len(rs.penalties()),) == joined


class TestCli:
    def test_sqlite(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "x.db"
        assert main(["export", "-o", str(path), "--topic", "children"]) == 0
        n = len(kzreforms.reforms().topic("children"))
        assert [(n,)] == _rows(path, "SELECT count(*) FROM reforms")
        assert f"wrote {n} reforms to {path}" in capsys.readouterr().err

    def test_own_data_with_own_sources(self, tmp_path: Path) -> None:
        """With --data, the user's own sources are rows too, and the keys hold."""
        data = ROOT / "tests" / "fixtures" / "data"
        path = tmp_path / "x.db"
        assert main(["--data", str(data), "export", "-o", str(path)]) == 0
        own = {p.stem for p in (data / "sources").glob("*.json")}
        ids = {i for (i,) in _rows(path, "SELECT id FROM sources")}
        assert own
        assert own & ids
        assert _rows(path, "PRAGMA foreign_key_check") == []

    @pytest.mark.parametrize("name", ["x.sqlite", "x.sqlite3", "x.DB"])
    def test_sqlite_suffixes(self, name: str, tmp_path: Path) -> None:
        assert main(["export", "-o", str(tmp_path / name), "--since", "2025"]) == 0
        assert (tmp_path / name).read_bytes().startswith(b"SQLite format 3\x00")

    def test_datapackage(self, tmp_path: Path) -> None:
        path = tmp_path / "pkg"
        assert main(["export", "--format", "datapackage", "-o", str(path), "--since", "2025"]) == 0
        assert (path / "datapackage.json").is_file()

    @pytest.mark.parametrize("fmt", ["sqlite", "datapackage"])
    def test_not_to_stdout(self, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["export", "--format", fmt, "-o", "-"]) == 2
        assert f"{fmt} cannot be written to stdout" in capsys.readouterr().err

    @pytest.mark.parametrize("fmt", ["sqlite", "datapackage"])
    def test_no_table_option(
        self, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["export", "--format", fmt, "--table", "penalties", "-o", str(tmp_path / "x")])
        err = capsys.readouterr().err
        assert "--table works with --format csv or parquet" in err
        assert "hold every table" in err
        assert list(tmp_path.iterdir()) == []

    def test_datapackage_over_a_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "x.db"
        path.write_text("mine", encoding="utf-8")
        assert main(["export", "--format", "datapackage", "-o", str(path)]) == 2
        assert "is not a directory" in capsys.readouterr().err
        assert path.read_text(encoding="utf-8") == "mine"


class TestMetadataSource:
    def test_data_version_reads_the_facade(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """One function says which data version every export records."""
        monkeypatch.setattr(kzreforms, "DATA_VERSION", "2030.1.0")
        assert _publish.data_version() == "2030.1.0"
        assert _publish.metadata()["data_version"] == "2030.1.0"

    @given(st.sampled_from(sorted(_relational.RELATIONS)))
    def test_every_table_has_a_key(self, name: str) -> None:
        rel = _relational.relation(name)
        assert set(rel.primary_key) <= set(rel.spec.names)
        assert all(set(fk.columns) <= set(rel.spec.names) for fk in rel.foreign_keys)

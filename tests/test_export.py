# SPDX-License-Identifier: MIT
"""Exports: records, flat rows, JSON / JSONL / CSV, pandas, Arrow / Parquet, the schema."""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import jsonschema
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kzreforms
from kzreforms import ReformSet, Source, UnknownNameError, _formats, _schema, _tables
from kzreforms._tables import PENALTY_COLUMNS, REFORM_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"
DATA = FIXTURES / "data"


@pytest.fixture(scope="module")
def rs() -> ReformSet:
    return kzreforms.load(DATA)


@pytest.fixture(scope="module")
def own_sources() -> list[Source]:
    return [
        kzreforms.loads(p.read_text(encoding="utf-8"), Source)
        for p in sorted((DATA / "sources").glob("*.json"))
    ]


class TestRecordsAndRows:
    def test_to_records_is_the_data_format(self, rs: ReformSet) -> None:
        recs = _tables.to_records(rs)
        assert recs == rs.to_records()
        assert [kzreforms.loads(json.dumps(r)) for r in recs] == list(rs)

    def test_accepts_views_lists_and_single_reforms(self, rs: ReformSet) -> None:
        assert _tables.to_records(list(rs)) == _tables.to_records(rs)
        assert len(_tables.to_records(rs[0])) == 1  # type: ignore[arg-type]
        assert len(_tables.to_records(rs.penalties())) == 2
        with pytest.raises(kzreforms.InvalidTypeError):
            _tables.to_records(42)  # type: ignore[arg-type]

    def test_reform_rows(self, rs: ReformSet) -> None:
        rows = _tables.reform_rows(rs)
        assert all(tuple(r) == REFORM_COLUMNS for r in rows)
        law = rows[2]
        assert law["topics"] == ["criminal-law", "domestic-violence"]
        assert law["top_topics"] == ["justice", "women"]
        assert (law["adopted"], law["adopted_precision"]) == ("2024-02", "month")
        assert (law["signed"], law["in_force"]) == ("2024-04-15", "2024-06-16")
        assert law["approved"] is None
        assert law["acts"] == ["Law on Example Offences No. 1-VIII of 2024-04-15"]
        assert law["act_numbers"] == ["1-VIII"]
        assert law["bodies"] == ["Mazhilis", "Senate"]
        assert law["sources"] == ["fixture-official-gazette", "fixture-news-report"]
        assert law["n_penalty_changes"] == 2
        assert law["min_confidence"] == "medium"

    def test_penalty_rows(self, rs: ReformSet) -> None:
        rows = _tables.penalty_rows(rs)
        assert all(tuple(r) == PENALTY_COLUMNS for r in rows)
        assert [r["article"] for r in rows] == ["CC 99(2)", "CC 109-1(1)", "CC 130"]
        murder, battery, libel = rows
        assert murder["before_min_months"] == 180
        assert murder["after_life"] is True
        assert murder["after_gravity"] == "especially-grave"  # implied by life
        assert battery["is_criminalisation"] is True
        assert battery["before_fine_max_mci"] == 20
        assert battery["after_arrest_max_days"] == 25
        assert libel["is_decriminalisation"] is True
        assert libel["after_gravity"] is None

    def test_rows_and_columns(self, rs: ReformSet) -> None:
        assert _tables.rows(rs, "penalties") == _tables.penalty_rows(rs)
        assert _tables.columns("reforms") == REFORM_COLUMNS
        accepted = "accepted: " + ", ".join(sorted(_tables.TABLES))
        with pytest.raises(UnknownNameError, match=accepted):
            _tables.rows(rs, "people")  # type: ignore[call-overload]

    def test_new_offence_has_empty_before(self) -> None:
        r: kzreforms.Reform = kzreforms.loads(
            json.dumps(
                {
                    "id": "x",
                    "title": "X",
                    "summary": "X.",
                    "kind": "law",
                    "topics": ["drugs"],
                    "milestones": [{"stage": "signed", "date": "2025"}],
                    "citations": [{"source": "fixture-news-report", "confidence": "low"}],
                    "penalty_changes": [
                        {"offence": "New", "after": {"liability": "criminal", "life": True}}
                    ],
                }
            )
        )
        (row,) = _tables.penalty_rows([r])
        assert row["before_liability"] is None
        assert row["is_new"] is True


class TestText:
    def test_json(self, rs: ReformSet, tmp_path: Path) -> None:
        text = _formats.to_json(rs)
        assert text == kzreforms.dumps(list(rs))
        p = tmp_path / "x.json"
        assert _formats.to_json(rs, p) == text
        assert p.read_text(encoding="utf-8") == text
        buf = io.StringIO()
        _formats.to_json(rs, buf)
        assert buf.getvalue() == text

    def test_json_with_sources_loads(
        self, rs: ReformSet, own_sources: list[Source], tmp_path: Path
    ) -> None:
        p = tmp_path / "x.json"
        _formats.to_json(rs, p, sources=own_sources)
        assert kzreforms.load(p) == rs

    def test_jsonl(self, rs: ReformSet) -> None:
        lines = _formats.to_jsonl(rs).splitlines()
        assert [json.loads(x) for x in lines] == rs.to_records()

    @pytest.mark.parametrize("table", ["reforms", "penalties"])
    def test_csv(self, rs: ReformSet, table: str, tmp_path: Path) -> None:
        p = tmp_path / "x.csv"
        text = _formats.to_csv(rs, p, table=table)  # type: ignore[arg-type]
        assert p.read_bytes().decode("utf-8") == text
        with p.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        expected = _tables.rows(rs, table)  # type: ignore[call-overload]
        sp = _tables.spec(table)  # type: ignore[arg-type]
        assert len(rows) == len(expected)
        for got, want in zip(rows, expected, strict=True):
            for k, v in want.items():
                if v is None:
                    assert got[k] == ""
                elif isinstance(v, bool):
                    assert got[k] == ("true" if v else "false")
                elif isinstance(v, list):
                    assert got[k] == sp.column(k).sep.join(v)
                else:
                    assert got[k] == str(v)
        frame = pd.read_csv(p)
        assert len(frame) == len(expected)

    def test_csv_quotes_awkward_text(self, rs: ReformSet) -> None:
        r = attrs.evolve(rs[0], title='A, "quoted"\ntitle')
        rows = list(csv.DictReader(io.StringIO(_formats.to_csv([r]))))
        assert rows[0]["title"] == 'A, "quoted"\ntitle'


class TestFrames:
    def test_pandas_reforms(self, rs: ReformSet) -> None:
        df = _formats.to_pandas(rs)
        assert tuple(df.columns) == REFORM_COLUMNS
        assert str(df["date"].dtype) == "datetime64[ms]"
        assert df["date"].iloc[1] == pd.Timestamp("2021-01-01")
        assert isinstance(df["date_precision"].dtype, pd.CategoricalDtype)
        assert list(df["date_precision"]) == ["day", "year", "day"]
        assert df["date_precision"].cat.ordered
        assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
        assert str(df["n_penalty_changes"].dtype) == "Int64"
        assert df["in_force"].isna().tolist() == [True, True, False]
        assert str(df["title"].dtype).startswith(("string", "str"))

    def test_pandas_penalties(self, rs: ReformSet) -> None:
        df = _formats.to_pandas(rs.penalties(), "penalties")
        assert tuple(df.columns) == PENALTY_COLUMNS
        assert str(df["after_max_months"].dtype) == "Int64"
        assert str(df["before_life"].dtype) == "boolean"
        g = df["after_gravity"]
        assert g.cat.ordered
        assert g.cat.categories[0] == "criminal-misdemeanour"
        assert (df["after_gravity"] >= "minor").tolist() == [True, False, False]

    def test_pandas_empty(self) -> None:
        df = _formats.to_pandas([], "penalties")
        assert df.shape == (0, len(PENALTY_COLUMNS))

    @pytest.mark.parametrize("table", ["reforms", "penalties"])
    def test_arrow_and_parquet(self, rs: ReformSet, table: str, tmp_path: Path) -> None:
        t = _formats.to_arrow(rs, table)  # type: ignore[arg-type]
        assert t.num_rows == len(_tables.rows(rs, table))  # type: ignore[call-overload]
        assert t.schema.metadata[b"kzreforms.table"] == table.encode()
        p = tmp_path / "x.parquet"
        assert _formats.write_parquet(rs, p, table=table) == p  # type: ignore[arg-type]
        back = pq.read_table(p)
        assert back.column_names == list(_tables.columns(table))  # type: ignore[arg-type]
        if table == "reforms":
            assert back.schema.field("date").type == pa.timestamp("ms")
            assert back.schema.field("n_figures").type == pa.int64()
            assert pa.types.is_dictionary(back.schema.field("kind").type)
            assert back.column("signed_precision").to_pylist() == ["day", None, "day"]
        else:
            assert back.schema.field("is_new").type == pa.bool_()

    def test_packaged_frames(self) -> None:
        every = kzreforms.reforms()
        assert len(_formats.to_pandas(every)) == len(every)
        assert _formats.to_arrow(every, "penalties").num_rows == len(every.penalties())


class TestMissingExtras:
    @pytest.mark.parametrize(
        ("module", "call", "extra"),
        [
            ("pandas", _formats.to_pandas, "pandas"),
            ("pyarrow", _formats.to_arrow, "pyarrow"),
            ("pyarrow", lambda rs: _formats.write_parquet(rs, "x.parquet"), "pyarrow"),
        ],
    )
    def test_message_names_extra(
        self, rs: ReformSet, monkeypatch: pytest.MonkeyPatch, module: str, call: object, extra: str
    ) -> None:
        monkeypatch.setitem(sys.modules, module, None)
        with pytest.raises(ImportError, match=rf'pip install "kzreforms\[{extra}\]"'):
            call(rs)  # type: ignore[operator]

    def test_import_is_lazy(self) -> None:
        code = (
            "import sys, kzreforms._formats, kzreforms._cli, kzreforms._display, "
            "kzreforms._cite, kzreforms._plot\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pandas', 'pyarrow', 'matplotlib')))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert out.strip() == "[]"


class TestAtomic:
    def test_failure_leaves_old_file_and_no_temp(self, tmp_path: Path) -> None:
        p = tmp_path / "x.csv"
        p.write_text("old", encoding="utf-8")

        def half(tmp: Path) -> None:
            tmp.write_text("partial", encoding="utf-8")
            raise RuntimeError("disk on fire")

        with pytest.raises(RuntimeError):
            _formats.atomic_write(p, half)
        assert p.read_text(encoding="utf-8") == "old"
        assert [q.name for q in tmp_path.iterdir()] == ["x.csv"]

    def test_unwritable_target_leaves_nothing(self, rs: ReformSet, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("", encoding="utf-8")
        with pytest.raises(OSError, match=r"out\.csv"):
            _formats.to_csv(rs, blocker / "out.csv")
        with pytest.raises(OSError, match=r"no-dir"):
            _formats.write_parquet(rs, tmp_path / "no-dir" / "x.parquet")
        with pytest.raises(IsADirectoryError):
            _formats.to_json(rs, tmp_path)
        assert [q.name for q in tmp_path.iterdir()] == ["file"]

    def test_file_mode_follows_umask(self, rs: ReformSet, tmp_path: Path) -> None:
        """The temporary file's private mode (0600) is not kept."""
        p = tmp_path / "x.json"
        _formats.to_json(rs, p)
        mask = os.umask(0o022)
        os.umask(mask)
        assert p.stat().st_mode & 0o777 == 0o666 & ~mask


class TestSchema:
    def test_shipped_schema_is_generated_from_the_model(self) -> None:
        assert _schema.json_schema() == _schema.build_json_schema()
        path = Path(_schema.__file__).parent / "data" / "schema" / "reform.schema.json"
        assert path.read_text(encoding="utf-8") == _schema.schema_text()

    def test_schema_is_valid_2020_12(self) -> None:
        jsonschema.Draft202012Validator.check_schema(_schema.json_schema())

    def test_packaged_records_validate(self) -> None:
        v = jsonschema.Draft202012Validator(_schema.json_schema())
        for rec in kzreforms.reforms().to_records():
            v.validate(rec)

    def test_sources_validate_against_defs(self) -> None:
        schema = {**_schema.json_schema(), "$ref": "#/$defs/Source"}
        v = jsonschema.Draft202012Validator(schema)
        for s in kzreforms.sources().values():
            v.validate(json.loads(kzreforms.dumps(s)))

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("kind",), "lawz"),
            (("id",), "Not A Slug"),
            (("topics",), []),
            (("milestones", 0, "date"), "2024-13"),
            (("title",), " padded "),
            (("penalty_changes", 0, "after", "liability"), "penal"),
            (("penalty_changes", 0, "before", "imprisonment", "max_months"), -1),
            (("unknown_field",), 1),
        ],
    )
    def test_schema_rejects(self, rs: ReformSet, path: tuple[object, ...], value: object) -> None:
        rec = copy.deepcopy(rs.to_records()[0])
        target = rec
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]
        v = jsonschema.Draft202012Validator(_schema.json_schema())
        assert not v.is_valid(rec)

    def test_schema_accepts_decimal_figures_and_nulls(self, rs: ReformSet) -> None:
        rec = rs.to_records()[0]
        rec["figures"] = [{"label": "share", "value": "4.2", "unit": "percent", "note": None}]
        assert jsonschema.Draft202012Validator(_schema.json_schema()).is_valid(rec)

    def test_write_schema(self, tmp_path: Path) -> None:
        p = _schema.write_schema(tmp_path / "s.json")
        assert json.loads(p.read_text(encoding="utf-8")) == _schema.json_schema()

# SPDX-License-Identifier: MIT
"""
The release diff across data formats (issue 15): format-1 records (facts
with bare ``sources``, measures as strings) against format-2 records (facts
citing passages, ``Measure`` objects, ``notes``, discrepancies with a
``path``) are compared on what both formats say, and CHANGELOG's generated
Data section is what ``tools/dev.py changelog-data`` makes of the previous
release's data (tests/fixtures/data-d896aa8.json.gz).
"""

from __future__ import annotations

import copy
import gzip
import json
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from _support import load_tool
from kzreforms import _cli
from kzreforms._diff import FORMATS, GROUP_MIN, common_form, record_format
from kzreforms._registry import Alias, IdRegistry, registry_from_json
from kzreforms._store import MAX_BYTES
from kzreforms.strategies import reforms as reform_records

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "kzreforms" / "data"
PREVIOUS = ROOT / "tests" / "fixtures" / "data-d896aa8.json.gz"
"""The previous release's data: the records of d896aa8 (data format 1)."""
ANY_ID = "women-children-safety-law-2024"
NO_REGISTRY = IdRegistry((), MappingProxyType({}), MappingProxyType({}))


release = load_tool("release.py")


def _records() -> list[dict[str, Any]]:
    return json.loads(kzreforms.reforms().to_json())  # type: ignore[no-any-return]


def _sources(value: Any) -> Any:
    """Each fact's citation refs as the sorted set of their source ids (format 1)."""
    if isinstance(value, list):
        return [_sources(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        if k == "citations":
            out["sources"] = sorted({c["source"] for c in v})
        else:
            out[k] = _sources(v)
    return out


def down(rec: dict[str, Any]) -> dict[str, Any]:
    """
    A format-2 record (JSON form) written in format 1, as the data was before
    the migration: facts name their sources, measures are strings, notes
    are measures again (at the end), discrepancies have no path.
    """
    out: dict[str, Any] = {}
    for k, v in rec.items():
        if k == "measures":
            out[k] = [m["text"] for m in v]
        elif k == "notes":
            continue
        elif k == "discrepancies":
            out[k] = [{kk: vv for kk, vv in d.items() if kk != "path"} for d in v]
        elif k == "citations":  # the record's bibliography: the same in both formats
            out[k] = v
        else:
            out[k] = _sources(v)
    notes = rec.get("notes") or []
    if notes:
        out["measures"] = [*out.get("measures", []), *notes]
    return out


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _diff(old: Any, new: Any, tmp: Path) -> kzreforms.DataDiff:
    """diff() of two lists of records (or an export object), through JSON files."""
    a = _write(tmp / "old.json", old)
    b = _write(tmp / "new.json", new)
    return kzreforms.diff(a, b, registry=NO_REGISTRY)


def _record(rid: str = ANY_ID) -> dict[str, Any]:
    return next(r for r in _records() if r["id"] == rid)


def _plain(rid: str = "x") -> dict[str, Any]:
    """A small format-2 record: one milestone citing one passage, two measures, a note."""
    cite = {"source": "s1", "locator": "¶1"}
    return {
        "id": rid,
        "title": "A law",
        "kind": "law",
        "milestones": [{"stage": "signed", "date": "2024-06", "citations": [cite]}],
        "citations": [{"source": "s1", "locator": "¶1", "confidence": "high"}],
        "measures": [
            {"text": "First measure.", "citations": [cite]},
            {"text": "Third measure.", "citations": [cite]},
        ],
        "notes": ["A caveat."],
        "discrepancies": [
            {
                "subject": "date",
                "citation": {"source": "s1", "locator": "¶1", "confidence": "high"},
                "claim": "June",
                "note": "kept",
                "path": "milestones[0].date",
            }
        ],
    }


# ---------------------------------------------------------------------------
# Formats
# ---------------------------------------------------------------------------


class TestRecordFormat:
    def test_what_each_format_shows(self) -> None:
        """A record's format comes from its measures, notes, discrepancies or facts' citations."""
        new = _plain()
        assert record_format(new) == 2
        assert record_format(down(new)) == 1
        bare = {"id": "x", "title": "t", "kind": "law", "milestones": []}
        assert record_format(bare) is None
        assert record_format({**bare, "notes": ["n"]}) == 2
        facts = {**bare, "milestones": [{"stage": "signed", "sources": ["a"]}]}
        assert record_format(facts) == 1
        assert record_format({**bare, "discrepancies": [{"subject": "s"}]}) == 1

    def test_the_bibliography_shows_no_format(self) -> None:
        """The record's own ``citations`` (its passages) are the same in both formats."""
        rec: dict[str, Any] = {"id": "x", "title": "t", "kind": "law", "milestones": []}
        rec["citations"] = [{"source": "s", "locator": "¶1"}]
        assert record_format(rec) is None

    def test_common_form(self) -> None:
        """Both formats of one record have one common form."""
        new = {**_plain(), "notes": []}
        assert common_form(new) == common_form(down(new))
        assert common_form(new)["milestones"][0]["sources"] == ["s1"]
        assert "path" not in common_form(new)["discrepancies"][0]

    def test_sides_report_their_format(self, tmp_path: Path) -> None:
        """Each side's format: what its records show, else what the input states."""
        d = _diff([down(_plain())], [_plain()], tmp_path)
        assert (d.old_format, d.new_format) == (1, 2)
        assert d.format_changed
        bare = [{"id": "x", "title": "t", "kind": "law", "milestones": []}]
        d = _diff({"format": 1, "reforms": bare}, bare, tmp_path)
        assert (d.old_format, d.new_format) == (1, None)
        assert not d.format_changed
        assert d.format_note() is None
        installed = kzreforms.diff("installed", "installed")
        assert (installed.old_format, installed.new_format) == (2, 2)


# ---------------------------------------------------------------------------
# Across formats
# ---------------------------------------------------------------------------


class TestAcrossFormats:
    def test_the_same_facts_give_no_per_fact_change(self, tmp_path: Path) -> None:
        """Every packaged record without notes against its format-1 form: nothing changed."""
        recs = [r for r in _records() if not r.get("notes")]
        d = _diff([down(r) for r in recs], recs, tmp_path)
        assert not d
        assert d.changed == ()
        assert d.format_changed
        note = d.format_note()
        assert note is not None
        assert note.startswith("Data format 1 -> 2: in format 2, facts cite passages")
        assert "a fact that only changed form is not listed" in note

    def test_the_format_change_is_said_once(self, tmp_path: Path) -> None:
        """Text, markdown and JSON outputs state the change of format once."""
        recs = _records()
        d = _diff([down(r) for r in recs], recs, tmp_path)
        once = 1
        assert once == d.to_text().count("Data format 1 -> 2")
        assert once == d.to_markdown().count("- Data format 1 → 2: in format 2,")
        doc = json.loads(d.to_json())
        assert doc["data_format"] == {"old": 1, "new": 2, "note": d.format_note()}
        assert FORMATS[2].replace("`", "") in d.to_text()

    def test_only_moved_measures_in_the_packaged_data(self, tmp_path: Path) -> None:
        """
        The packaged data against its format-1 form (notes back among the
        measures): each note is one moved measure, and nothing else changed.
        """
        recs = _records()
        d = _diff([down(r) for r in recs], recs, tmp_path)
        with_notes = {r["id"]: r["notes"] for r in recs if r.get("notes")}
        assert sorted(with_notes) == [rc.id for rc in d.changed]
        for rc in d.changed:
            assert all(c.moved for c in rc.changes), rc
            assert [c.new for c in rc.changes] == with_notes[rc.id]
            assert [c.new_path for c in rc.changes] == [
                f"notes[{i}]" for i in range(len(with_notes[rc.id]))
            ]

    def test_a_date_refined_across_formats(self, tmp_path: Path) -> None:
        """The issue's example across formats: the one real change, with path, old and new."""
        new = _record()
        old = down(new)
        i = next(i for i, m in enumerate(new["milestones"]) if len(m.get("date", "")) == 10)
        day = new["milestones"][i]["date"]
        old["milestones"][i]["date"] = day[:7]
        d = _diff([old], [new], tmp_path)
        want = kzreforms.FactChange(f"milestones[{i}].date", day[:7], day)
        assert [c for c in d.changed[0].changes if not c.moved] == [want]
        assert f"milestones[{i}].date: {day[:7]} -> {day}" in d.to_text()
        assert f"`milestones[{i}].date`: `{day[:7]}` → `{day}`" in d.to_markdown()

    def test_a_value_corrected_and_facts_added_and_removed(self, tmp_path: Path) -> None:
        """A corrected value, an added fact and a removed fact are listed across formats."""
        new = _plain()
        old = down(new)
        old["milestones"][0]["date"] = "2024-07"
        old["milestones"].append({"stage": "in-force", "date": "2025", "sources": ["s1"]})
        new["figures"] = [{"label": "n", "value": 3, "unit": "laws", "citations": []}]
        d = _diff([old], [new], tmp_path)
        changes = {c.path: (c.old, c.new) for c in d.changed[0].changes}
        assert changes["milestones[0].date"] == ("2024-07", "2024-06")
        assert changes["milestones[1]"] == (
            {"stage": "in-force", "date": "2025", "sources": ["s1"]},
            None,
        )
        assert changes["figures[0]"] == (None, {"label": "n", "value": 3, "unit": "laws"})
        assert "milestones[1]: in-force, 2025 -> (none)" in d.to_text()

    def test_sources_added_and_removed(self, tmp_path: Path) -> None:
        """A fact's set of source ids is compared: what it gained and lost is listed."""
        new = _plain()
        new["citations"].append({"source": "s2", "locator": "p. 2", "confidence": "high"})
        new["milestones"][0]["citations"] = [{"source": "s2", "locator": "p. 2"}]
        old = down(_plain())
        old["citations"] = new["citations"]
        d = _diff([old], [new], tmp_path)
        (change,) = [c for c in d.changed[0].changes if not c.moved]
        assert change == kzreforms.FactChange("milestones[0].sources", ["s1"], ["s2"])
        assert "milestones[0].sources: added s2; removed s1" in d.to_text()
        assert "`milestones[0].sources`: added `s2`; removed `s1`" in d.to_markdown()

    def test_a_second_passage_of_the_same_source_is_no_change(self, tmp_path: Path) -> None:
        """Format 1 cannot say which passage: citing another one of the same source is the same."""
        new = _plain()
        new["milestones"][0]["citations"].append({"source": "s1", "locator": "¶2"})
        new["citations"].append({"source": "s1", "locator": "¶2", "confidence": "high"})
        old = down(_plain())
        old["citations"] = new["citations"]
        d = _diff([old], [new], tmp_path)
        assert all(c.moved for rc in d.changed for c in rc.changes)

    def test_a_measure_moved_to_the_notes(self, tmp_path: Path) -> None:
        """A measure that became a note is one moved fact, not a removal and an addition."""
        new = _plain()
        old = down(new)
        old["measures"] = ["First measure.", "A caveat.", "Third measure."]
        d = _diff([old], [new], tmp_path)
        (change,) = d.changed[0].changes
        assert change == kzreforms.FactChange("measures[1]", "A caveat.", "A caveat.", "notes[0]")
        assert change.moved
        assert str(change) == "measures[1] -> notes[0] (moved): A caveat."
        assert "    - `measures[1]` → `notes[0]` (moved): `A caveat.`" in d.to_markdown()
        want = {
            "path": "measures[1]",
            "old": "A caveat.",
            "new": "A caveat.",
            "new_path": "notes[0]",
        }
        assert want == json.loads(d.to_json())["changed"][0]["changes"][0]

    def test_a_note_moved_back(self, tmp_path: Path) -> None:
        """The other way (format 2 to format 1), a note that is a measure again moved back."""
        new = _plain()
        old = down(new)
        old["measures"] = ["First measure.", "A caveat.", "Third measure."]
        d = _diff([new], [old], tmp_path)
        (change,) = d.changed[0].changes
        assert change == kzreforms.FactChange("notes[0]", "A caveat.", "A caveat.", "measures[1]")
        assert (change.reversed(),) == _diff([old], [new], tmp_path).changed[0].changes

    def test_measure_texts_changed_added_and_removed(self, tmp_path: Path) -> None:
        """Measures are matched by text: a reworded one is changed, others added or removed."""
        new = _plain()
        new["measures"][1]["text"] = "Third measure, reworded."
        new["measures"].append({"text": "A new measure.", "citations": []})
        old = down(_plain())
        old["measures"] = ["Gone.", "First measure.", "Third measure.", "A caveat."]
        d = _diff([old], [new], tmp_path)
        assert [
            kzreforms.FactChange("measures[0]", "Gone.", None),
            kzreforms.FactChange(
                "measures[2]", "Third measure.", "Third measure, reworded.", "measures[1]"
            ),
            kzreforms.FactChange("measures[3]", "A caveat.", "A caveat.", "notes[0]"),
            kzreforms.FactChange("measures[2]", None, "A new measure."),
        ] == sorted(d.changed[0].changes, key=lambda c: (c.old is None, c.path))
        assert "measures[2] -> measures[1]: Third measure. -> Third measure, reworded." in (
            d.to_text()
        )

    def test_a_new_note_is_added(self, tmp_path: Path) -> None:
        new = _plain()
        old = down(new)
        new["notes"].append("Another caveat.")
        d = _diff([old], [new], tmp_path)
        assert kzreforms.FactChange("notes[1]", None, "Another caveat.") in d.changed[0].changes

    def test_a_discrepancy_gaining_a_path_is_no_change(self, tmp_path: Path) -> None:
        """The path names what a discrepancy disputes; its claim and note are its meaning."""
        new = {**_plain(), "notes": []}
        old = down(new)
        assert "path" not in old["discrepancies"][0]
        d = _diff([old], [new], tmp_path)
        assert not d
        new["discrepancies"][0]["claim"] = "July"
        d = _diff([old], [new], tmp_path)
        want = [("discrepancies[0].claim", "June", "July")]
        assert want == [(c.path, c.old, c.new) for c in d.changed[0].changes]

    def test_a_rename_across_formats(self, tmp_path: Path) -> None:
        """A renamed record's other changes are compared across formats too."""
        reg = IdRegistry(
            ("new-id", "x"),
            MappingProxyType({"x": Alias("x", "new-id", "renamed", "2026.12.0")}),
            MappingProxyType({}),
        )
        a = _write(tmp_path / "a.json", [down(_plain("x"))])
        b = _write(tmp_path / "b.json", [_plain("new-id")])
        (ren,) = kzreforms.diff(a, b, registry=reg).renamed
        assert all(c.moved for c in ren.changes)


class TestSameFormat:
    def test_a_locator_change_is_seen_between_format_2_inputs(self, tmp_path: Path) -> None:
        """Two format-2 inputs keep the full comparison: passages included."""
        recs = _records()
        rec = next(r for r in recs if r["id"] == ANY_ID)
        old = rec["milestones"][0]["citations"][0]["locator"]
        rec["milestones"][0]["citations"][0]["locator"] = "another passage"
        d = kzreforms.diff("installed", _write(tmp_path / "n.json", recs))
        assert not d.format_changed
        assert d.format_note() is None
        assert (
            kzreforms.RecordChange(
                ANY_ID,
                (
                    kzreforms.FactChange(
                        "milestones[0].citations[0].locator", old, "another passage"
                    ),
                ),
            ),
        ) == d.changed
        assert "Data format" not in d.to_text() + d.to_markdown()

    def test_measures_of_format_2_by_position(self, tmp_path: Path) -> None:
        """Between format-2 inputs a measure's citations are compared too."""
        new = _plain()
        old = copy.deepcopy(new)
        new["measures"][0]["citations"] = [{"source": "s1", "locator": "¶2"}]
        d = _diff([old], [new], tmp_path)
        want = ["measures[0].citations[0].locator"]
        assert want == [c.path for c in d.changed[0].changes]


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

_IDS = st.sampled_from(("alpha", "beta", "gamma"))
_sets = st.lists(reform_records(_IDS), max_size=3, unique_by=lambda r: r.id)


def _json(recs: list[kzreforms.Reform]) -> list[dict[str, Any]]:
    return json.loads(kzreforms.ReformSet(recs).to_json())  # type: ignore[no-any-return]


def _mem(a: Any, b: Any) -> kzreforms.DataDiff:
    with tempfile.TemporaryDirectory() as d:
        return _diff(a, b, Path(d))


class TestProperties:
    @given(_sets)
    def test_a_diff_with_itself_is_empty(self, recs: list[kzreforms.Reform]) -> None:
        """Property: diff(x, x) is empty for generated records, in either format."""
        new = _json(recs)
        assert not _mem(new, new)
        assert not _mem([down(r) for r in new], [down(r) for r in new])

    @given(_sets)
    def test_a_record_against_its_format_1_form(self, recs: list[kzreforms.Reform]) -> None:
        """
        Property: a generated record against its format-1 down-conversion
        differs only by its notes, each one moved measure; without notes,
        not at all.  The other way round, the same moves back.
        """
        new = _json(recs)
        old = [down(r) for r in new]
        d = _mem(old, new)
        notes = {r["id"]: r.get("notes", []) for r in new}
        assert sorted(rid for rid, ns in notes.items() if ns) == [rc.id for rc in d.changed]
        for rc in d.changed:
            assert all(c.moved for c in rc.changes)
            assert sorted(c.new for c in rc.changes) == sorted(notes[rc.id])
            assert all((c.new_path or "").startswith("notes[") for c in rc.changes)
        back = _mem(new, old)
        assert [rc.id for rc in back.changed] == [rc.id for rc in d.changed]
        for fwd, rev in zip(d.changed, back.changed, strict=True):
            assert sorted(map(str, rev.changes)) == sorted(str(c.reversed()) for c in fwd.changes)

    @given(_sets, st.data())
    def test_a_changed_date_is_found_across_formats(
        self, recs: list[kzreforms.Reform], data: st.DataObject
    ) -> None:
        """Property: a milestone's date changed on the format-1 side is the one fact reported."""
        new = _json(recs)
        if not new:
            return
        old = [down(r) for r in new]
        k = data.draw(st.integers(0, len(old) - 1))
        i = data.draw(st.integers(0, len(old[k]["milestones"]) - 1))
        was = old[k]["milestones"][i].get("date")
        old[k]["milestones"][i]["date"] = "1901"
        d = _mem(old, new)
        found = [
            (rc.id, c.path, c.old, c.new) for rc in d.changed for c in rc.changes if not c.moved
        ]
        if was == "1901":
            assert found == []
        else:
            assert found == [(new[k]["id"], f"milestones[{i}].date", "1901", was)]


# ---------------------------------------------------------------------------
# Markdown for CHANGELOG
# ---------------------------------------------------------------------------


class TestMarkdown:
    def test_added_records_with_titles(self, tmp_path: Path) -> None:
        d = _diff([], [_plain("x"), {**_plain("y"), "title": "Why\nnot"}], tmp_path)
        assert "- Added (2):\n  - `x`: A law\n  - `y`: Why not\n" in d.to_markdown()

    def test_a_change_made_to_many_records_is_listed_once(self, tmp_path: Path) -> None:
        """The same change to GROUP_MIN or more records: one line naming them all."""
        ids = [f"r{i}" for i in range(GROUP_MIN + 2)]
        old = [_plain(r) for r in ids]
        new = [{**_plain(r), "last_checked": "2026-12-02"} for r in ids]
        new[0]["title"] = "Another title"
        new[1]["last_checked"] = "2026-03-18"
        md = _diff(old, new, tmp_path).to_markdown()
        assert (
            "  - `last_checked`: `(none)` → `2026-12-02`, in 4 records: every changed "
            "record but `r1`\n"
        ) in md
        assert "  - `r0`\n    - `title`: `A law` → `Another title`\n" in md
        assert "  - `r1`\n    - `last_checked`: `(none)` → `2026-03-18`\n" in md
        new[1]["last_checked"] = "2026-12-02"
        md = _diff(old, new, tmp_path).to_markdown()
        assert "`2026-12-02`, in every changed record\n" in md
        ids = [f"r{i}" for i in range(2 * GROUP_MIN + 1)]
        old = [_plain(r) for r in ids]
        new = [{**_plain(r), "last_checked": "2026-12-02"} for r in ids[:GROUP_MIN]]
        new += [{**_plain(r), "title": "T"} for r in ids[GROUP_MIN:]]
        md = _diff(old, new, tmp_path).to_markdown()
        assert "in 3 records: `r0`, `r1`, `r2`\n" in md

    def test_a_few_records_are_not_grouped(self, tmp_path: Path) -> None:
        ids = [f"r{i}" for i in range(GROUP_MIN - 1)]
        old = [_plain(r) for r in ids]
        new = [{**_plain(r), "background": True} for r in ids]
        md = _diff(old, new, tmp_path).to_markdown()
        assert "in " not in md
        assert md.count("`background`") == len(ids)

    def test_long_texts_show_where_they_differ(self, tmp_path: Path) -> None:
        """A long text changed near its end shows the part that differs, not the same start."""
        text = "word " * 40
        old = [{**_plain(), "summary": text + "old end."}]
        new = [{**_plain(), "summary": text + "new end."}]
        line = _diff(old, new, tmp_path).to_text().splitlines()[-1]
        assert (
            line.strip()
            == "summary: ...word word word word old end. -> ...word word word word new end."
        )

    def test_items_in_a_few_words(self, tmp_path: Path) -> None:
        """An added milestone, figure or passage is named by its fields, not as JSON."""
        old = [_plain()]
        new = [_plain()]
        new[0]["milestones"].append({"stage": "in-force", "date": "2025-01-01"})
        new[0]["citations"].append({"source": "s9", "locator": "p. 4", "confidence": "low"})
        md = _diff(old, new, tmp_path).to_markdown()
        assert "`milestones[1]`: `(none)` → `in-force, 2025-01-01`" in md
        assert "`citations[1]`: `(none)` → `s9, p. 4`" in md


# ---------------------------------------------------------------------------
# Inputs: gzip, and the previous release's data
# ---------------------------------------------------------------------------


class TestGzipInputs:
    def test_a_gzip_export_reads_as_the_export(self, tmp_path: Path) -> None:
        raw = kzreforms.reforms().to_json().encode()
        (tmp_path / "x.json.gz").write_bytes(gzip.compress(raw))
        (tmp_path / "x.jsonl.gz").write_bytes(
            gzip.compress(kzreforms.reforms().to_jsonl().encode())
        )
        assert not kzreforms.diff(tmp_path / "x.json.gz", "installed")
        assert not kzreforms.diff(tmp_path / "x.jsonl.gz", "installed")

    def test_a_truncated_gzip_file(self, tmp_path: Path) -> None:
        """A corrupt gzip export is a DiffInputError saying so, and the CLI exits 2."""
        raw = gzip.compress(kzreforms.reforms().to_json().encode())
        bad = tmp_path / "x.json.gz"
        bad.write_bytes(raw[: len(raw) // 2])
        with pytest.raises(kzreforms.DiffInputError) as info:
            kzreforms.diff(bad, "installed")
        assert str(info.value).startswith(f"{bad}: a corrupt export: not valid gzip data (")
        assert "is the file truncated?" in str(info.value)
        assert _cli.main(["diff", str(bad), "installed"]) == 2

    def test_too_much_once_decompressed(self, tmp_path: Path) -> None:
        """A small gzip file that expands past the size limit is refused, not read whole."""
        bomb = tmp_path / "x.json.gz"
        bomb.write_bytes(gzip.compress(b"[" + b" " * MAX_BYTES + b"]"))
        with pytest.raises(kzreforms.DiffInputError, match="bytes of data once decompressed"):
            kzreforms.diff(bomb, "installed")


class TestPreviousRelease:
    def test_the_fixture_is_the_previous_data(self) -> None:
        """The fixture holds d896aa8's 101 records in data format 1."""
        doc = json.loads(gzip.decompress(PREVIOUS.read_bytes()))
        assert doc["format"] == 1
        assert len(doc["reforms"]) == 101
        assert {record_format(r) for r in doc["reforms"]} == {1}

    def test_no_id_of_the_previous_release_disappeared(self) -> None:
        """Every id of the previous data names a record now, or has an alias or a tombstone."""
        doc = json.loads(gzip.decompress(PREVIOUS.read_bytes()))
        reg = registry_from_json((DATA / "ids.json").read_bytes())
        current = kzreforms.reforms().ids()
        lost = [
            r["id"]
            for r in doc["reforms"]
            if r["id"] not in current
            and r["id"] not in reg.aliases
            and r["id"] not in reg.tombstones
        ]
        assert lost == []

    def test_changelog_holds_the_generated_data_section(self) -> None:
        """
        CHANGELOG's Data section of 0.2.0, the release whose previous data the
        fixture is, is what
        `python tools/dev.py changelog-data tests/fixtures/data-d896aa8.json.gz`
        makes of it (regenerate it with --write when the data change before
        that release; a later release compares with 0.2.0's data).
        """
        text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
        first = release.section(text, "0.2.0")
        assert first is not None
        assert release.generated(first) == release.data_block(PREVIOUS), (
            "run: python tools/dev.py changelog-data tests/fixtures/data-d896aa8.json.gz --write"
        )

    def test_the_section_reads_well(self) -> None:
        """The generated section is short enough to read: no per-fact noise of the migration."""
        block = release.data_block(PREVIOUS)
        assert block.count("\n") < 400
        assert "- Data format 1 → 2: in format 2," in block
        assert "- Added (26):\n" in block
        assert "`.sources`: `(none)`" not in block
        assert ".citations[" not in block
        assert block.rstrip().endswith(release.END)
        assert release.FULL in block

# SPDX-License-Identifier: MIT
"""
Loading a user's data is all or nothing (issue 7).

A file with several bad records raises one DataLoadError naming every bad
record (by id) and the path of each bad field; nothing half-built remains and
the packaged dataset is untouched (not reloaded, not changed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kzreforms
from kzreforms import DataLoadError, ReformSet, _api, _store, dumps

SOURCE = {"id": "my-source", "title": "A report", "publisher": "Someone", "kind": "ngo"}


def reform(rid: str, **over: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "id": rid,
        "title": "A law",
        "summary": "A reform.",
        "kind": "law",
        "topics": ["courts"],
        "milestones": [{"stage": "signed", "date": "2021-05"}],
        "citations": [{"source": "my-source", "confidence": "high"}],
    }
    doc.update(over)
    return doc


def without(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != key}


GOOD = [reform("good-one"), reform("good-two", kind="decree")]
BAD_REFORMS = [
    reform("bad-date", milestones=[{"stage": "signed", "date": "2021-13"}]),
    reform("bad-kind", kind="statute"),
    reform("bad-type", topics="courts"),
    without(reform("missing-title"), "title"),
    reform("bad-nested", penalty_changes=[{"offence": "x", "after": {"liability": 3}}]),
    reform("unknown-source", citations=[{"source": "nope", "confidence": "high"}]),
    reform("good-one"),  # a second record with the id of a good one
]
BAD_SOURCES = [{**SOURCE, "id": "bad-src", "kind": 5}]
# (record id, field path) of every problem the files below hold.
EXPECTED = [
    ("bad-src", "$.kind"),
    ("bad-date", "$.milestones[0].date"),
    ("bad-kind", "$.kind"),
    ("bad-type", "$.topics"),
    ("missing-title", "$.title"),
    ("bad-nested", "$.penalty_changes[0].after.liability"),
    ("unknown-source", "$.citations"),
    ("good-one", "id used twice"),
]


def doc(reforms: list[dict[str, Any]], sources: list[dict[str, Any]]) -> dict[str, Any]:
    return {"sources": sources, "reforms": reforms}


def write_dir(root: Path, reforms: list[dict[str, Any]], sources: list[dict[str, Any]]) -> Path:
    for folder, records in (("reforms", reforms), ("sources", sources)):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for i, r in enumerate(records):
            (root / folder / f"{i:02d}-{r.get('id', 'x')}.json").write_text(
                json.dumps(r), encoding="utf-8"
            )
    return root


def write_file(root: Path, reforms: list[dict[str, Any]], sources: list[dict[str, Any]]) -> Path:
    path = root / "mine.json"
    path.write_text(json.dumps(doc(reforms, sources)), encoding="utf-8")
    return path


Form = Callable[[Path, list[dict[str, Any]], list[dict[str, Any]]], Any]
FORMS: dict[str, Form] = {
    "directory": write_dir,
    "file Path": write_file,
    "file str": lambda root, r, s: str(write_file(root, r, s)),
    "JSON str": lambda _root, r, s: json.dumps(doc(r, s)),
    "JSON bytes": lambda _root, r, s: json.dumps(doc(r, s)).encode(),
}
TEXT_FORMS = frozenset({"JSON str", "JSON bytes"})


def load_form(form: str, data: Any) -> ReformSet:
    """JSON text goes to load_text(), paths to load() (round two: no guessing)."""
    return kzreforms.load_text(data) if form in TEXT_FORMS else kzreforms.load(data)


@pytest.fixture
def packaged() -> tuple[int, ReformSet, str]:
    rs = kzreforms.reforms()
    return _store.load_count(), rs, dumps(list(rs))


def assert_untouched(packaged: tuple[int, ReformSet, str]) -> None:
    count, rs, text = packaged
    assert _store.load_count() == count
    assert kzreforms.reforms() is rs
    assert _api._packaged is rs
    assert dumps(list(kzreforms.reforms())) == text


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_bad_record_named_once(
    form: str, tmp_path: Path, packaged: tuple[int, ReformSet, str]
) -> None:
    data = FORMS[form](tmp_path, [*GOOD, *BAD_REFORMS], [SOURCE, *BAD_SOURCES])
    with pytest.raises(DataLoadError) as info:
        load_form(form, data)
    problems = info.value.problems
    for rid, path in EXPECTED:
        hits = [p for p in problems if rid in p and path in p]
        assert hits, f"no problem names {rid} at {path}:\n" + "\n".join(problems)
    named = {rid for rid, _ in EXPECTED}
    assert not [p for p in problems if not any(r in p for r in named)]  # nothing else
    assert str(info.value).startswith(f"{len(problems)} problem(s) in the data:")
    assert_untouched(packaged)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_good_records_load_after_a_failure(
    form: str, tmp_path: Path, packaged: tuple[int, ReformSet, str]
) -> None:
    """A failed load leaves nothing behind: the next load sees only its own data."""
    for sub in ("bad", "good"):
        (tmp_path / sub).mkdir()
    with pytest.raises(DataLoadError):
        load_form(form, FORMS[form](tmp_path / "bad", [*GOOD, *BAD_REFORMS], [SOURCE]))
    rs = load_form(form, FORMS[form](tmp_path / "good", GOOD, [SOURCE]))
    assert rs.ids() == ("good-one", "good-two")
    assert "bad-date" not in rs.ids()
    assert_untouched(packaged)


def test_with_packaged_failure_keeps_the_packaged_set(
    packaged: tuple[int, ReformSet, str],
) -> None:
    text = json.dumps(doc([*GOOD, BAD_REFORMS[0]], [SOURCE]))
    with pytest.raises(DataLoadError) as info:
        kzreforms.load_text(text, with_packaged=True)
    assert any("bad-date" in p for p in info.value.problems)
    assert_untouched(packaged)
    both = kzreforms.load_text(json.dumps(doc(GOOD, [SOURCE])), with_packaged=True)
    assert len(both) == len(packaged[1]) + 2


def test_clash_with_a_packaged_id(packaged: tuple[int, ReformSet, str]) -> None:
    rid = packaged[1].ids()[0]
    with pytest.raises(DataLoadError) as info:
        kzreforms.load_text(json.dumps(doc([reform(rid)], [SOURCE])), with_packaged=True)
    assert f"reform {rid}: id used twice" in info.value.problems
    assert_untouched(packaged)


def test_broken_files_and_bad_records_reported_together(
    tmp_path: Path, packaged: tuple[int, ReformSet, str]
) -> None:
    """In a directory, undecodable files are listed beside the bad records of the others."""
    root = write_dir(tmp_path, [*GOOD, BAD_REFORMS[1]], [SOURCE])
    (root / "reforms" / "zz-broken.json").write_text('{"id": "x",', encoding="utf-8")
    (root / "reforms" / "zz-nan.json").write_text('{"id": NaN}', encoding="utf-8")
    (root / "sources" / "zz-dup.json").write_text('{"id": "a", "id": "b"}', encoding="utf-8")
    with pytest.raises(DataLoadError) as info:
        kzreforms.load(root)
    text = "\n".join(info.value.problems)
    for name in ("zz-broken.json", "zz-nan.json", "zz-dup.json"):
        assert name in text
    assert "bad-kind" not in text or "zz-" in text  # decoding problems stop before records
    assert_untouched(packaged)


def test_list_of_reforms_file(tmp_path: Path, packaged: tuple[int, ReformSet, str]) -> None:
    """A plain list of reforms may cite packaged sources only."""
    src = next(iter(kzreforms.sources()))
    cite = [{"source": src, "confidence": "medium"}]
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps([reform("a-one", citations=cite), reform("a-two", citations=cite, kind=1)]),
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError) as info:
        kzreforms.load(path)
    assert [p for p in info.value.problems if "(a-two)" in p and "$.kind" in p]
    assert not [p for p in info.value.problems if "a-one" in p]
    path.write_text(json.dumps([reform("a-one", citations=cite)]), encoding="utf-8")
    assert kzreforms.load(path).ids() == ("a-one",)
    assert_untouched(packaged)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[", "not valid JSON"),
        ('{"reforms": [], "extra": 1}', "unknown top-level key(s) ['extra']"),
        ('{"reforms": {}}', "must be JSON lists"),
        ("5", "expected a list of reforms"),
        (b"\xff", "not UTF-8"),
        ("[" * 100 + "]" * 100, "nested deeper"),
    ],
)
def test_whole_file_problems(
    text: str | bytes, needle: str, packaged: tuple[int, ReformSet, str]
) -> None:
    with pytest.raises(DataLoadError) as info:
        kzreforms.load_text(text)
    assert needle in str(info.value)
    assert_untouched(packaged)


def test_missing_path(tmp_path: Path, packaged: tuple[int, ReformSet, str]) -> None:
    with pytest.raises(DataLoadError) as info:
        kzreforms.load(tmp_path / "nope.json")
    assert "nope.json: cannot read" in str(info.value)
    assert_untouched(packaged)

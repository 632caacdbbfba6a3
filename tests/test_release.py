# SPDX-License-Identifier: MIT
"""
Releases (issue 15): the data version, the id registry (aliases and
tombstones behind ``get``), the release diff (``kzreforms.diff`` and
``kzreforms diff``) and the release tooling (tools/release.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from _support import load_tool
from kzreforms import _cli, _registry
from kzreforms._diff import DATA_FORMAT, _normal, read_records
from kzreforms._registry import (
    Alias,
    IdRegistry,
    Tombstone,
    registry_from_json,
    registry_problems,
    updated_registry,
)
from kzreforms.strategies import reforms as reform_records

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "kzreforms" / "data"
ANY_ID = "women-children-safety-law-2024"
OTHER_ID = "criminal-code-amendments-2019-12"


release = load_tool("release.py")


@contextlib.contextmanager
def registry(reg: IdRegistry) -> Iterator[None]:
    """Use *reg* as the packaged id registry for the duration."""
    saved = _registry._cached
    _registry._cached = reg
    try:
        yield
    finally:
        _registry._cached = saved


def _reg(
    aliases: dict[str, tuple[str, str]] | None = None,
    tombstones: dict[str, str] | None = None,
    current: tuple[str, ...] = (),
) -> IdRegistry:
    al = {k: Alias(k, new, why, "2026.12.0") for k, (new, why) in (aliases or {}).items()}
    tb = {k: Tombstone(k, why, "2026.12.0") for k, why in (tombstones or {}).items()}
    released = tuple(sorted({*current, *al, *tb}))
    return IdRegistry(released, MappingProxyType(al), MappingProxyType(tb))


def _records() -> list[dict[str, Any]]:
    return json.loads(kzreforms.reforms().to_json())  # type: ignore[no-any-return]


def _write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------
# 1. The data version
# ---------------------------------------------------------------------------


class TestDataVersion:
    def test_follows_the_documented_rule(self) -> None:
        """YEAR.MONTH.N (docs/releases.md): a zero-padded month, N from 0."""
        assert re.fullmatch(r"20\d\d\.(0[1-9]|1[0-2])\.\d+", kzreforms.DATA_VERSION)
        assert "DATA_VERSION" in kzreforms.__all__

    def test_import_stays_cheap(self) -> None:
        """Reading DATA_VERSION loads neither attrs, cattrs nor the data."""
        code = (
            "import sys, kzreforms; v = kzreforms.DATA_VERSION; "
            "print(v, sorted(m for m in sys.modules if m.split('.')[0] in "
            "('attrs', 'cattrs', 'dateutil') or m.startswith('kzreforms.')))"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert f"{kzreforms.DATA_VERSION} []\n" == out

    def test_version_option(self, capsys: pytest.CaptureFixture[str]) -> None:
        """kzreforms --version names the data version."""
        assert _cli.main(["--version"]) == 0
        out = capsys.readouterr().out
        assert f"data {kzreforms.DATA_VERSION}," in out

    @pytest.mark.parametrize("fmt", ["text", "bibtex", "csl"])
    def test_dataset_citation(self, fmt: str) -> None:
        """Every form of the dataset citation states the data version."""
        assert f"data version {kzreforms.DATA_VERSION}" in kzreforms.cite_dataset(fmt).lower()

    def test_arrow_metadata(self, tmp_path: Path) -> None:
        """Arrow tables and Parquet files carry kzreforms.data_version."""
        pq = pytest.importorskip("pyarrow.parquet")
        rs = kzreforms.reforms()
        want = kzreforms.DATA_VERSION.encode()
        assert want == rs.to_arrow().schema.metadata[b"kzreforms.data_version"]
        path = rs.penalties().to_parquet(tmp_path / "p.parquet")
        assert want == pq.read_schema(path).metadata[b"kzreforms.data_version"]


# ---------------------------------------------------------------------------
# 2. The id registry
# ---------------------------------------------------------------------------


class TestPackagedRegistry:
    def test_no_released_id_disappears(self) -> None:
        """
        Every id ever released still names a record, or has an alias or a
        tombstone; every current id is listed (else: python tools/data.py ids).
        """
        reg = registry_from_json((DATA / "ids.json").read_bytes())
        current = [p.stem for p in (DATA / "reforms").glob("*.json")]
        assert registry_problems(reg, current) == [], "run: python tools/data.py ids"

    def test_file_is_canonical(self) -> None:
        """data/ids.json is what `python tools/data.py ids` writes."""
        text = (DATA / "ids.json").read_text(encoding="utf-8")
        assert text == registry_from_json(text).to_json(), "run: python tools/data.py ids"

    def test_ids_check_command(self) -> None:
        """`python tools/data.py ids --check` passes on the packaged data."""
        proc = subprocess.run(
            [sys.executable, "tools/data.py", "ids", "--check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr


class TestRegistryChecks:
    def test_a_vanished_id_is_reported(self) -> None:
        """A released id without record, alias or tombstone fails, naming the fix."""
        reg = _reg(current=("a", "b"))
        (msg,) = registry_problems(reg, ["a"])
        assert "released id 'b' names no record" in msg
        assert "alias" in msg
        assert "tombstone" in msg

    def test_a_new_id_is_reported_with_the_command(self) -> None:
        """A current id missing from the registry says to run the update command."""
        (msg,) = registry_problems(_reg(current=("a",)), ["a", "new"])
        assert "python tools/data.py ids" in msg

    def test_aliases_and_tombstones_satisfy_the_check(self) -> None:
        reg = _reg({"old": ("a", "renamed")}, {"gone": "duplicate"}, current=("a",))
        assert registry_problems(reg, ["a"]) == []

    def test_an_alias_to_nowhere_is_reported(self) -> None:
        reg = _reg({"old": ("missing", "renamed")}, current=("a",))
        assert (registry_problems(reg, ["a"])) == [
            "alias 'old' -> 'missing' leads to no record (or in a circle)"
        ]

    def test_a_circle_of_aliases_is_reported(self) -> None:
        reg = _reg({"x": ("y", "r"), "y": ("x", "r")}, current=("a",))
        assert len(registry_problems(reg, ["a"])) == 2

    def test_contradictions_are_reported(self) -> None:
        """A current id with an alias, an id with both, an unlisted alias: each reported."""
        al = {"a": Alias("a", "b", "r", "v"), "c": Alias("c", "a", "r", "v")}
        tb = {"c": Tombstone("c", "r", "v")}
        reg = IdRegistry(("a", "b"), MappingProxyType(al), MappingProxyType(tb))
        problems = registry_problems(reg, ["a", "b"])
        assert "id 'a' names a record but also has an alias or a tombstone" in problems
        assert "id 'c' has both an alias and a tombstone" in problems
        assert "aliased or withdrawn id 'c' is not listed as released" in problems

    def test_update_only_adds(self) -> None:
        reg = updated_registry(_reg(current=("a", "b")), ["c"])
        assert reg.released == ("a", "b", "c")

    def test_round_trip(self) -> None:
        reg = _reg({"old": ("a", "renamed")}, {"gone": "duplicate"}, current=("a",))
        assert reg == registry_from_json(reg.to_json())

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("{", "not valid JSON"),
            ('{"format": 2, "released": []}', "format 2; this version reads format 1"),
            ("[]", "expected an object with a 'released' list"),
            ('{"format": 1, "released": [""]}', "'released' must list ids"),
            ('{"format": 1, "released": [], "aliases": {"a": {"to": "b"}}}', "'reason'"),
            ('{"format": 1, "released": [], "aliases": []}', "must be objects keyed by id"),
        ],
    )
    def test_bad_registry_files(self, text: str, message: str) -> None:
        """A broken registry is a DataLoadError saying what is wrong."""
        with pytest.raises(kzreforms.DataLoadError, match=re.escape(message)):
            registry_from_json(text)


class TestGetFollowsTheRegistry:
    def test_alias_returns_the_new_record_with_a_warning(self) -> None:
        """get(old) gives the new record and a RenamedIdWarning naming the new id."""
        with (
            registry(_reg({"old-id": (ANY_ID, "merged into the 2024 law")}, current=(ANY_ID,))),
            pytest.warns(kzreforms.RenamedIdWarning, match=f"now '{ANY_ID}'") as caught,
        ):
            r = kzreforms.get("old-id")
        assert kzreforms.get(ANY_ID) is r
        w = caught[0].message
        assert isinstance(w, kzreforms.RenamedIdWarning)
        assert (w.old, w.new, w.reason) == ("old-id", ANY_ID, "merged into the 2024 law")
        assert issubclass(kzreforms.RenamedIdWarning, UserWarning)
        assert caught[0].filename == __file__  # points at the caller

    def test_chains_are_followed(self) -> None:
        reg = _reg({"a": ("b", "first"), "b": (ANY_ID, "second")}, current=(ANY_ID,))
        with registry(reg), pytest.warns(kzreforms.RenamedIdWarning, match="first; then second"):
            assert kzreforms.get("a").id == ANY_ID

    def test_tombstone_raises_with_the_reason(self) -> None:
        """A withdrawn id raises WithdrawnReformError saying when and why."""
        with (
            registry(_reg(tombstones={"gone-id": "a duplicate of another record"})),
            pytest.raises(kzreforms.WithdrawnReformError) as info,
        ):
            kzreforms.get("gone-id")
        assert str(info.value) == (
            "reform id 'gone-id' was withdrawn in data version 2026.12.0: "
            "a duplicate of another record"
        )
        assert isinstance(info.value, kzreforms.UnknownReformError)
        assert isinstance(info.value, LookupError)

    def test_alias_to_a_withdrawn_id(self) -> None:
        reg = _reg({"a": ("b", "renamed")}, {"b": "withdrawn later"})
        with registry(reg), pytest.raises(kzreforms.WithdrawnReformError, match="renamed to 'b'"):
            kzreforms.get("a")

    def test_unknown_ids_are_still_unknown(self) -> None:
        with pytest.raises(kzreforms.UnknownReformError, match="did you mean") as info:
            kzreforms.get(ANY_ID + "x")
        assert not isinstance(info.value, kzreforms.WithdrawnReformError)

    @given(
        old=st.from_regex(r"[a-z][a-z0-9-]{2,30}", fullmatch=True),
        target=st.sampled_from(sorted(kzreforms.reforms().ids())),
    )
    def test_applying_an_alias_keeps_get_working(self, old: str, target: str) -> None:
        """Property: after renaming *old* to *target*, get(old) is get(target), with a warning."""
        if old in kzreforms.reforms().ids():
            return
        current = kzreforms.reforms().ids()
        reg = updated_registry(_reg({old: (target, "renamed")}, current=current), current)
        assert registry_problems(reg, current) == []
        with registry(reg), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = kzreforms.get(old)
        assert kzreforms.get(target) is got
        assert [kzreforms.RenamedIdWarning] == [w.category for w in caught]

    def test_show_follows_an_alias(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`kzreforms show OLD` shows the new record, with a note on stderr."""
        with registry(_reg({"old-id": (ANY_ID, "renamed")}, current=(ANY_ID,))):
            assert _cli.main(["show", "old-id", "--format", "json"]) == 0
        out, err = capsys.readouterr()
        assert json.loads(out)["reform"]["id"] == ANY_ID
        assert f"kzreforms: note: reform id 'old-id' is now '{ANY_ID}'" in err

    def test_cite_follows_an_alias(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`kzreforms cite OLD` cites the new record, with a note on stderr."""
        with registry(_reg({"old-id": (ANY_ID, "renamed")}, current=(ANY_ID,))):
            assert _cli.main(["cite", "old-id"]) == 0
        out, err = capsys.readouterr()
        assert out == kzreforms.cite(kzreforms.get(ANY_ID))
        assert "is now" in err

    def test_show_of_a_withdrawn_id(self, capsys: pytest.CaptureFixture[str]) -> None:
        with registry(_reg(tombstones={"gone-id": "a duplicate"})):
            assert _cli.main(["show", "gone-id"]) == 2
        assert "was withdrawn in data version 2026.12.0: a duplicate" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# 3. The diff
# ---------------------------------------------------------------------------

_POOL = ("alpha", "beta", "gamma", "delta", "epsilon")
_json_scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5)
_json = st.recursive(
    _json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)
_generic_records = st.fixed_dictionaries(
    {
        "id": st.sampled_from(_POOL),
        "title": st.text(max_size=5),
        "kind": st.sampled_from(["law", "decree"]),
        "milestones": st.lists(
            st.fixed_dictionaries({"stage": st.sampled_from(["signed", "in-force"])}).flatmap(
                lambda m: st.fixed_dictionaries(
                    {
                        **{k: st.just(v) for k, v in m.items()},
                        "date": st.sampled_from(["2024", "2024-06"]),
                    }
                )
            ),
            max_size=3,
        ),
    },
    optional={"topics": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3), "extra": _json},
)
_record_lists = st.lists(_generic_records, max_size=4, unique_by=lambda r: str(r["id"]))


def _diff_json(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> kzreforms.DataDiff:
    with tempfile.TemporaryDirectory() as d:
        pa = _write(Path(d) / "a.json", a)
        pb = _write(Path(d) / "b.json", b)
        return kzreforms.diff(pa, pb, registry=_reg())


def _facts(d: kzreforms.DataDiff) -> set[tuple[str, str, str, str]]:
    return {
        (rc.id, c.path, json.dumps(c.old), json.dumps(c.new))
        for rc in d.changed
        for c in rc.changes
    }


class TestDiffProperties:
    @given(_record_lists)
    def test_a_diff_with_itself_is_empty(self, recs: list[dict[str, Any]]) -> None:
        """Property: diff(a, a) is empty."""
        d = _diff_json(recs, recs)
        assert not d
        assert (d.added, d.withdrawn, d.renamed, d.changed) == ((), (), (), ())

    @given(_record_lists, _record_lists)
    def test_reversed_swaps_sides(self, a: list[dict[str, Any]], b: list[dict[str, Any]]) -> None:
        """Property: diff(b, a) swaps added and withdrawn, and old and new values."""
        ab, ba = _diff_json(a, b), _diff_json(b, a)
        assert ab.added == ba.withdrawn
        assert ab.withdrawn == ba.added
        assert _facts(ab.reversed()) == _facts(ba)
        assert _facts(ab) == _facts(ba.reversed())

    @given(_record_lists, _record_lists)
    def test_every_difference_is_reported(
        self, a: list[dict[str, Any]], b: list[dict[str, Any]]
    ) -> None:
        """Property: a record is listed as changed exactly when its normal form differs."""
        d = _diff_json(a, b)
        ia, ib = {r["id"]: _normal(r) for r in a}, {r["id"]: _normal(r) for r in b}
        assert tuple(sorted(ib.keys() - ia.keys())) == d.added
        assert tuple(sorted(ia.keys() - ib.keys())) == d.withdrawn
        assert sorted(i for i in ia.keys() & ib.keys() if ia[i] != ib[i]) == [
            rc.id for rc in d.changed
        ]
        assert all(rc.changes for rc in d.changed)

    @pytest.mark.slow  # whole generated records: ~20 s; test_reversed_swaps_sides stays fast
    @given(
        st.lists(reform_records(st.sampled_from(_POOL)), max_size=3, unique_by=lambda r: r.id),
        st.lists(reform_records(st.sampled_from(_POOL)), max_size=3, unique_by=lambda r: r.id),
    )
    def test_real_records(self, a: list[kzreforms.Reform], b: list[kzreforms.Reform]) -> None:
        """Property: on real records (as collections) too, reversing swaps the sides."""
        ab = kzreforms.diff(kzreforms.ReformSet(a), kzreforms.ReformSet(b), registry=_reg())
        ba = kzreforms.diff(kzreforms.ReformSet(b), kzreforms.ReformSet(a), registry=_reg())
        assert (ab.added, ab.withdrawn) == (ba.withdrawn, ba.added)
        assert _facts(ab.reversed()) == _facts(ba)
        assert not kzreforms.diff(kzreforms.ReformSet(a), kzreforms.ReformSet(a))


class TestDiffExamples:
    def test_the_installed_data_against_itself(self) -> None:
        d = kzreforms.diff("installed", "installed")
        assert not d
        assert d.old_version == kzreforms.DATA_VERSION
        assert len(kzreforms.reforms()) == d.old_count

    def test_a_refined_milestone_date(self, tmp_path: Path) -> None:
        """The issue's example: one fact, with its path and its old and new value."""
        recs = _records()
        i = next(i for i, r in enumerate(recs) if r["id"] == ANY_ID)
        old = recs[i]["milestones"][2]["date"]
        recs[i]["milestones"][2]["date"] = "2024-06-16"
        d = kzreforms.diff("installed", _write(tmp_path / "new.json", recs))
        assert (
            kzreforms.RecordChange(
                ANY_ID, (kzreforms.FactChange("milestones[2].date", old, "2024-06-16"),)
            ),
        ) == d.changed
        assert f"milestones[2].date: {old} -> 2024-06-16" in d.to_text()
        assert f"`milestones[2].date`: `{old}` → `2024-06-16`" in d.to_markdown()

    def test_added_and_withdrawn(self, tmp_path: Path) -> None:
        recs = _records()
        gone = next(r for r in recs if r["id"] == OTHER_ID)
        recs.remove(gone)
        recs.append({**gone, "id": "brand-new-2026"})
        d = kzreforms.diff("installed", _write(tmp_path / "new.json", recs), registry=_reg())
        assert d.added == ("brand-new-2026",)
        assert d.withdrawn == (OTHER_ID,)
        assert d.changed == ()
        text = d.to_text()
        assert "  + brand-new-2026\n" in text
        assert f"  - {OTHER_ID}\n" in text

    def test_a_rename_through_the_registry(self, tmp_path: Path) -> None:
        """An id the registry aliases is a rename (both ways), not an addition."""
        recs = _records()
        r = next(r for r in recs if r["id"] == OTHER_ID)
        r["id"] = "criminal-code-2019"
        r["title"] = "New title"
        reg = _reg(
            {OTHER_ID: ("criminal-code-2019", "shorter id")}, current=("criminal-code-2019",)
        )
        new = _write(tmp_path / "new.json", recs)
        d = kzreforms.diff("installed", new, registry=reg)
        assert (d.added, d.withdrawn) == ((), ())
        (ren,) = d.renamed
        assert (ren.old, ren.new, ren.reason) == (OTHER_ID, "criminal-code-2019", "shorter id")
        assert [c.path for c in ren.changes] == ["title"]
        assert f"~ {OTHER_ID} -> criminal-code-2019 (shorter id)" in d.to_text()
        back = kzreforms.diff(new, "installed", registry=reg)
        assert (ren.reversed(),) == back.renamed

    def test_withdrawn_ids_carry_the_tombstone(self, tmp_path: Path) -> None:
        recs = [r for r in _records() if r["id"] != OTHER_ID]
        reg = _reg(tombstones={OTHER_ID: "split into two records"})
        d = kzreforms.diff("installed", _write(tmp_path / "n.json", recs), registry=reg)
        assert dict(d.notes) == {OTHER_ID: "withdrawn in 2026.12.0: split into two records"}
        assert "(withdrawn in 2026.12.0: split into two records)" in d.to_markdown()

    def test_lists_of_values_are_compared_whole(self) -> None:
        base = {"id": "x", "title": "t", "kind": "law", "milestones": [], "topics": ["a", "b"]}
        d = _diff_json([base], [{**base, "topics": ["b", "a", "c"]}])
        assert (kzreforms.FactChange("topics", ["a", "b"], ["b", "a", "c"]),) == (
            d.changed[0].changes
        )

    def test_lists_of_objects_by_position(self) -> None:
        m = [{"stage": "signed", "date": "2024"}]
        base = {"id": "x", "title": "t", "kind": "law", "milestones": m}
        more = {**base, "milestones": [*m, {"stage": "in-force", "date": "2025"}]}
        d = _diff_json([base], [more])
        assert (
            d.changed[0].changes[0].path,
            d.changed[0].changes[0].old,
            d.changed[0].changes[0].new,
        ) == ("milestones[1]", None, {"stage": "in-force", "date": "2025"})
        assert "milestones[1]: (none) -> " in d.to_text()

    def test_absent_null_and_empty_are_the_same(self) -> None:
        base: dict[str, Any] = {"id": "x", "title": "t", "kind": "law", "milestones": []}
        other: dict[str, Any] = {**base, "figures": [], "note": None, "extra": {}}
        assert not _diff_json([base], [other])

    def test_model_changes_are_facts_too(self) -> None:
        """Generic over fields: a new field (sources -> citations refs) is a change like any."""
        m = {"stage": "signed", "date": "2024", "sources": ["s1"]}
        base = {"id": "x", "title": "t", "kind": "law", "milestones": [m]}
        new = {**base, "milestones": [{"stage": "signed", "date": "2024", "citations": [0]}]}
        d = _diff_json([base], [new])
        assert {"milestones[0].sources", "milestones[0].citations"} == {
            c.path for c in d.changed[0].changes
        }

    def test_outputs_of_a_full_diff(self, tmp_path: Path) -> None:
        """Every section of the text, markdown and JSON outputs, on one diff."""
        recs = _records()
        rename = next(r for r in recs if r["id"] == OTHER_ID)
        rename["id"] = "renamed-2019"
        recs[0]["title"] = "Changed"
        recs.append({**recs[1], "id": "brand-new"})
        recs = [r for r in recs if r["id"] != ANY_ID]
        reg = _reg(
            {OTHER_ID: ("renamed-2019", "shorter")}, {ANY_ID: "withdrawn"}, ("renamed-2019",)
        )
        d = kzreforms.diff("installed", _write(tmp_path / "n.json", recs), registry=reg)
        assert (d.added, d.withdrawn) == (("brand-new",), (ANY_ID,))
        assert d.facts() == 1
        md = d.to_markdown()
        titles = {r["id"]: r["title"] for r in _records()}
        assert f"- Added (1):\n  - `brand-new`: {recs[1]['title']}\n" in md
        assert (
            f"- Withdrawn (1):\n  - `{ANY_ID}`: {titles[ANY_ID]} (withdrawn in 2026.12.0: "
            "withdrawn)\n"
        ) in md
        assert f"- Renamed (1):\n  - `{OTHER_ID}` → `renamed-2019` (shorter)\n" in md
        assert "- Changed (1 record, 1 fact):\n" in md
        doc = d.to_dict()
        assert doc["renamed"] == [
            {"old": OTHER_ID, "new": "renamed-2019", "reason": "shorter", "changes": []}
        ]
        assert doc["new"] == {
            "source": str(tmp_path / "n.json"),
            "data_version": None,
            "records": len(recs),
        }
        assert "changed (1 record, 1 fact):" in d.to_text()
        assert kzreforms.diff("installed", "installed").to_text().endswith("\nno differences\n")

    def test_more_input_shapes(self, tmp_path: Path) -> None:
        """One record as an object; a JSON Lines header line; a FIFO is refused."""
        one = _records()[0]
        (_, _, recs) = read_records(_write(tmp_path / "one.json", one))
        assert list(recs) == [one["id"]]
        p = tmp_path / "h.jsonl"
        p.write_text('{"format": 1, "data_version": "2026.01.0"}\n' + json.dumps(one) + "\n")
        assert read_records(p)[1:] == ("2026.01.0", recs)
        with pytest.raises(kzreforms.DiffInputError, match="'reforms' is not a JSON list"):
            read_records(_write(tmp_path / "bad.json", {"reforms": {}}))
        (tmp_path / "x.jsonl").write_text('{"a": 1}\n{"b": 2}\n')
        with pytest.raises(kzreforms.DiffInputError, match="not kzreforms data: line 1 is not"):
            read_records(tmp_path / "x.jsonl")
        with pytest.raises(kzreforms.DiffInputError, match="an empty path"):
            read_records("")
        if hasattr(os, "mkfifo"):
            os.mkfifo(tmp_path / "fifo.json")
            with pytest.raises(kzreforms.DiffInputError, match="cannot read a FIFO"):
                read_records(tmp_path / "fifo.json")

    def test_export_round_trips(self, tmp_path: Path) -> None:
        """The JSON and JSON Lines exports and a record directory read as the installed data."""
        rs = kzreforms.reforms()
        rs.to_json(tmp_path / "x.json")
        rs.to_jsonl(tmp_path / "x.jsonl")
        (tmp_path / "dir" / "reforms").mkdir(parents=True)
        for r in rs:
            (tmp_path / "dir" / "reforms" / f"{r.id}.json").write_text(kzreforms.dumps(r))
        for p in ("x.json", "x.jsonl", "dir", "dir/reforms"):
            assert not kzreforms.diff(tmp_path / p, "installed"), p
        assert not kzreforms.diff(DATA, "installed")
        assert not kzreforms.diff(str(DATA / "bundle.json"), "installed")

    def test_jsonl_lines_end_only_at_newlines(self, tmp_path: Path) -> None:
        """A title holding U+2028 (raw in JSON text) does not split a JSON Lines record."""
        base = {"id": "x", "title": "a\u2028b\u0085c", "kind": "law", "milestones": []}
        line = json.dumps(base, ensure_ascii=False)
        p = tmp_path / "x.jsonl"
        p.write_text(f"{line}\n{json.dumps({**base, 'id': 'y'})}\n", encoding="utf-8")
        _, _, recs = read_records(p)
        assert sorted(recs) == ["x", "y"]
        assert recs["x"]["title"] == "a\u2028b\u0085c"

    def test_envelope_with_version(self, tmp_path: Path) -> None:
        doc = {"format": 1, "data_version": "2026.01.0", "reforms": _records(), "sources": []}
        d = kzreforms.diff(_write(tmp_path / "old.json", doc), "installed")
        assert (d.old_version, d.new_version) == ("2026.01.0", kzreforms.DATA_VERSION)
        assert d.to_markdown().startswith(
            f"- Data version {kzreforms.DATA_VERSION} (was 2026.01.0).\n"
        )

    def test_json_output(self, tmp_path: Path) -> None:
        recs = _records()
        recs[0]["title"] = "Changed"
        d = kzreforms.diff("installed", _write(tmp_path / "n.json", recs))
        doc = json.loads(d.to_json())
        assert doc["format"] == DATA_FORMAT
        assert [{"path": "title", "old": _records()[0]["title"], "new": "Changed"}] == (
            doc["changed"][0]["changes"]
        )
        assert {k: doc["old"][k] for k in ("source", "data_version")} == {
            "source": "installed",
            "data_version": kzreforms.DATA_VERSION,
        }

    def test_long_values_are_cut_in_text(self) -> None:
        base = {"id": "x", "title": "t", "kind": "law", "milestones": []}
        d = _diff_json([base], [{**base, "title": "y" * 500}])
        line = d.to_text().splitlines()[-1]
        assert line.endswith("...")
        assert len(line) < 120
        assert d.changed[0].changes[0].new == "y" * 500

    def test_markdown_code_spans_survive_backticks(self) -> None:
        base = {"id": "x", "title": "t", "kind": "law", "milestones": []}
        d = _diff_json([base], [{**base, "title": "a `b`"}])
        assert "``` a `b` ```" not in d.to_markdown()
        assert "`` a `b` ``" in d.to_markdown()


def _csv(p: Path) -> Path:
    kzreforms.reforms().to_csv(p)
    return p


BAD_INPUTS = [
    ("csv", lambda p: _csv(p / "x.csv"), "not kzreforms data (not JSON)"),
    ("other-json", lambda p: _write(p / "x.json", {"name": "x"}), "not kzreforms data; expected"),
    (
        "rows",
        lambda p: _write(p / "x.json", [{"id": "a", "title": "t"}]),
        "not kzreforms data: item 0 is not a reform record",
    ),
    (
        "newer",
        lambda p: _write(p / "x.json", {"format": DATA_FORMAT + 1, "reforms": []}),
        f"written in kzreforms data format {DATA_FORMAT + 1}, newer than this version reads",
    ),
    (
        "newer-jsonl",
        lambda p: (
            (p / "x.jsonl").write_text('{"format": 9}\n' + kzreforms.reforms().to_jsonl())
            and p / "x.jsonl"
        ),
        "written in kzreforms data format 9",
    ),
    (
        "newer-object",
        lambda p: _write(p / "x.json", {"format": 9}),
        "written in kzreforms data format 9",
    ),
    (
        "bad-format",
        lambda p: _write(p / "x.json", {"format": "one", "reforms": []}),
        "a corrupt export: 'format' is 'one'",
    ),
    (
        "truncated",
        lambda p: (p / "x.json").write_text(kzreforms.reforms().to_json()[:5000]) and p / "x.json",
        "a corrupt export: not valid JSON at line",
    ),
    (
        "truncated-jsonl",
        lambda p: (
            (p / "x.jsonl").write_text(kzreforms.reforms().to_jsonl()[:5000]) and p / "x.jsonl"
        ),
        "is not valid JSON",
    ),
    (
        "twice",
        lambda p: _write(p / "x.json", _records()[:1] * 2),
        "a corrupt export: id",
    ),
    (
        "late-junk",
        lambda p: _write(p / "x.json", [*_records()[:1], 7]),
        "a corrupt export: item 1 is not a reform record",
    ),
    (
        "parquet",
        lambda p: (p / "x.parquet").write_bytes(b"PAR1....") and p / "x.parquet",
        "Parquet",
    ),
    ("binary", lambda p: (p / "x.bin").write_bytes(b"\xff\xfe\x00") and p / "x.bin", "not UTF-8"),
    ("empty", lambda p: (p / "x.json").write_text("") or p / "x.json", "an empty file"),
    ("missing", lambda p: p / "nope.json", "no such file or directory"),
    ("empty-dir", lambda p: (p / "d").mkdir() or p / "d", "no record files in this directory"),
    (
        "bad-dir",
        lambda p: (p / "d").mkdir() or ((p / "d" / "a.json").write_text("{") and p / "d"),
        "a corrupt record file: a.json is not valid JSON",
    ),
]


class TestDiffBadInput:
    @pytest.mark.parametrize(
        ("make", "message"),
        [(m, msg) for _, m, msg in BAD_INPUTS],
        ids=[n for n, _, _ in BAD_INPUTS],
    )
    def test_python(self, tmp_path: Path, make: Any, message: str) -> None:
        """A bad input raises DiffInputError naming the input and what is wrong."""
        path = make(tmp_path)
        with pytest.raises(kzreforms.DiffInputError) as info:
            kzreforms.diff(path, "installed")
        assert message in str(info.value)
        assert str(info.value).startswith(str(path))
        assert isinstance(info.value, ValueError)
        with pytest.raises(kzreforms.DiffInputError):
            kzreforms.diff("installed", path)

    @pytest.mark.parametrize(
        ("make", "message"),
        [(m, msg) for _, m, msg in BAD_INPUTS],
        ids=[n for n, _, _ in BAD_INPUTS],
    )
    def test_cli_exit_2(
        self, tmp_path: Path, make: Any, message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`kzreforms diff` on a bad input: exit 2, the message and a hint on stderr."""
        path = make(tmp_path)
        assert _cli.main(["diff", str(path), "installed"]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert message in err
        assert "kzreforms: hint: diff reads" in err

    def test_exit_status_of_the_real_command(self, tmp_path: Path) -> None:
        bad = _write(tmp_path / "x.json", {"format": 99, "reforms": []})
        proc = subprocess.run(
            [sys.executable, "-m", "kzreforms", "diff", str(bad), "installed"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 2
        assert "newer than this version reads" in proc.stderr

    def test_not_a_path(self) -> None:
        with pytest.raises(kzreforms.InvalidTypeError, match="'installed', the path"):
            kzreforms.diff(42, "installed")


class TestDiffCommand:
    @pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
    def test_formats(self, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Each format prints what the DataDiff method gives; exit 0 though the data differ."""
        recs = _records()
        recs[0]["title"] = "Changed"
        new = _write(tmp_path / "n.json", recs)
        assert _cli.main(["diff", "installed", str(new), "--format", fmt]) == 0
        d = kzreforms.diff("installed", new)
        want = {"text": d.to_text, "json": d.to_json, "markdown": d.to_markdown}[fmt]()
        assert want == capsys.readouterr().out


# ---------------------------------------------------------------------------
# 4. The release tooling
# ---------------------------------------------------------------------------

PYPROJECT = 'name = "kzreforms"\nversion = "{}"\n'


class TestReleaseChecks:
    def test_unreleased_section_and_no_bump(self) -> None:
        """Today's tree is not ready: CHANGELOG says Unreleased, the version was not bumped."""
        changelog = "# Changelog\n\n## Unreleased\n\n### Data\n\n## 0.1.0 (old)\n"
        _, problems = release.check_version(PYPROJECT.format("0.1.0"), changelog, None)
        assert len(problems) == 2
        assert "rename '## Unreleased' to '## 0.1.0 (YYYY-MM-DD)'" in problems[0]
        assert "not newer than the last release 0.1.0 (CHANGELOG.md): bump it" in problems[1]

    def test_a_bumped_version(self) -> None:
        changelog = "# Changelog\n\n## 0.2.0 (2026-12-02)\n\n## 0.1.0\n"
        assert release.check_version(PYPROJECT.format("0.2.0"), changelog, None) == ("0.2.0", [])

    def test_the_git_tag_wins(self) -> None:
        changelog = "## 0.2.0\n\n## 0.1.0\n"
        _, problems = release.check_version(PYPROJECT.format("0.2.0"), changelog, "v0.2.0")
        assert problems == [
            (
                "version 0.2.0 in pyproject.toml is not newer than the last release 0.2.0 "
                "(git tag v0.2.0): bump it"
            )
        ]

    def test_versions_compare_as_numbers(self) -> None:
        assert release.version_key("0.10.0") > release.version_key("0.9.1")

    def test_data_section_written_and_checked(self, tmp_path: Path) -> None:
        """changelog-data's block goes into the first section's Data; the check sees it."""
        recs = _records()
        recs[0]["title"] = "Changed"
        old = _write(tmp_path / "old.json", recs)
        block = release.data_block(old)
        assert block.startswith(release.BEGIN)
        changelog = "# C\n\n## 0.2.0\n\n### Added\n\n- x\n\n### Data\n\n- By hand.\n\n## 0.1.0\n"
        assert (release.check_data_section(changelog, "0.2.0", block)) == [
            (
                "CHANGELOG.md's '## 0.2.0' section has no generated Data section: run "
                "`python tools/dev.py changelog-data --write`"
            )
        ]
        written = release.write_block(changelog, block)
        assert "### Data\n\n" + block + "\n- By hand." in written
        assert release.check_data_section(written, "0.2.0", block) == []
        assert written == release.write_block(written, block)  # idempotent
        stale = release.write_block(written, release.data_block("installed"))
        assert "is not current" in release.check_data_section(stale, "0.2.0", block)[0]

    def test_data_section_added_when_missing(self) -> None:
        text = release.write_block("## 0.2.0\n\n### Added\n\n- x\n\n## 0.1.0\n", "BLOCK\n")
        assert text == "## 0.2.0\n\n### Added\n\n- x\n\n### Data\n\nBLOCK\n\n\n## 0.1.0\n"

    def test_data_version_must_move_with_the_data(self) -> None:
        v = kzreforms.DATA_VERSION
        assert "bump it" in release.check_data_version(v, changed=True)[0]
        assert "code-only release" in release.check_data_version("1999.01.0", changed=False)[0]
        assert release.check_data_version("1999.01.0", changed=True) == []
        assert release.check_data_version(None, changed=True) == []

    def test_previous_data_from_a_tag(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The last tag's bundle, with that tag's DATA_VERSION, is the diff's OLD side."""
        shown = {
            f"v9.9.9:{release.BUNDLE_PATH}": (DATA / "bundle.json").read_text(encoding="utf-8"),
            f"v9.9.9:{release.INIT_PATH}": 'DATA_VERSION: str = "2026.01.0"\n',
        }

        def fake_git(*args: str, cwd: Path = ROOT) -> str | None:
            del cwd
            return shown.get(args[1]) if args[0] == "show" else None

        monkeypatch.setattr(release, "git", fake_git)
        old = release.previous_data("v9.9.9", tmp_path)
        assert old is not None
        d = kzreforms.diff(old, "installed")
        assert not d
        assert d.old_version == "2026.01.0"
        assert release.previous_data(None, tmp_path) is None
        with pytest.raises(
            release.ReleaseError, match=re.escape("has no src/kzreforms/data/bundle.json")
        ):
            release.previous_data("v0.0.1", tmp_path)

    def test_changelog_data_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = tmp_path / "old.json"
        kzreforms.reforms().to_json(old)
        assert release.changelog_data([str(old)]) == 0
        out = capsys.readouterr().out
        want = (
            f"{release.BEGIN}\n- Data version {kzreforms.DATA_VERSION}.\n"
            f"- No record was added, withdrawn, renamed or changed.\n{release.END}\n"
        )
        assert want == out
        assert release.changelog_data([str(tmp_path / "missing.json")]) == 2
        assert "no such file or directory" in capsys.readouterr().err

    def test_uncommitted_changes_stop_a_release(self) -> None:
        assert release.check_clean("") == []
        assert release.check_clean(None) == []
        (msg,) = release.check_clean(" M src/kzreforms/_diff.py\n?? x\n")
        assert msg.startswith("2 uncommitted change(s)")


class TestReproducibleBuild:
    def test_same_bytes_pass(self, tmp_path: Path) -> None:
        def build(out: Path, epoch: str) -> None:
            out.mkdir(parents=True)
            (out / "pkg-1.0.tar.gz").write_text(f"built at {epoch}")

        sums = release.reproducible_build(tmp_path / "dist", build)
        assert list(sums) == ["pkg-1.0.tar.gz"]
        assert (tmp_path / "dist" / "pkg-1.0.tar.gz").exists()

    def test_different_bytes_fail(self, tmp_path: Path) -> None:
        """A build that differs between runs is refused, and nothing reaches dist/."""
        runs: list[Path] = []

        def build(out: Path, epoch: str) -> None:
            del epoch
            out.mkdir(parents=True)
            runs.append(out)
            (out / "pkg.whl").write_text(str(len(runs)))

        with pytest.raises(release.ReleaseError, match=r"pkg.whl: the two builds differ"):
            release.reproducible_build(tmp_path / "dist", build)
        assert not (tmp_path / "dist").exists()

    def test_a_file_built_once(self, tmp_path: Path) -> None:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        (tmp_path / "a" / "x.whl").write_text("1")
        assert release.compare_builds(tmp_path / "a", tmp_path / "b") == ["x.whl: built only once"]

    @pytest.mark.slow
    def test_the_real_build_is_reproducible(self, tmp_path: Path) -> None:
        """python -m build twice with SOURCE_DATE_EPOCH: the wheel and sdist are the same bytes."""
        pytest.importorskip("build", reason="needs the 'build' package (the tests extra)")
        sums = release.reproducible_build(tmp_path / "dist")
        assert sorted(p.suffix for p in (tmp_path / "dist").iterdir()) == [".gz", ".whl"]
        assert len(sums) == 2

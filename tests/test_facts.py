# SPDX-License-Identifier: MIT
"""Fact-level provenance: CitationRef, Measure, notes, Discrepancy.path, disputed()."""

from __future__ import annotations

import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    Citation,
    CitationRef,
    Confidence,
    DataLoadError,
    Discrepancy,
    InvalidRecordError,
    InvalidTypeError,
    LegalAct,
    Measure,
    Milestone,
    PartialDate,
    Reform,
    ReformKind,
    ReformSet,
    Stage,
    Topic,
    UnknownSourceError,
    dumps,
    loads,
)
from kzreforms import strategies as kst
from kzreforms._codec import structure_trusted, unstructure
from kzreforms._convert import converter
from kzreforms._model import fact_refs, facts, parse_path, path_covers
from kzreforms._schema import build_json_schema
from kzreforms._store import packaged_problems

CITES = (
    Citation("news", "¶6", confidence=Confidence.MEDIUM),
    Citation("news", "¶8", confidence=Confidence.MEDIUM),
    Citation("gov", "p. 2", confidence=Confidence.HIGH),
)
NEWS6 = CitationRef("news", "¶6")
GOV = CitationRef("gov", "p. 2")


def reform(**extra: Any) -> Reform:
    base: dict[str, Any] = {
        "id": "a",
        "title": "T",
        "summary": "S",
        "kind": ReformKind.LAW,
        "topics": frozenset({Topic.BULLYING}),
        "milestones": (Milestone(Stage.SIGNED, PartialDate(2020, 5), citations=(NEWS6,)),),
        "citations": CITES,
    }
    base.update(extra)
    return Reform(**base)


def disc(path: str) -> Discrepancy:
    return Discrepancy("date", CITES[1], "claim", "note", path=path)


class TestCitationRef:
    def test_fields_and_text(self) -> None:
        """A ref names a source and a passage; its text joins them."""
        expected = "news, ¶6"
        assert expected == str(NEWS6)

    @pytest.mark.parametrize(
        ("args", "field"),
        [(("News", "¶6"), "CitationRef.source"), (("news", ""), "CitationRef.locator")],
    )
    def test_bad_parts(self, args: tuple[str, str], field: str) -> None:
        """A source must be a slug and a locator non-empty text."""
        with pytest.raises(InvalidRecordError) as info:
            CitationRef(*args)
        assert field == info.value.field

    def test_repeated_refs_refused(self) -> None:
        """A fact cites each passage once."""
        with pytest.raises(InvalidRecordError, match="each cited passage once"):
            Milestone(Stage.SIGNED, PartialDate(2020), citations=(NEWS6, NEWS6))

    def test_sources_property(self) -> None:
        """Every fact keeps a read-only ``sources``: the ids its refs point into."""
        m = Milestone(Stage.SIGNED, PartialDate(2020), citations=(NEWS6, GOV))
        assert frozenset({"news", "gov"}) == m.sources
        assert frozenset({"gov"}) == LegalAct(kzreforms.ActKind.LAW, "L", citations=(GOV,)).sources
        with pytest.raises(AttributeError):
            m.sources = frozenset()  # type: ignore[misc]

    def test_unresolved_ref_names_the_path_and_the_passages(self) -> None:
        """A ref to a passage the record does not cite names the fact and the source's locators."""
        bad = (Milestone(Stage.SIGNED, PartialDate(2020), citations=(CitationRef("news", "¶7"),)),)
        with pytest.raises(InvalidRecordError) as info:
            reform(milestones=bad)
        expected = (
            "Reform.milestones[0].citations: {'source': 'news', 'locator': '¶7'} is not "
            "accepted; expected a passage the record cites: its citations of 'news' have the "
            "locators '¶6', '¶8'"
        )
        assert expected == str(info.value)

    def test_unresolved_ref_to_an_uncited_source(self) -> None:
        """A ref to a source the record does not cite lists the sources it does cite."""
        m = Measure("x", (CitationRef("other", "¶1"),))
        with pytest.raises(InvalidRecordError) as info:
            reform(measures=(Measure("y", (GOV,)), m))
        expected = (
            "Reform.measures[1].citations: {'source': 'other', 'locator': '¶1'} is not "
            "accepted; expected a passage of a source the record cites (gov, news)"
        )
        assert expected == str(info.value)

    def test_unresolved_ref_in_json_names_the_record(self) -> None:
        """Loading JSON with an unresolved ref names the record id and the fact path."""
        doc = json.loads(dumps(reform()))
        doc["milestones"][0]["citations"] = [{"source": "gov", "locator": "p. 3"}]
        with pytest.raises(DataLoadError) as info:
            loads(json.dumps(doc))
        assert "(a)" in str(info.value)
        assert "Reform.milestones[0].citations" in str(info.value)
        assert "'p. 2'" in str(info.value)


class TestMeasure:
    def test_text_and_citations(self) -> None:
        """str(measure) is its text; a bare str in measures becomes a measure without refs."""
        r = reform(measures=("Plain.", Measure("Cited.", (GOV,))))
        assert [str(m) for m in r.measures] == ["Plain.", "Cited."]
        assert (Measure("Plain."), Measure("Cited.", (GOV,))) == r.measures

    def test_json_shape(self) -> None:
        """A measure is {text, citations}; notes are a list of strings after the measures."""
        r = reform(measures=(Measure("Cited.", (GOV,)),), notes=("Not found.",))
        doc = json.loads(dumps(r))
        expected = [{"text": "Cited.", "citations": [{"source": "gov", "locator": "p. 2"}]}]
        assert expected == doc["measures"]
        assert doc["notes"] == ["Not found."]
        keys = list(doc)
        assert keys.index("notes") == keys.index("measures") + 1

    def test_old_bare_string_measure_refused_in_json(self) -> None:
        """JSON with a bare-string measure (the old format) is refused, naming the field."""
        doc = json.loads(dumps(reform()))
        doc["measures"] = ["old style"]
        with pytest.raises(DataLoadError) as info:
            loads(json.dumps(doc))
        expected = (
            '<data> (a): expected a JSON object for Measure ({"text": ..., "citations": [...]}); '
            "data written before 0.2.0 is migrated by tools/migrate_facts.py (in the kzreforms "
            "repository) @ $.measures[0]"
        )
        assert [expected] == list(info.value.problems)

    def test_old_sources_key_refused_in_json(self) -> None:
        """JSON with a fact's old ``sources`` key is refused as an unknown key."""
        doc = json.loads(dumps(reform()))
        doc["milestones"][0]["sources"] = ["news"]
        with pytest.raises(DataLoadError) as info:
            loads(json.dumps(doc))
        [problem] = info.value.problems
        assert "unknown key(s) ['sources']; accepted: stage, date, note, citations" in problem
        assert 'a fact\'s "sources" became "citations"' in problem
        assert "tools/migrate_facts.py" in problem

    def test_bad_note(self) -> None:
        """Notes are non-empty text."""
        with pytest.raises(InvalidRecordError, match=r"Reform\.notes"):
            reform(notes=(" ",))


class TestDiscrepancyPath:
    @pytest.mark.parametrize(
        "path", ["summary", "milestones[0]", "milestones[0].date", "citations[2].locator"]
    )
    def test_valid_paths(self, path: str) -> None:
        """A path to a field or item that exists is accepted and found by disputed()."""
        d = disc(path)
        r = reform(discrepancies=(d,))
        assert (d,) == r.disputed(path)

    @pytest.mark.parametrize(
        "path", ["", "Milestones", "milestones[01]", "milestones..date", "milestones[-1]", "a b"]
    )
    def test_bad_syntax(self, path: str) -> None:
        """A path not in the syntax is refused when the discrepancy is made."""
        with pytest.raises(InvalidRecordError) as info:
            disc(path)
        assert info.value.field == "Discrepancy.path"
        assert "'milestones[2].date'" in str(info.value)

    def test_path_not_a_str(self) -> None:
        """A path must be a str."""
        with pytest.raises(InvalidTypeError, match=r"Discrepancy\.path"):
            disc(3)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            (
                "milestones[3].date",
                (
                    "expected an item that exists: milestones has 1 item(s): "
                    "milestones[0] to milestones[0]"
                ),
            ),
            ("acts[0]", "expected an item that exists: acts has 0 item(s): none"),
            (
                "milestones[0].dat",
                (
                    "expected a field name after 'milestones[0]' (Milestone): one of stage, "
                    "date, note, citations"
                ),
            ),
            ("sources", "expected a field name at the top of a record (Reform): one of id,"),
            ("summary[0]", "expected no index after 'summary' (it is not a list)"),
            ("summary.text", "expected a path that ends at 'summary' (it is str, with no fields)"),
            ("milestones.date", "expected an index after 'milestones' (a list of 1 item(s))"),
            (
                "milestones[0].date.year",
                "a path that ends at 'milestones[0].date' (it is PartialDate, with no fields)",
            ),
        ],
    )
    def test_path_checked_against_the_record(self, path: str, message: str) -> None:
        """A path that does not exist in the record is refused, saying what exists."""
        with pytest.raises(InvalidRecordError) as info:
            reform(discrepancies=(disc("summary"), disc(path)))
        assert info.value.field == "Reform.discrepancies[1].path"
        assert message in str(info.value)

    def test_path_through_none(self) -> None:
        """A path below a field that is not set is refused."""
        pc = kzreforms.PenaltyChange("x", after=kzreforms.Penalty(kzreforms.Liability.CRIMINAL))
        with pytest.raises(InvalidRecordError, match="it is None"):
            reform(penalty_changes=(pc,), discrepancies=(disc("penalty_changes[0].before.life"),))

    def test_path_is_required_in_json(self) -> None:
        """JSON discrepancies without a path are refused."""
        doc = json.loads(dumps(reform(discrepancies=(disc("summary"),))))
        del doc["discrepancies"][0]["path"]
        with pytest.raises(DataLoadError, match="path"):
            loads(json.dumps(doc))

    def test_path_is_last_in_json(self) -> None:
        """The path is written after the other fields of a discrepancy."""
        doc = json.loads(dumps(reform(discrepancies=(disc("summary"),))))
        assert list(doc["discrepancies"][0]) == ["subject", "citation", "claim", "note", "path"]


class TestDisputed:
    R = reform(
        milestones=tuple(Milestone(Stage.HELD, PartialDate(2020, 1, d)) for d in range(1, 12)),
        discrepancies=(disc("milestones[1].date"), disc("milestones[10]"), disc("summary")),
    )

    def test_structural_cover(self) -> None:
        """milestones[1] covers milestones[1].date and not milestones[10]."""
        d1, d10, ds = self.R.discrepancies
        assert (d1,) == self.R.disputed("milestones[1]")
        assert (d1,) == self.R.disputed("milestones[1].date")
        assert (d10,) == self.R.disputed("milestones[10]")
        assert (d1, d10) == self.R.disputed("milestones")
        assert (d1,) == self.R.disputed("milestones.date")
        assert (ds,) == self.R.disputed("summary")
        assert self.R.disputed("title") == ()
        assert self.R.discrepancies == self.R.disputed()

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            ("milestones[11]", "milestones has 11 item(s)"),
            ("title.x", "a path that ends at 'title'"),
            ("foo", "one of id, title"),
            ("milestones..x", "a path into the record"),
        ],
    )
    def test_bad_query(self, path: str, message: str) -> None:
        """A query path that cannot exist is an error, not an empty answer."""
        with pytest.raises(
            InvalidRecordError, match=message.replace("(", r"\(").replace(")", r"\)")
        ):
            self.R.disputed(path)

    def test_collection_filter(self) -> None:
        """ReformSet.disputed keeps the records with a discrepancy at or below the path."""
        other = reform(id="b", discrepancies=(disc("milestones[0].note"),))
        plain = reform(id="c")
        rs = ReformSet([self.R, other, plain])
        assert rs.disputed("milestones").ids() == ("a", "b")
        assert rs.disputed("milestones.date").ids() == ("a",)
        assert rs.disputed("milestones.note").ids() == ("b",)
        assert rs.disputed().ids() == ("a", "b")
        assert rs.disputed("figures.value").ids() == ()
        with pytest.raises(InvalidRecordError, match="one of stage, date, note, citations"):
            rs.disputed("milestones.when")

    def test_packaged_query(self) -> None:
        """The packaged data answers "is this disputed?" with records that do dispute it."""
        rs = kzreforms.reforms()
        for r in rs.disputed("penalty_changes"):
            assert r.disputed("penalty_changes")
        assert len(rs.disputed()) == len(rs.with_discrepancies())

    @given(kst.reforms(), st.data())
    def test_parent_contains_child(self, r: Reform, data: st.DataObject) -> None:
        """disputed() is monotone: a parent path's result contains its child's."""
        path = data.draw(st.sampled_from(kst.record_paths(r)))
        segs = parse_path(path)
        child = set(map(id, r.disputed(path)))
        for n in range(1, len(segs)):
            parent = ".".join(f"{s}[{i}]" if i is not None else s for s, i in segs[:n])
            assert child <= set(map(id, r.disputed(parent)))
        assert all(path_covers(segs, parse_path(d.path)) for d in r.disputed(path))


class TestGenerated:
    @given(kst.reforms())
    def test_refs_resolve_and_paths_valid(self, r: Reform) -> None:
        """Generated records: every ref resolves, every discrepancy is found at its own path."""
        passages = {(c.source, c.locator) for c in r.citations}
        for _, ref in fact_refs(r):
            assert (ref.source, ref.locator) in passages
        for d in r.discrepancies:
            assert d in r.disputed(d.path)

    @given(kst.reforms())
    def test_round_trip(self, r: Reform) -> None:
        """JSON round trip, and the fast codec agrees with cattrs byte for byte."""
        assert r == loads(dumps(r))
        assert converter.unstructure(r) == unstructure(r)
        assert r == structure_trusted(unstructure(r), Reform)

    @given(kst.measures(frozenset({"a", "b"})), kst.citation_refs(frozenset({"c"})))
    def test_parts_round_trip(self, m: Measure, refs: tuple[CitationRef, ...]) -> None:
        """Measures and refs alone round-trip through their JSON forms."""
        assert m == loads(dumps(m), Measure)
        for ref in refs:
            assert ref == loads(dumps(ref), CitationRef)


class TestRules:
    def test_packaged_rule_every_fact_cited(self) -> None:
        """The packaged-data rule lists each fact without citations by path."""
        r = reform(measures=("Uncited.",), acts=(LegalAct(kzreforms.ActKind.LAW, "L"),))
        why = "a fact without citations (cite the passage that states it; a caveat goes to notes)"
        expected = [f"reform a: {why} @ $.acts[0]", f"reform a: {why} @ $.measures[0]"]
        assert expected == packaged_problems([r])

    def test_packaged_data_keeps_the_rule(self) -> None:
        """Every packaged fact cites at least one passage."""
        assert packaged_problems(kzreforms.reforms()) == []

    def test_facts_found_at_any_depth(self) -> None:
        """facts() finds every object with citation refs, by path."""
        r = reform(measures=(Measure("m", (GOV,)),))
        assert [p for p, _ in facts(r)] == ["milestones[0]", "measures[0]"]

    def test_cites_finds_facts_by_passage(self) -> None:
        """ReformSet.cites(CitationRef) finds the records whose facts cite that passage."""
        a = reform(measures=(Measure("m", (GOV,)),))
        b = reform(id="b")
        rs = ReformSet([a, b])
        assert rs.cites(GOV).ids() == ("a",)
        assert rs.cites(NEWS6).ids() == ("a", "b")
        assert rs.cites(GOV, "news").ids() == ("a", "b")
        with pytest.raises(UnknownSourceError) as info:
            rs.cites(CitationRef("news", "¶9"))
        expected = "unknown cited passage 'news, ¶9'; did you mean 'news, ¶6'?"
        assert expected == str(info.value)

    def test_schema(self) -> None:
        """The JSON Schema describes the new shapes."""
        defs = build_json_schema()["$defs"]
        assert defs["CitationRef"]["required"] == ["source", "locator"]
        assert defs["Measure"]["required"] == ["text"]
        assert "path" in defs["Discrepancy"]["required"]
        assert "sources" not in defs["Milestone"]["properties"]
        assert defs["Figure"]["properties"]["citations"]["items"] == {"$ref": "#/$defs/CitationRef"}
        assert defs["Reform"]["properties"]["measures"]["items"] == {"$ref": "#/$defs/Measure"}


def test_evolve_revalidates_refs() -> None:
    """attrs.evolve checks the refs again (no way around the rule)."""
    r = reform()
    with pytest.raises(InvalidRecordError, match=r"Reform\.measures"):
        attrs.evolve(r, measures=(Measure("m", (CitationRef("gov", "p. 9"),)),))

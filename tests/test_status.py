# SPDX-License-Identifier: MIT
"""
Issue 11: last_checked, background, supersedes / superseded_by, official
titles and adilet codes; in_force(on=), act look-up and title search.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    ActKind,
    Citation,
    CitationRef,
    Confidence,
    DataLoadError,
    InvalidRecordError,
    InvalidTypeError,
    LegalAct,
    LinkKind,
    Milestone,
    OfficialTitle,
    PartialDate,
    QueryError,
    Reform,
    ReformKind,
    ReformSet,
    Stage,
    StatusLink,
    TitleLang,
    Topic,
    UnknownNameError,
    dumps,
    loads,
)
from kzreforms import strategies as kst
from kzreforms._codec import structure_trusted, unstructure
from kzreforms._convert import converter
from kzreforms._status import act_key
from kzreforms._store import build_dataset, status_problems, validate_dataset

SRC = "src-a"
SOURCES = [kzreforms.Source(SRC, "T", "P", kzreforms.SourceKind.NEWS)]


def make(rid: str, *milestones: tuple[str, str], **kw: Any) -> Reform:
    """A small valid reform with the given (stage, date) milestones."""
    ms = tuple(Milestone(Stage.parse(s), PartialDate.fromisoformat(d)) for s, d in milestones) or (
        Milestone(Stage.SIGNED, PartialDate(2024, 1, 1)),
    )
    base: dict[str, Any] = {
        "id": rid,
        "title": f"Reform {rid}",
        "summary": "A summary.",
        "kind": ReformKind.LAW,
        "topics": frozenset({Topic.CRIMINAL_LAW}),
        "milestones": ms,
        "citations": (Citation(SRC, "p. 1", confidence=Confidence.HIGH),),
    }
    base.update(kw)
    return Reform(**base)


def link(rid: str, kind: str = "superseded", date: str | None = "2026-07-01") -> StatusLink:
    return StatusLink(rid, LinkKind.parse(kind), None if date is None else PartialDate.parse(date))


def pair(
    kind: str = "superseded", date: str | None = "2026-07-01", start: str = "2023-01-01"
) -> tuple[Reform, Reform]:
    """An old record in force from *start*, and a new one that ends it on *date*."""
    old = make("old", ("in-force", start), superseded_by=(link("new", kind, date),))
    new = make("new", ("in-force", "2026-07-01"), supersedes=(link("old", kind, date),))
    return old, new


class TestModel:
    """The new fields refuse bad values with the library's errors."""

    def test_adilet_code_pattern(self) -> None:
        """Real codes pass; a malformed code names the accepted form."""
        for code in ("Z2400000110", "P2200000258", "U190000063U", "K950001000_", "Z060000121_"):
            assert code == LegalAct(ActKind.LAW, "Law", adilet=code).adilet
        for bad in ("Z240000011", "z2400000110", "Z24000001100", "ZZ400000110", "Z2400000110 "):
            with pytest.raises(InvalidRecordError) as e:
                LegalAct(ActKind.LAW, "Law", adilet=bad)
            assert "an adilet document code: 11 characters" in str(e.value)
            assert "'Z2400000110'" in str(e.value)

    def test_adilet_type(self) -> None:
        """A non-str code is an InvalidTypeError."""
        with pytest.raises(InvalidTypeError):
            LegalAct(ActKind.LAW, "Law", adilet=2400000110)  # type: ignore[arg-type]

    def test_official_url(self) -> None:
        """An adilet url is kept; else the adilet code gives the page; else none."""
        kept = "https://adilet.zan.kz/eng/docs/Z2400000110/compare"
        assert LegalAct(ActKind.LAW, "L", url=kept, adilet="Z2400000110").official_url == kept
        other = LegalAct(ActKind.LAW, "L", url="https://example.org/law", adilet="Z2400000110")
        assert other.official_url == "https://adilet.zan.kz/rus/docs/Z2400000110"
        assert LegalAct(ActKind.LAW, "L", url="https://example.org/law").official_url is None
        coded = [a for r in kzreforms.reforms() for a in r.acts if a.adilet is not None]
        assert coded
        assert all(a.official_url is not None and "adilet.zan.kz/" in a.official_url for a in coded)

    def test_official_title(self) -> None:
        """Titles carry a language; LegalAct.titles() picks one; repeats are refused."""
        ru = OfficialTitle(TitleLang.RU, "О противодействии торговле людьми")
        kk = OfficialTitle(TitleLang.KK, "Адам саудасына қарсы іс-қимыл туралы")
        act = LegalAct(ActKind.LAW, "Law", official_titles=(ru, kk))
        assert act.titles("ru") == ("О противодействии торговле людьми",)
        assert act.titles(TitleLang.KK) == ("Адам саудасына қарсы іс-қимыл туралы",)
        with pytest.raises(InvalidRecordError, match="each title once per language"):
            LegalAct(ActKind.LAW, "Law", official_titles=(ru, ru))
        with pytest.raises(UnknownNameError, match="unknown title lang 'en'"):
            act.titles("en")
        with pytest.raises(InvalidTypeError, match="'ru' or 'kk'"):
            OfficialTitle("ru", "x")

    def test_links_in_one_record(self) -> None:
        """A record cannot link to itself, nor twice to one record."""
        with pytest.raises(InvalidRecordError, match="not the record's own"):
            make("a", supersedes=(link("a"),))
        with pytest.raises(InvalidRecordError, match="each reform id once"):
            make("a", superseded_by=(link("b"), link("b", "repealed")))

    def test_fact_citations_must_resolve(self) -> None:
        """A link's or a title's citations are passages the record cites."""
        other = (CitationRef("other", "p. 1"),)
        with pytest.raises(InvalidRecordError, match=r"Reform\.supersedes\[0\]\.citations"):
            make("a", supersedes=(attrs.evolve(link("b"), citations=other),))
        t = OfficialTitle(TitleLang.RU, "Закон", other)
        act = LegalAct(ActKind.LAW, "Law", official_titles=(t,))
        match = r"acts\[0\]\.official_titles\[0\]\.citations"
        with pytest.raises(InvalidRecordError, match=match):
            make("a", acts=(act,))
        cited = (CitationRef(SRC, "p. 1"),)
        ok = make("a", supersedes=(attrs.evolve(link("b"), citations=cited),))
        assert ok.supersedes[0].sources == frozenset({SRC})

    def test_last_checked_is_a_day(self) -> None:
        """last_checked is a datetime.date; JSON takes only 'YYYY-MM-DD'."""
        with pytest.raises(InvalidTypeError, match=r"a datetime\.date"):
            make("a", last_checked="2026-12-02")
        data = json.loads(dumps(make("a", last_checked=dt.date(2026, 12, 2))))
        assert data["last_checked"] == "2026-12-02"
        for bad in ("2026-12", "20261202", "2026-13-01"):
            data["last_checked"] = bad
            with pytest.raises(DataLoadError, match="a day as an ISO date string"):
                loads(json.dumps(data))

    def test_json_shape(self) -> None:
        """The JSON keys are the ones CONTRACT.md section 2 fixes."""
        old, _ = pair()
        t = OfficialTitle(TitleLang.RU, "Закон", (CitationRef(SRC, "p. 1"),))
        act = LegalAct(ActKind.LAW, "Law", official_titles=(t,), adilet="Z2400000110")
        r = attrs.evolve(old, acts=(act,), background=True, last_checked=dt.date(2026, 3, 18))
        data = json.loads(dumps(r))
        assert data["superseded_by"][0] == {
            "reform": "new",
            "kind": "superseded",
            "date": "2026-07-01",
        }
        assert data["acts"][0]["official_titles"][0] == {
            "lang": "ru",
            "title": "Закон",
            "citations": [{"source": SRC, "locator": "p. 1"}],
        }
        assert data["acts"][0]["adilet"] == "Z2400000110"
        assert data["background"] is True
        assert list(data)[-3:] == ["last_checked", "background", "superseded_by"]

    @given(kst.reforms(links=True))
    def test_codec_matches_cattrs(self, r: Reform) -> None:
        """The fast codec writes and reads the new fields exactly as cattrs does."""
        assert converter.unstructure(r) == unstructure(r)
        assert r == structure_trusted(unstructure(r), Reform)
        assert r == loads(dumps(r))

    def test_schema_knows_the_fields(self) -> None:
        """The JSON Schema describes the new classes and the adilet pattern."""
        defs = kzreforms.json_schema()["$defs"]
        assert {"StatusLink", "OfficialTitle", "LinkKind", "TitleLang"} <= set(defs)
        assert (
            defs["LegalAct"]["properties"]["adilet"]["anyOf"][0]["pattern"]
            == "^[A-Z][0-9]{9}[0-9A-Z_]$"
        )
        assert defs["TitleLang"]["enum"] == ["ru", "kk"]


class TestDatasetRules:
    """Links are mirrored both ways; background follows the first milestone."""

    def test_mirrored_pair_passes(self) -> None:
        """A link listed in both records with the same kind and date is accepted."""
        assert validate_dataset(SOURCES, list(pair())) == []

    def test_one_sided_link(self) -> None:
        """A link the other record does not list back is reported at its path."""
        old, new = pair()
        new = attrs.evolve(new, supersedes=())
        problems = validate_dataset(SOURCES, [old, new])
        assert problems == [
            (
                "reform old: superseded_by 'new' (superseded, 2026-07-01), but new.supersedes "
                "does not list it; accepted: the same link in both records (same kind and date) "
                "@ $.superseded_by[0]"
            )
        ]

    def test_kind_or_date_differs(self) -> None:
        """The mirror must carry the same kind and the same date."""
        old, new = pair()
        for other in (link("old", "repealed"), link("old", date="2026-07")):
            problems = validate_dataset(SOURCES, [old, attrs.evolve(new, supersedes=(other,))])
            assert len(problems) == 2, problems
            assert f"lists it as {other.kind.value}, {other.date}" in problems[0]

    def test_unknown_id(self) -> None:
        """A link to a record that does not exist names the closest ids."""
        old = make("old-law", superseded_by=(link("new-law"),))
        near = make("new-lav")
        problems = status_problems(old, {"old-law": old, "new-lav": near})
        assert problems == [
            (
                "reform old-law: superseded_by names 'new-law', which does not exist "
                "(did you mean 'new-lav'?) @ $.superseded_by[0]"
            )
        ]
        assert status_problems(old, {"old-law": old}, frozenset({"new-law"})) == []

    def test_background_flag_wrong(self) -> None:
        """background must be true exactly when the first milestone is before 2019."""
        early = make("early", ("signed", "2018"))
        late = make("late", ("signed", "2019-01-01"), background=True)
        assert status_problems(early, {}) == [
            (
                "reform early: background is false, but its earliest milestone is 2018: "
                "background must be true (true exactly when the earliest milestone is before "
                "2019-01-01) @ $.background"
            )
        ]
        assert "background must be false (or left out)" in status_problems(late, {})[0]
        assert status_problems(attrs.evolve(early, background=True), {}) == []

    def test_packaged_records_need_last_checked(self) -> None:
        """Package files without last_checked are refused, naming the key."""
        r = make("a")
        src = json.dumps({"id": SRC, "title": "T", "publisher": "P", "kind": "news"})
        with pytest.raises(DataLoadError) as e:
            build_dataset([("sources/src-a.json", src)], [("reforms/a.json", dumps(r))])
        assert "a packaged record needs last_checked" in str(e.value)
        dated = dumps(attrs.evolve(r, last_checked=dt.date(2026, 1, 1)))
        assert len(build_dataset([("s/src-a.json", src)], [("r/a.json", dated)]).reforms) == 1

    def test_packaged_data(self) -> None:
        """Every packaged record says when it was last checked, at most DATA_AS_OF."""
        for r in kzreforms.reforms():
            assert r.last_checked is not None, r.id
            assert r.last_checked <= kzreforms.DATA_AS_OF, r.id

    @pytest.mark.slow  # generating linked sets takes ~20 s per run: in `tools/dev.py slow`
    @given(kst.linked_reform_sets())
    def test_generated_links_are_mirrored(self, rs: ReformSet) -> None:
        """The linked strategy gives data the dataset rules accept."""
        ids = {r.id: r for r in rs}
        assert [p for r in rs for p in status_problems(r, ids)] == []

    @pytest.mark.slow  # as above; the example tests of this class check the rule quickly
    @given(kst.linked_reform_sets(min_size=2), st.data())
    def test_dropping_a_mirror_is_found(self, rs: ReformSet, data: st.DataObject) -> None:
        """Remove the mirror of any link and the rule reports it."""
        linked = [r for r in rs if r.supersedes]
        assume(linked)
        new = data.draw(st.sampled_from(linked))
        gone = new.supersedes[0]
        ids = {r.id: r for r in rs}
        old = ids[gone.reform]
        ids[old.id] = attrs.evolve(
            old, superseded_by=tuple(k for k in old.superseded_by if k.reform != new.id)
        )
        problems = [p for r in ids.values() for p in status_problems(r, ids)]
        assert any(p.startswith(f"reform {new.id}: supersedes {old.id!r}") for p in problems)


class TestInForce:
    """ReformSet.in_force(on=day): the rule in kzreforms._status."""

    def test_supersession_ends_on_its_day(self) -> None:
        """The old record is in force until the day before the link's date; then the new one."""
        rs = ReformSet(pair())
        assert rs.in_force(on="2026-06-30").ids() == ("old",)
        assert rs.in_force(on="2026-07-01").ids() == ("new",)
        assert rs.in_force(on=dt.date(2023, 1, 1)).ids() == ("old",)
        assert rs.in_force(on="2022-12-31").ids() == ()

    def test_month_precision_is_not_guessed(self) -> None:
        """A day inside a month-precision date: only 'possibly' in force."""
        old, new = pair(date="2026-07", start="2023-05")
        rs = ReformSet([old, new])
        assert rs.in_force(on="2023-05-15").ids() == ()
        assert rs.in_force(on="2023-05-15", include_uncertain=True).ids() == ("old",)
        assert rs.in_force(on="2023-05-31").ids() == ("old",)
        assert rs.in_force(on="2026-06-30").ids() == ("old",)
        assert rs.in_force(on="2026-07-15").ids() == ("new",)
        assert tuple(sorted(rs.in_force(on="2026-07-15", include_uncertain=True).ids())) == (
            "new",
            "old",
        )
        assert rs.in_force(on="2026-07-31", include_uncertain=True).ids() == ("new",)

    def test_undated_link(self) -> None:
        """A link without a date: never known in force, possibly in force."""
        rs = ReformSet(pair(date=None))
        assert "new" not in rs.in_force(on="2025-01-01").ids()
        assert "old" not in rs.in_force(on="2025-01-01").ids()
        assert rs.in_force(on="2025-01-01", include_uncertain=True).ids() == ("old",)

    def test_repealed_milestone_ends_too(self) -> None:
        """A repealed milestone ends the record on its day."""
        r = make("a", ("in-force", "2020-01-01"), ("repealed", "2022-01-01"))
        assert ReformSet([r]).in_force(on="2021-12-31").ids() == ("a",)
        assert ReformSet([r]).in_force(on="2022-01-01").ids() == ()
        assert ReformSet([r]).superseded(on="2022-01-01").ids() == ("a",)
        assert ReformSet([r]).superseded(on="2021-12-31").ids() == ()

    def test_without_entry_into_force(self) -> None:
        """A record without an in-force milestone is never returned."""
        assert ReformSet([make("a")]).in_force(on="2030-01-01").ids() == ()

    def test_bad_day(self) -> None:
        """A year or month is refused (it would need a guess); so is a non-date."""
        rs = ReformSet(pair())
        with pytest.raises(QueryError, match="'2026' is a year, not a day; accepted: a day"):
            rs.in_force(on="2026")
        with pytest.raises(QueryError, match="is a month"):
            rs.in_force(on=PartialDate(2026, 7))
        with pytest.raises(InvalidTypeError):
            rs.in_force(on=2026)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            rs.in_force(on="2026-07-01", include_uncertain="yes")  # type: ignore[arg-type]

    def test_status_helpers(self) -> None:
        """superseded() lists ended records; background() the background ones."""
        old, new = pair()
        rs = ReformSet([old, new, make("bg", ("signed", "2017"), background=True)])
        assert rs.superseded().ids() == ("old",)
        assert rs.superseded(on="2026-06-30").ids() == ()
        assert rs.background().ids() == ("bg",)

    def test_packaged(self) -> None:
        """The packaged data answers (records with an in-force milestone)."""
        got = kzreforms.reforms().in_force(on="2022-12-01")
        assert "presidential-term-law-2022" in got.ids()
        for r in got:
            assert r.milestone("in-force") is not None

    @given(
        kst.partial_dates(2015, 2030),
        st.lists(st.none() | kst.partial_dates(2015, 2030), max_size=3),
        st.dates(dt.date(2015, 1, 1), dt.date(2031, 12, 31)),
        st.integers(0, 4000),
        st.booleans(),
    )
    def test_monotone_in_supersession(
        self,
        start: PartialDate,
        ends: list[PartialDate | None],
        day: dt.date,
        later: int,
        uncertain: bool,
    ) -> None:
        """
        A record superseded at d1 is absent on every day d >= d1 (d >= the
        end of d1's period when uncertain days are included); what is known
        to be in force is always possibly in force.
        """
        links = tuple(StatusLink(f"new-{i}", LinkKind.SUPERSEDED, e) for i, e in enumerate(ends))
        r = make("old", ("in-force", str(start)), superseded_by=links)
        rs = ReformSet([r])
        for d in (day, day + dt.timedelta(days=later)):
            got = rs.in_force(on=d, include_uncertain=uncertain).ids()
            for e in ends:
                if e is not None and d >= (e.latest if uncertain else e.earliest):
                    assert got == ()
            assert set(rs.in_force(on=d).ids()) <= set(
                rs.in_force(on=d, include_uncertain=True).ids()
            )
        if rs.in_force(on=day).ids() == () and any(
            e is not None and day >= e.earliest for e in ends
        ):
            assert rs.in_force(on=day + dt.timedelta(days=later)).ids() == ()


class TestActLookup:
    """kzreforms.act / ReformSet.act: any common spelling, one answer."""

    SPELLINGS = ("{n}", "№ {n}", "№{n}", "Law No. {n}", "No.{n}", "no. {n}", "{n} ЗРК", "#{n}")

    def test_spellings_packaged(self) -> None:
        """72-VIII written every common way finds the 2024 women and children law."""
        for s in self.SPELLINGS:
            found = kzreforms.act(s.format(n="72-VIII"))
            assert found.act.number == "72-VIII", s
            assert found.reform.id == "women-children-safety-law-2024"
        assert act_key("72\u2013V\u0406\u0406\u0406") == "72-VIII"  # en dash, Cyrillic I

    @given(
        st.integers(1, 999),
        st.sampled_from(["VI", "VII", "VIII"]),
        st.sampled_from(SPELLINGS),
    )
    def test_every_spelling_same_act(self, n: int, roman: str, spelling: str) -> None:
        """str(number) in every spelling returns the same act."""
        number = f"{n}-{roman}"
        act = LegalAct(ActKind.LAW, "Law", number=number, adilet="Z2400000110")
        rs = ReformSet([make("a", acts=(act,))])
        assert act == rs.act(spelling.format(n=number)).act
        assert act == rs.act("z2400000110").act

    def test_adilet_code(self) -> None:
        """An act is found by its adilet code."""
        act = LegalAct(ActKind.LAW, "Law", number="110-VIII", adilet="Z2400000110")
        rs = ReformSet([make("a", acts=(act,))])
        assert tuple(r.id for r in rs.act("Z2400000110").reforms) == ("a",)

    def test_unknown_number(self) -> None:
        """An unknown number is the library's error, with close matches."""
        with pytest.raises(UnknownNameError) as e:
            kzreforms.act("Law No. 72-VII")
        assert str(e.value).startswith(
            "unknown act number or adilet code '72-VII'; did you mean '72-VIII'"
        )
        assert "read as '72-VII'" in str(e.value)

    def test_no_number(self) -> None:
        """Text without a number says what is accepted."""
        with pytest.raises(QueryError, match=r"holds no act number; accepted: an act number"):
            kzreforms.act("the trafficking law")
        with pytest.raises(InvalidTypeError):
            kzreforms.act(72)
        with pytest.raises(QueryError, match="at most 200 characters"):
            kzreforms.act("7" * 300)


class TestSearch:
    """search() reads official titles and adilet codes, folded as all text."""

    def rs(self) -> ReformSet:
        ru = OfficialTitle(TitleLang.RU, "О внесении изменений по вопросам безопасности детей")
        kk = OfficialTitle(TitleLang.KK, "Балалардың қауіпсіздігі туралы")
        act = LegalAct(ActKind.LAW, "Law", official_titles=(ru, kk), adilet="Z2400000072")
        return ReformSet([make("a", acts=(act,)), make("b")])

    def test_russian_title(self) -> None:
        """A Russian phrase finds the record, in any case."""
        assert self.rs().search("безопасности детей").ids() == ("a",)
        assert self.rs().search("БЕЗОПАСНОСТИ ДЕТЕЙ").ids() == ("a",)

    def test_kazakh_letters_and_substitutes(self) -> None:
        """Kazakh letters match their Russian-keyboard substitutes, both ways."""
        assert self.rs().search("кауипсиздиги").ids() == ("a",)
        assert self.rs().search("қауіпсіздігі").ids() == ("a",)

    def test_adilet_code(self) -> None:
        """An adilet code is searchable text."""
        assert self.rs().search("z2400000072").ids() == ("a",)


class TestCli:
    """kzreforms act NUMBER and list --in-force-on DAY."""

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kzreforms", *args],
            capture_output=True,
            text=True,
            check=False,
            encoding="utf-8",
        )

    def test_act(self) -> None:
        """The act command prints the reforms table in the format asked."""
        res = self.run("act", "№ 72-VIII", "--format", "csv", "--columns", "id,act_numbers")
        assert res.stdout == "id,act_numbers\nwomen-children-safety-law-2024,72-VIII\n"

    def test_act_unknown(self) -> None:
        """An unknown act exits 2 with the close matches."""
        res = self.run("act", "72-VII")
        assert res.returncode == 2
        assert "unknown act number or adilet code '72-VII'; did you mean '72-VIII'" in res.stderr

    def test_list_in_force_on(self) -> None:
        """--in-force-on keeps what ReformSet.in_force keeps."""
        res = self.run("list", "--in-force-on", "2022-12-01", "--format", "json", "--flat")
        got = [row["id"] for row in json.loads(res.stdout)]
        assert list(kzreforms.reforms().in_force(on="2022-12-01").ids()) == got
        bad = self.run("list", "--in-force-on", "2022")
        assert bad.returncode == 2
        assert "'2022' is a year, not a day" in bad.stderr


class TestPackagedTitles:
    """The official titles and adilet codes carried into the packaged data."""

    def test_russian_title_search(self) -> None:
        """A Russian official title finds its record, folded for case."""
        rs = kzreforms.reforms()
        assert rs.search("О ПРОТИВОДЕЙСТВИИ торговле людьми").ids() == (
            "human-trafficking-law-2024",
        )

    def test_kazakh_title_search(self) -> None:
        """A Kazakh title matches typed with Kazakh letters or with their substitutes."""
        rs = kzreforms.reforms()
        assert rs.search("Қоғамдық бақылау").ids() == ("public-control-law-2023",)
        assert rs.search("когамдык бакылау").ids() == ("public-control-law-2023",)

    def test_adilet_lookup(self) -> None:
        """Acts are found by their adilet code, in any case."""
        assert kzreforms.act("z2400000110").act.number == "110-VIII"
        assert kzreforms.act("U190000063U").reform.id == "national-council-of-public-trust"

    def test_titles_are_cited(self) -> None:
        """Every official title cites a registered source the record cites."""
        rs = kzreforms.reforms()
        seen = 0
        for r in rs:
            cited = {c.source for c in r.citations}
            for a in r.acts:
                for t in a.official_titles:
                    assert t.sources, (r.id, t.title)
                    assert t.sources <= cited, (r.id, t.title)
                    assert t.sources <= set(rs.sources), (r.id, t.title)
                    seen += 1
        assert seen >= 19

    def test_show(self) -> None:
        """show prints an act's official titles and adilet code."""
        out = subprocess.run(
            [sys.executable, "-m", "kzreforms", "show", "commissioner-for-human-rights-law-2021"],
            capture_output=True,
            text=True,
            check=True,
            encoding="utf-8",
        ).stdout
        assert "      ru: Об Уполномоченном по правам человека в Республике Казахстан\n" in out
        assert "      adilet: Z2100000090 (https://adilet.zan.kz/" in out
        assert "checked:  2026-03-18\n" in out


class TestDataAsOfBuild:
    """tools/data.py bundle keeps DATA_AS_OF the newest last_checked."""

    def test_stale_constant_is_reported(self, capsys: pytest.CaptureFixture[str]) -> None:
        """bundle --check fails (and says how to fix it) when a newer last_checked exists."""
        import runpy
        from pathlib import Path

        tool = runpy.run_path(str(Path(__file__).parent.parent / "tools" / "data.py"))
        doc = {"reforms": [{"last_checked": "2026-03-18"}, {"last_checked": "2099-01-01"}]}
        assert tool["_data_as_of"](json.dumps(doc).encode(), check=True) is False
        err = capsys.readouterr().err
        assert "DATA_AS_OF is not 2099-01-01, the newest last_checked in the data" in err
        current = {"reforms": [{"last_checked": kzreforms.DATA_AS_OF.isoformat()}]}
        assert tool["_data_as_of"](json.dumps(current).encode(), check=True) is True

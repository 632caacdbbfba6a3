# SPDX-License-Identifier: MIT
"""Structured article references: Code, ArticleRef, their use in records, views and data rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzreforms
from kzreforms import _cli
from kzreforms import strategies as kst
from kzreforms._articles import ArticleRef, Code
from kzreforms._convert import dumps, loads
from kzreforms._dates import PartialDate
from kzreforms._errors import (
    ArticleParseError,
    DataLoadError,
    InvalidRecordError,
    InvalidTypeError,
    KzReformsError,
)
from kzreforms._model import (
    Citation,
    Confidence,
    Discrepancy,
    Gravity,
    Liability,
    Milestone,
    Penalty,
    PenaltyChange,
    PenaltyDelta,
    Reform,
    ReformKind,
    Stage,
    Term,
)
from kzreforms._store import chain_breaks, validate_dataset
from kzreforms._topics import Topic

CRIM = Liability.CRIMINAL
REF = ArticleRef(Code.CC, "128", "1")

# Reforms from kzreforms.strategies are slow to draw: a third of the profile's examples
# here (the slow suite, `python tools/dev.py slow`, runs the full profile).
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


def reform(rid: str, signed: PartialDate, *changes: PenaltyChange, **kw: object) -> Reform:
    return Reform(
        id=rid,
        title=f"Law {rid}",
        summary="A law.",
        kind=ReformKind.LAW,
        topics=frozenset({Topic.CRIMINAL_LAW}),
        milestones=(Milestone(Stage.SIGNED, signed),),
        citations=(Citation("src-a", confidence=Confidence.HIGH),),
        penalty_changes=changes,
        **kw,  # type: ignore[arg-type]
    )


class TestParse:
    """ArticleRef.parse reads the spellings people type."""

    @pytest.mark.parametrize(
        "text",
        [
            "CC 128(1)",
            "cc 128(1)",
            "CC 128 (1)",
            "Art. 128(1) CC",
            "art 128 part 1 of the Criminal Code",
            "Article 128, part 1 of the Criminal Code of the Republic of Kazakhstan",
            "статья 128 часть 1 УК",
            "УК РК ст. 128 ч. 1",
            "ст. 128 ч. 1 УК РК",
            "ст.128 ч.1 УК",
            "ҚК 128-бап 1-бөлік",
            "Уголовный кодекс, ст. 128 ч. 1",
        ],
    )
    def test_every_spelling_reads_as_the_canonical_form(self, text: str) -> None:
        """Each accepted spelling gives the same reference, printed canonically."""
        assert ArticleRef.parse(text) == REF
        assert str(ArticleRef.parse(text)) == "CC 128(1)"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("CC 108-1(2)", ArticleRef(Code.CC, "108-1", "2")),
            ("CC 120(3-1)", ArticleRef(Code.CC, "120", "3-1")),
            ("CC 125(3)(2-1)", ArticleRef(Code.CC, "125", "3", "2-1")),
            ("CC 125 part 3 item 2-1", ArticleRef(Code.CC, "125", "3", "2-1")),
            ("AdmC 127-2", ArticleRef(Code.ADMC, "127-2")),
            ("ст. 608 КоАП РК", ArticleRef(Code.ADMC, "608")),
            ("ӘҚБтК 608", ArticleRef(Code.ADMC, "608")),
            ("art. 127-2 of the Code of Administrative Offences", ArticleRef(Code.ADMC, "127-2")),
            ("УПК 7", ArticleRef(Code.CPC, "7")),
            ("ҚПК 7", ArticleRef(Code.CPC, "7")),
            ("Criminal Procedure Code art. 7", ArticleRef(Code.CPC, "7")),
            ("УИК 12", ArticleRef(Code.PEC, "12")),
            ("ҚАтК 12", ArticleRef(Code.PEC, "12")),
        ],
    )
    def test_forms_with_items_suffixes_and_other_codes(
        self, text: str, expected: ArticleRef
    ) -> None:
        """Suffixed numbers, items and the other three codes are read too."""
        assert expected == ArticleRef.parse(text)

    def test_canonical_text_with_an_item(self) -> None:
        """An item prints as a second bracket."""
        assert str(ArticleRef(Code.CC, "125", "3", "2-1")) == "CC 125(3)(2-1)"

    def test_a_ref_is_returned_as_it_is(self) -> None:
        """parse() of an ArticleRef is that ref."""
        assert ArticleRef.parse(REF) is REF

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("128", "no code is named"),
            ("", "the text is empty"),
            ("   ", "the text is empty"),
            ("CC", "expected an article number"),
            ("CC 0128", "expected an article number"),
            ("CC 128(1", "expected an article number"),
            ("CC 128(0)", "expected an article number"),
            ("CC 128 AdmC 5", "more than one code"),
            ("CC 128 item 2", "an item needs a part"),
            ("CX 128", "unknown code 'CX'"),
            ("Criminal Kode 128", "unknown code 'Criminal Kode'"),
        ],
    )
    def test_bad_input_says_what_is_wrong_and_accepted(self, text: str, reason: str) -> None:
        """Each bad input raises the library's error naming the problem and the forms."""
        with pytest.raises(ArticleParseError) as info:
            ArticleRef.parse(text)
        msg = str(info.value)
        assert reason in msg
        assert "Accepted: 'CC 128(1)'" in msg
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, KzReformsError)

    def test_unknown_code_suggests_close_matches(self) -> None:
        """A mistyped code names the codes it looks like."""
        with pytest.raises(ArticleParseError) as info:
            ArticleRef.parse("CX 128")
        assert "CC" in info.value.suggestions
        assert "did you mean 'CC'" in str(info.value)
        with pytest.raises(ArticleParseError) as info:
            ArticleRef.parse("Criminal Kode 128")
        assert info.value.suggestions[0] == "Criminal Code"

    def test_not_a_string(self) -> None:
        """A non-str is a type error."""
        with pytest.raises(InvalidTypeError, match="ArticleRef or a str"):
            ArticleRef.parse(128)  # type: ignore[arg-type]

    def test_canonical_only_for_data(self) -> None:
        """Data files must hold the canonical text; the error gives it."""
        assert ArticleRef.parse_canonical("CC 128(1)") == REF
        with pytest.raises(ArticleParseError, match=r"write 'CC 128\(1\)'"):
            ArticleRef.parse_canonical("Art. 128(1) CC")


class TestCode:
    """The Code enum: names, aliases, sealed members."""

    @pytest.mark.parametrize(
        ("name", "code"),
        [
            ("CC", Code.CC),
            ("criminal code", Code.CC),
            ("УК", Code.CC),
            ("ук рк", Code.CC),
            ("ҚК", Code.CC),
            ("AdmC", Code.ADMC),
            ("КоАП", Code.ADMC),
            ("ӘҚБтК", Code.ADMC),
            ("Code of Administrative Offences", Code.ADMC),
            ("УПК", Code.CPC),
            ("ҚПК", Code.CPC),
            ("УИК", Code.PEC),
            ("ҚАтК", Code.PEC),
            ("pec", Code.PEC),
        ],
    )
    def test_parse_aliases(self, name: str, code: Code) -> None:
        """English, Russian and Kazakh names and abbreviations, any case."""
        assert code is Code.parse(name)

    def test_names(self) -> None:
        """str() is the abbreviation; title the full English name."""
        assert [str(c) for c in Code] == ["CC", "AdmC", "CPC", "PEC"]
        assert Code.CC.title == "Criminal Code"
        assert Code.PEC.title == "Penal Enforcement Code"

    def test_unknown_code(self) -> None:
        """An unknown code raises with close matches."""
        with pytest.raises(ArticleParseError, match="unknown code 'KK'"):
            Code.parse("KK")
        with pytest.raises(InvalidTypeError):
            Code.parse(3)  # type: ignore[arg-type]

    def test_sealed(self) -> None:
        """Members cannot be changed."""
        with pytest.raises(AttributeError):
            Code.CC._value_ = "x"


class TestArticleRefRecord:
    """ArticleRef refuses values it cannot hold."""

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"code": Code.CC, "article": "0"}, "ArticleRef.article"),
            ({"code": Code.CC, "article": "12a"}, "ArticleRef.article"),
            ({"code": Code.CC, "article": "12", "part": "01"}, "ArticleRef.part"),
            ({"code": Code.CC, "article": "12", "item": "1"}, "ArticleRef.item"),
        ],
    )
    def test_bad_values(self, kwargs: dict[str, object], field: str) -> None:
        """Numbers without leading zeros; an item only with a part."""
        with pytest.raises(InvalidRecordError) as info:
            ArticleRef(**kwargs)  # type: ignore[arg-type]
        assert field == info.value.field

    def test_bad_types(self) -> None:
        """A code must be a Code, numbers str."""
        with pytest.raises(InvalidTypeError):
            ArticleRef("CC", "128")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            ArticleRef(Code.CC, 128)  # type: ignore[arg-type]

    def test_frozen(self) -> None:
        """References are immutable and hashable."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            REF.article = "1"  # type: ignore[misc]
        assert {REF: 1}[ArticleRef.parse("УК 128 ч. 1")] == 1


class TestOrderAndContainment:
    """Structural order and containment."""

    def test_numbers_compare_as_numbers(self) -> None:
        """CC 99 < CC 108 < CC 108(1) < CC 108-1 < CC 109; a provision before its parts."""
        refs = ["CC 109", "CC 108-1", "CC 99", "CC 108(1)", "CC 108", "AdmC 1", "CC 128(3-1)"]
        got = [str(r) for r in sorted(ArticleRef.parse(x) for x in refs)]
        assert got == [
            "CC 99",
            "CC 108",
            "CC 108(1)",
            "CC 108-1",
            "CC 109",
            "CC 128(3-1)",
            "AdmC 1",
        ]

    def test_contains(self) -> None:
        """CC 128 contains its parts; CC 12 does not contain CC 128."""
        assert ArticleRef.parse("CC 128").contains("CC 128(1)")
        assert ArticleRef.parse("CC 125(3)").contains("CC 125(3)(2-1)")
        assert not ArticleRef.parse("CC 12").contains("CC 128")
        assert not ArticleRef.parse("CC 128(1)").contains("CC 128")
        assert not ArticleRef.parse("CC 128").contains("AdmC 128")
        assert not ArticleRef.parse("CC 108").contains("CC 108-1")

    def test_parent_and_ancestors(self) -> None:
        """An item's parent is its part, a part's its article."""
        ref = ArticleRef.parse("CC 125(3)(2-1)")
        assert [str(a) for a in ref.ancestors()] == ["CC 125(3)", "CC 125"]
        assert ArticleRef.parse("CC 125").parent is None

    @given(kst.article_refs())
    def test_parse_of_str_is_identity(self, ref: ArticleRef) -> None:
        """str() then parse() gives the same reference."""
        assert ref == ArticleRef.parse(str(ref))
        assert ref == ArticleRef.parse_canonical(str(ref))

    @given(kst.article_refs(), kst.article_refs())
    def test_order_consistent_with_equality(self, a: ArticleRef, b: ArticleRef) -> None:
        """a <= b and b <= a exactly when a == b; the order is total."""
        assert (a <= b <= a) == (a == b)
        assert (a < b) or (b < a) or (a == b)
        assert (a < b) == (b > a)

    @given(kst.article_refs())
    def test_parent_contains_child(self, ref: ArticleRef) -> None:
        """Every ancestor contains the reference and sorts before it."""
        assert ref.contains(ref)
        for anc in ref.ancestors():
            assert anc.contains(ref)
            assert anc < ref
            assert not ref.contains(anc)

    @given(st.integers(1, 99), st.integers(0, 9), st.none() | st.sampled_from(["1", "2-1"]))
    def test_prefix_never_contains(self, n: int, digit: int, part: str | None) -> None:
        """CC 12 never contains CC 12x: containment is not a string prefix."""
        short = ArticleRef(Code.CC, str(n))
        longer = ArticleRef(Code.CC, f"{n}{digit}", part)
        assert not short.contains(longer)


class TestPenaltyChangeArticle:
    """PenaltyChange.article is an ArticleRef; JSON keeps the canonical string."""

    def test_str_is_read(self) -> None:
        """A str article is read as parse() reads it."""
        c = PenaltyChange("x", after=Penalty(CRIM), article="ст. 128 ч. 1 УК")
        assert c.article == REF

    def test_both_or_neither(self) -> None:
        """article and article_unknown exclude each other; so do the two dates."""
        with pytest.raises(InvalidRecordError, match="article_unknown"):
            PenaltyChange("x", after=Penalty(CRIM), article="CC 1", article_unknown="why")
        with pytest.raises(InvalidRecordError, match="in_force_unknown"):
            PenaltyChange(
                "x", after=Penalty(CRIM), in_force=PartialDate(2020), in_force_unknown="why"
            )

    def test_json_round_trip_keeps_strings(self) -> None:
        """The data format holds the canonical string; records come back equal."""
        r = kzreforms.get("criminal-code-amendments-2019-12")
        text = dumps(r)
        assert '"article": "CC 128(1)"' in text
        assert loads(text) == r

    def test_data_must_be_canonical(self) -> None:
        """A non-canonical article in a data file is refused with the canonical form."""
        r = kzreforms.get("trafficking-penalties-law-2024")
        doc = json.loads(dumps(r))
        doc["penalty_changes"][0]["article"] = "Art. 128(1) CC"
        with pytest.raises(DataLoadError, match=r"write 'CC 128\(1\)'"):
            loads(json.dumps(doc))

    def test_packaged_changes_name_their_provision_or_say_why(self) -> None:
        """Every packaged change has exactly one of article / article_unknown."""
        for e in kzreforms.reforms().penalties():
            c = e.change
            assert (c.article is None) != (c.article_unknown is None), (e.reform.id, c.offence)


class TestPenaltyViewArticle:
    """PenaltyView.article() is structural."""

    def test_prefix_is_not_a_match(self) -> None:
        """'CC 12' matched Arts 120-128 as a string prefix; now it matches nothing."""
        pv = kzreforms.reforms().penalties()
        assert len(pv.article("CC 12")) == 0
        assert len(pv.article("CC 128")) == 8
        assert {str(e.change.article) for e in pv.article("CC 128")} == {
            "CC 128(1)",
            "CC 128(2)",
            "CC 128(3)",
            "CC 128(4)",
        }
        assert len(pv.article("УК РК ст. 128 ч. 1")) == 2
        assert len(pv.article(REF)) == 2

    def test_a_code_alone(self) -> None:
        """A code matches every change to it."""
        pv = kzreforms.reforms().penalties()
        adm = pv.article("AdmC")
        assert len(adm) > 0
        assert all(e.change.article is not None for e in adm)
        assert {e.change.article.code for e in adm if e.change.article} == {Code.ADMC}
        assert adm == pv.article(Code.ADMC)

    def test_no_code_is_an_error(self) -> None:
        """'128' raised nothing and returned nothing; now it says what is accepted."""
        with pytest.raises(ArticleParseError, match="no code is named"):
            kzreforms.reforms().penalties().article("128")


class TestDelta:
    """PenaltyChange.delta."""

    def test_trafficking_2019(self) -> None:
        """CC 128(1): 3-5 y (medium) to 4-7 y (grave)."""
        c = kzreforms.reforms().penalties().article("CC 128(1)")
        d = next(e.change.delta for e in c if e.reform.id == "criminal-code-amendments-2019-12")
        assert PenaltyDelta(12, 24, None, None, 1, 0, (), ()) == d

    def test_decriminalisation_and_new(self) -> None:
        """Defamation leaves the Criminal Code; a new offence adds its sanctions."""
        before = Penalty(
            CRIM, Gravity.MINOR, Term(None, 12), fine_mci=kzreforms.Quantity(None, 1000)
        )
        after = Penalty(Liability.ADMINISTRATIVE, fine_mci=kzreforms.Quantity(160, 160))
        d = PenaltyChange("defamation", after=after, before=before).delta
        assert d.liability_steps == -1
        assert d.dropped == ("imprisonment",)
        assert d.fine_max == -840
        assert d.gravity_steps is None
        new = PenaltyChange(
            "stalking", after=Penalty(CRIM, life=True, imprisonment=Term.years(15, 20))
        )
        assert new.delta.added == ("life", "imprisonment")
        assert new.delta.liability_steps is None


class TestEffective:
    """PenaltyEntry.effective: the change's date, the reform's, or unknown."""

    def entry(self, rid: str, ref: str) -> kzreforms.PenaltyEntry:
        pv = kzreforms.reforms().penalties().article(ref)
        return next(e for e in pv if e.reform.id == rid)

    def test_from_the_reform(self) -> None:
        """The 2024 law's in-force milestone applies."""
        eff = self.entry("women-children-safety-law-2024", "CC 109-1(1)").effective
        assert (PartialDate(2024, 6, 16), "reform") == (eff.date, eff.basis)

    def test_2019_jury_date_does_not_apply(self) -> None:
        """The 2019 reform's in-force date is for jury trials only: unknown, with the reason."""
        eff = self.entry("criminal-code-amendments-2019-12", "CC 128(1)").effective
        assert (eff.date, eff.basis) == (None, "unknown")
        assert eff.reason is not None
        assert "jury" in eff.reason
        assert not eff.known

    def test_own_date(self) -> None:
        """The drunk-driving change carries the reported year."""
        eff = self.entry("criminal-code-amendments-2019-12", "AdmC 608").effective
        assert (PartialDate(2020), "change") == (eff.date, eff.basis)

    def test_no_milestone(self) -> None:
        """Without a date or an in-force milestone the result says so."""
        r = reform(
            "a", PartialDate(2020, 1, 2), PenaltyChange("x", after=Penalty(CRIM), article="CC 1")
        )
        eff = kzreforms.ReformSet([r]).penalties()[0].effective
        assert eff.date is None
        assert "no in-force milestone" in (eff.reason or "")


class TestValidation:
    """Named provisions and chain continuity are data rules."""

    def test_missing_article_and_reason(self) -> None:
        """A change with neither article nor article_unknown is reported."""
        r = reform("a", PartialDate(2020, 1, 2), PenaltyChange("x", after=Penalty(CRIM)))
        problems = validate_dataset(kzreforms.sources().values(), [r])
        assert any("give article or article_unknown" in p for p in problems)

    def test_packaged_chains_are_continuous(self) -> None:
        """Every later change's before equals the earlier change's after."""
        assert chain_breaks(kzreforms.reforms()) == []

    def test_a_break_is_reported_and_excused_by_a_discrepancy(self) -> None:
        """A break names both reforms; a Discrepancy naming the provision excuses it."""
        a = reform(
            "a",
            PartialDate(2020, 1, 2),
            PenaltyChange(
                "x", after=Penalty(CRIM, imprisonment=Term.years(4, 7)), article="CC 128(1)"
            ),
        )
        change = PenaltyChange(
            "x",
            before=Penalty(CRIM, imprisonment=Term.years(3, 5)),
            after=Penalty(CRIM, imprisonment=Term.years(5, 8)),
            article="CC 128(1)",
        )
        b = reform("b", PartialDate(2021, 1, 2), change)
        [problem] = chain_breaks([b, a])
        assert "reform b: CC 128(1) before is criminal prison 3 y to 5 y" in problem
        assert "a left it at criminal prison 4 y to 7 y" in problem
        d = Discrepancy(
            "CC 128(1): penalty before the change",
            Citation("src-a", confidence=Confidence.LOW),
            "3-5 years",
            "the earlier law set 4-7 years",
            path="penalty_changes[0].before",
        )
        b2 = reform("b", PartialDate(2021, 1, 2), change, discrepancies=(d,))
        assert chain_breaks([a, b2]) == []
        assert chain_breaks([a, attrs.evolve(b, penalty_changes=())]) == []

    def test_notes_are_ignored(self) -> None:
        """Penalty notes do not break a chain."""
        p = Penalty(CRIM, imprisonment=Term.years(4, 7))
        a = reform("a", PartialDate(2020, 1, 2), PenaltyChange("x", after=p, article="CC 1"))
        b = reform(
            "b",
            PartialDate(2021, 1, 2),
            PenaltyChange("x", before=attrs.evolve(p, note="n"), after=p, article="CC 1"),
        )
        assert chain_breaks([a, b]) == []

    @FEWER
    @given(
        st.lists(kst.penalties(), min_size=2, max_size=5),
        kst.article_refs((Code.CC,)),
    )
    def test_generated_chains(self, states: list[Penalty], ref: ArticleRef) -> None:
        """A chain built from consecutive states has no break; changing one before breaks it."""
        rs = [
            reform(
                f"r{i}",
                PartialDate(2016 + i, 1, 1),
                PenaltyChange("x", before=states[i], after=states[i + 1], article=ref),
            )
            for i in range(len(states) - 1)
        ]
        assert chain_breaks(rs) == []
        last = rs[-1]
        other = Penalty(Liability.NONE, note=None)
        if len(rs) > 1 and attrs.evolve(states[-2], note=None) != other:
            broken = attrs.evolve(
                last,
                penalty_changes=(attrs.evolve(last.penalty_changes[0], before=other),),
            )
            assert len(chain_breaks([*rs[:-1], broken])) == 1


class TestCli:
    """kzreforms article and penalties --article."""

    def test_history(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The history lists both laws."""
        assert _cli.main(["article", "CC 128(1)", "--format", "json"]) == 0
        rows = json.loads(capsys.readouterr().out)
        assert [r["reform_id"] for r in rows] == [
            "criminal-code-amendments-2019-12",
            "trafficking-penalties-law-2024",
        ]
        assert rows[0]["effective_basis"] == "unknown"

    def test_on_a_day(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--on gives the state, ambiguous with both candidates when it is."""
        assert (
            _cli.main(["article", "ст. 128 ч. 1 УК", "--on", "2022-01-01", "--format", "json"]) == 0
        )
        [row] = json.loads(capsys.readouterr().out)
        assert row["status"] == "ambiguous"
        assert row["candidates"] == [
            "criminal (medium) prison 3 y to 5 y",
            "criminal (grave) prison 4 y to 7 y",
        ]
        assert _cli.main(["article", "CC 120(4)", "--on", "2024-07-01", "--format", "tsv"]) == 0
        assert "criminal (especially-grave) life" in capsys.readouterr().out

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["article", "128"], "no code is named"),
            (["article", "CC 128"], "its parts do: CC 128(1)"),
            (["article", "CC 128(1)", "--on", "2022"], "not a single day"),
            (["penalties", "--article", "128"], "no code is named"),
        ],
    )
    def test_bad_input(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad references and dates exit 2 with the reason."""
        assert _cli.main(argv) == 2
        assert message in capsys.readouterr().err

    def test_penalties_article(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--article matches structurally."""
        assert _cli.main(["penalties", "--article", "CC 12", "--format", "json"]) == 0
        assert json.loads(capsys.readouterr().out) == []
        assert _cli.main(["penalties", "--article", "CC 128", "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 8


class TestValidateCommand:
    """kzreforms validate reports chain breaks and unnamed provisions."""

    def test_break_and_missing_article(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A later record whose before differs from the earlier after is reported."""
        src = Path(__file__).parent / "fixtures" / "data"
        dst = tmp_path / "data"
        shutil.copytree(src, dst)
        doc = json.loads((dst / "reforms" / "fixture-penalties-law-2024.json").read_text())
        doc["id"] = "fixture-later-law-2025"
        doc["milestones"] = [
            {
                "stage": "signed",
                "date": "2025-04-15",
                "citations": [{"source": "fixture-official-gazette", "locator": "Art. 1"}],
            }
        ]
        doc.pop("related", None)
        change = doc["penalty_changes"][0]
        change["before"] = {"liability": "administrative"}
        unnamed = {k: v for k, v in change.items() if k != "article"}
        doc["penalty_changes"] = [change, unnamed]
        (dst / "reforms" / "fixture-later-law-2025.json").write_text(json.dumps(doc))
        assert _cli.main(["validate", str(dst)]) == 1
        err = capsys.readouterr()
        text = err.out + err.err
        assert "reform fixture-later-law-2025: CC 109-1(1) before is administrative" in text
        assert "give article or article_unknown" in text

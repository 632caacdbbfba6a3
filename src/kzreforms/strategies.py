# SPDX-License-Identifier: MIT
"""
Hypothesis strategies that generate valid kzreforms records.

Use them to property-test your own code on generated reforms::

    from hypothesis import given
    from kzreforms import strategies as kst

    @given(kst.reforms())
    def test_my_report_never_crashes(reform):
        my_report(reform)

Needs the ``hypothesis`` extra: ``pip install "kzreforms[hypothesis]"``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import string
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised in a subprocess test
    msg = 'kzreforms.strategies needs hypothesis: pip install "kzreforms[hypothesis]"'
    raise ImportError(msg) from e

from ._articles import ArticleRef, Code
from ._collection import ReformSet
from ._dates import PartialDate
from ._model import (
    BACKGROUND_BEFORE,
    ActKind,
    Citation,
    CitationRef,
    Confidence,
    Discrepancy,
    Figure,
    Gravity,
    LegalAct,
    Liability,
    LinkKind,
    Measure,
    Milestone,
    OfficialTitle,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    ReformKind,
    Source,
    SourceKind,
    Stage,
    StatusLink,
    Term,
    TitleLang,
)
from ._topics import Topic

__all__ = [
    "adilet_codes",
    "article_refs",
    "citation_refs",
    "citations",
    "discrepancies",
    "figures",
    "legal_acts",
    "linked_reform_sets",
    "measures",
    "milestones",
    "official_titles",
    "partial_dates",
    "penalties",
    "penalty_changes",
    "quantities",
    "record_paths",
    "reform_sets",
    "reforms",
    "slugs",
    "sources",
    "status_links",
    "terms",
    "texts",
    "topics",
]

_WORDS = [
    "law",
    "code",
    "plan",
    "court",
    "women",
    "children",
    "rights",
    "safety",
    "penalty",
    "crime",
    "Mazhilis",
    "Senate",
    "Qazaqstan",
    "Mäjilis",
    "Kurultai",
    "ombudsman",
    "trafficking",
    "poaching",
    "reform",
    "decree",
    "Сенат",
    "прокуратура",
    "жол",
]
_CHAIN = [s for s in Stage if s.in_chain]
_OFF_CHAIN = [s for s in Stage if not s.in_chain]


def slugs() -> st.SearchStrategy[str]:
    """Ids in the slug form records use."""
    return _slugs()


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _slugs() -> st.SearchStrategy[str]:
    part = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=8)
    return st.lists(part, min_size=1, max_size=4).map("-".join)


def texts(max_words: int = 8) -> st.SearchStrategy[str]:
    """Short non-empty NFC text without surrounding white space."""
    return _texts(max_words)


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _texts(max_words: int = 8) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(_WORDS), min_size=1, max_size=max_words).map(" ".join)


def partial_dates(min_year: int = 1990, max_year: int = 2035) -> st.SearchStrategy[PartialDate]:
    """Dates at year, month or day precision."""
    return _partial_dates(min_year, max_year)


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _partial_dates(min_year: int = 1990, max_year: int = 2035) -> st.SearchStrategy[PartialDate]:

    @st.composite
    def build(draw: st.DrawFn) -> PartialDate:
        year = draw(st.integers(min_year, max_year))
        precision = draw(st.integers(1, 3))
        if precision == 1:
            return PartialDate(year)
        month = draw(st.integers(1, 12))
        if precision == 2:  # noqa: PLR2004
            return PartialDate(year, month)
        day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
        return PartialDate(year, month, day)

    return build()


def topics() -> st.SearchStrategy[frozenset[Topic]]:
    """Non-empty sets of topics."""
    return _topics()


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _topics() -> st.SearchStrategy[frozenset[Topic]]:
    return st.frozensets(st.sampled_from(list(Topic)), min_size=1, max_size=3)


def terms(max_months: int = 30 * 12) -> st.SearchStrategy[Term]:
    """Prison terms with min <= max; either bound may be unknown."""
    return _terms(max_months)


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _terms(max_months: int = 30 * 12) -> st.SearchStrategy[Term]:

    @st.composite
    def build(draw: st.DrawFn) -> Term:
        a = draw(st.integers(0, max_months))
        b = draw(st.integers(a, max_months))
        shape = draw(st.sampled_from(["both", "max", "min"]))
        if shape == "max":
            return Term(None, b)
        if shape == "min":
            return Term(a, None)
        return Term(a, b)

    return build()


def quantities(max_value: int = 5000) -> st.SearchStrategy[Quantity]:
    """Non-custodial ranges with min <= max."""
    return _quantities(max_value)


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _quantities(max_value: int = 5000) -> st.SearchStrategy[Quantity]:

    @st.composite
    def build(draw: st.DrawFn) -> Quantity:
        a = draw(st.integers(0, max_value))
        b = draw(st.integers(a, max_value))
        shape = draw(st.sampled_from(["both", "max", "min"]))
        return Quantity(a if shape != "max" else None, b if shape != "min" else None)

    return build()


def penalties() -> st.SearchStrategy[Penalty]:
    """Valid penalties: gravity, when given, agrees with the term (Art. 11)."""
    return _penalties()


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _penalties() -> st.SearchStrategy[Penalty]:

    @st.composite
    def build(draw: st.DrawFn) -> Penalty:
        liability = draw(st.sampled_from(list(Liability)))
        common: dict[str, Any] = {
            "fine_mci": draw(st.none() | quantities()),
            "arrest_days": draw(st.none() | quantities(90)),
            "community_work_hours": draw(st.none() | quantities(1200)),
            "correctional_works": draw(st.booleans()),
            "bans": tuple(draw(st.lists(texts(4), max_size=2))),
            "note": draw(st.none() | texts()),
        }
        if liability is not Liability.CRIMINAL:
            return Penalty(liability, **common)
        if draw(st.booleans()):  # a criminal misdemeanour
            return Penalty(liability, Gravity.CRIMINAL_MISDEMEANOUR, **common)
        imprisonment = draw(st.none() | terms())
        life = draw(st.booleans())
        death = draw(st.booleans()) if life else False
        negligent = False if life else draw(st.booleans())
        p = Penalty(
            liability,
            imprisonment=imprisonment,
            life=life,
            death=death,
            negligent=negligent,
            restriction_of_freedom=draw(st.none() | terms(7 * 12)),
            licence_deprivation=draw(st.none() | terms(10 * 12)),
            **common,
        )
        if draw(st.booleans()):
            implied = p.term_gravity
            if implied is not None:
                p = Penalty(
                    liability,
                    gravity=implied,
                    imprisonment=imprisonment,
                    life=life,
                    death=death,
                    negligent=negligent,
                    restriction_of_freedom=p.restriction_of_freedom,
                    licence_deprivation=p.licence_deprivation,
                    **common,
                )
        return p

    return build()


@functools.cache
def _numbers(top: int = 500) -> st.SearchStrategy[str]:
    base = st.integers(1, top).map(str)
    return base | st.tuples(base, st.integers(1, 9)).map(lambda t: f"{t[0]}-{t[1]}")


def article_refs(codes: tuple[Code, ...] = tuple(Code)) -> st.SearchStrategy[ArticleRef]:
    """References to provisions: an article, maybe a part, maybe an item of that part."""
    return _article_refs(codes)


@functools.cache  # a strategy is immutable: build it once per arguments, not per draw
def _article_refs(codes: tuple[Code, ...] = tuple(Code)) -> st.SearchStrategy[ArticleRef]:

    @st.composite
    def build(draw: st.DrawFn) -> ArticleRef:
        code = draw(st.sampled_from(codes))
        article = draw(_numbers())
        part = draw(st.none() | _numbers(12))
        item = None if part is None else draw(st.none() | _numbers(12))
        return ArticleRef(code, article, part, item)

    return build()


def penalty_changes(
    source_ids: frozenset[str] = frozenset(), *, passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[PenaltyChange]:
    """
    Penalty changes; ``before`` is absent for a new offence.  Each names its
    provision or says why it cannot; some carry their own date.
    """
    refs = citation_refs(source_ids, passages)

    @st.composite
    def build(draw: st.DrawFn) -> PenaltyChange:
        article = draw(st.none() | article_refs((Code.CC, Code.ADMC)))
        in_force = draw(st.none() | partial_dates(2015, 2030))
        return PenaltyChange(
            draw(texts(5)),
            after=draw(penalties()),
            before=draw(st.none() | penalties()),
            article=article,
            note=draw(st.none() | texts()),
            citations=draw(refs),
            article_unknown=draw(texts()) if article is None else None,
            in_force=in_force,
            in_force_unknown=draw(st.none() | texts()) if in_force is None else None,
        )

    return build()


def citation_refs(
    source_ids: frozenset[str] = frozenset(), passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[tuple[CitationRef, ...]]:
    """
    A fact's citations: distinct refs drawn from *passages* (a record's
    passages, so that they resolve) when given, else refs to *source_ids*
    with made-up locators, else none.

    .. versionadded:: 0.2.0
    """
    if passages:
        unique = list(dict.fromkeys(passages))
        return st.lists(st.sampled_from(unique), max_size=3, unique=True).map(tuple)
    if source_ids:
        ref = st.builds(CitationRef, st.sampled_from(sorted(source_ids)), texts(3))
        return st.lists(ref, max_size=3, unique=True).map(tuple)
    return st.just(())


def measures(
    source_ids: frozenset[str] = frozenset(), *, passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[Measure]:
    """
    Measures, citing *passages* (or *source_ids*) as :func:`citation_refs`.

    .. versionadded:: 0.2.0
    """
    return st.builds(Measure, texts(), citation_refs(source_ids, passages))


_NOT_DISPUTED = frozenset({"id", "related", "citations", "discrepancies"})
"""Parts of a record that are bookkeeping, not claims a source could dispute."""


def record_paths(r: Reform, max_depth: int = 3) -> list[str]:
    """
    Every path into *r* that a :class:`Discrepancy` may dispute, down to
    *max_depth* segments (items by index; nothing below a missing value).
    The record's id, related ids, bibliography and discrepancies are left
    out: they are bookkeeping, and tests may change them (a user file drops
    related ids) without touching the facts.

    .. versionadded:: 0.2.0
    """
    out: list[str] = []

    def walk(obj: Any, prefix: str, depth: int) -> None:
        for a in attrs.fields(type(obj)):
            if not prefix and a.name in _NOT_DISPUTED:
                continue
            here = f"{prefix}.{a.name}" if prefix else a.name
            value = getattr(obj, a.name)
            out.append(here)
            if depth + 1 >= max_depth:
                continue
            if isinstance(value, tuple):
                for i, v in enumerate(value):
                    out.append(f"{here}[{i}]")
                    if attrs.has(type(v)) and depth + 2 < max_depth:
                        walk(v, f"{here}[{i}]", depth + 1)
            elif attrs.has(type(value)) and not isinstance(value, (PartialDate, ArticleRef)):
                walk(value, here, depth + 1)

    walk(r, "", 0)
    return out


def citations(source_ids: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Citation]:
    """Citations (of arbitrary source ids unless *source_ids* is given)."""
    return st.builds(
        Citation,
        source=source_ids if source_ids is not None else slugs(),
        locator=st.none() | texts(3),
        confidence=st.sampled_from(list(Confidence)),
    )


_ANY_RECORD_PATHS = ["summary", "title", "milestones", "milestones[0]", "milestones[0].date"]


def discrepancies(
    cites: st.SearchStrategy[Citation] | None = None,
    paths: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Discrepancy]:
    """
    Disagreements between sources, disputing one of *paths* (by default a
    path every record has, such as ``milestones[0].date``).
    """
    return st.builds(
        Discrepancy,
        subject=texts(3),
        citation=cites if cites is not None else citations(),
        claim=texts(),
        note=texts(),
        path=paths if paths is not None else st.sampled_from(_ANY_RECORD_PATHS),
    )


def sources() -> st.SearchStrategy[Source]:
    """Source registry entries."""
    return st.builds(
        Source,
        id=slugs(),
        title=texts(),
        publisher=texts(3),
        kind=st.sampled_from(list(SourceKind)),
        published=st.none() | partial_dates(),
        url=st.none() | slugs().map(lambda s: f"https://example.org/{s}"),
        note=st.none() | texts(),
    )


def legal_acts(
    source_ids: frozenset[str] = frozenset(), *, passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[LegalAct]:
    """Legal instruments."""
    refs = citation_refs(source_ids, passages)
    return st.builds(
        LegalAct,
        kind=st.sampled_from(list(ActKind)),
        title=texts(),
        number=st.none() | st.from_regex(r"[1-9][0-9]{0,2}-(VI|VII|VIII)", fullmatch=True),
        date=st.none() | partial_dates(),
        url=st.none() | st.just("https://example.org/act"),
        citations=refs,
        official_titles=st.lists(
            official_titles(source_ids, passages=passages),
            max_size=2,
            unique_by=lambda t: (t.lang, t.title),
        ).map(tuple),
        adilet=st.none() | adilet_codes(),
    )


def adilet_codes() -> st.SearchStrategy[str]:
    """
    Adilet document codes (``Z2400000110``, ``U190000063U``, ``K950001000_``).

    .. versionadded:: 0.2.0
    """
    return st.from_regex(r"[A-Z][0-9]{9}[0-9A-Z_]", fullmatch=True)


def official_titles(
    source_ids: frozenset[str] = frozenset(), *, passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[OfficialTitle]:
    """
    Official Russian or Kazakh titles of an act, citing *passages* (or
    *source_ids*) as :func:`citation_refs`.

    .. versionadded:: 0.2.0
    """
    return st.builds(
        OfficialTitle,
        lang=st.sampled_from(list(TitleLang)),
        title=texts(),
        citations=citation_refs(source_ids, passages),
    )


def status_links(
    ids: st.SearchStrategy[str] | None = None,
    source_ids: frozenset[str] = frozenset(),
    *,
    passages: Sequence[CitationRef] = (),
) -> st.SearchStrategy[StatusLink]:
    """
    Links to other records (:attr:`Reform.supersedes` / ``superseded_by``).

    .. versionadded:: 0.2.0
    """
    return st.builds(
        StatusLink,
        reform=ids if ids is not None else slugs(),
        kind=st.sampled_from(list(LinkKind)),
        date=st.none() | partial_dates(),
        citations=citation_refs(source_ids, passages),
    )


def figures(
    source_ids: frozenset[str] = frozenset(), *, passages: Sequence[CitationRef] = ()
) -> st.SearchStrategy[Figure]:
    """Published numbers: ints or finite decimals."""
    refs = citation_refs(source_ids, passages)
    value = st.integers(-(10**12), 10**12) | st.decimals(
        allow_nan=False, allow_infinity=False, places=2, min_value=-(10**6), max_value=10**6
    ).map(lambda d: Decimal(str(d)))
    return st.builds(
        Figure,
        label=texts(4),
        value=value,
        unit=st.sampled_from(["percent", "USD", "NGOs", "rank", "people"]),
        as_of=st.none() | partial_dates(),
        note=st.none() | texts(),
        citations=refs,
    )


def milestones(
    min_size: int = 1,
    max_size: int = 5,
    source_ids: frozenset[str] = frozenset(),
    *,
    passages: Sequence[CitationRef] = (),
) -> st.SearchStrategy[tuple[Milestone, ...]]:
    """
    Milestone tuples in chronological order whose dates never go backwards
    along the lifecycle chain.
    """
    refs = citation_refs(source_ids, passages)

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Milestone, ...]:
        n = draw(st.integers(min_size, max_size))
        n_chain = draw(st.integers(0, n))
        chain = sorted(draw(st.lists(st.sampled_from(_CHAIN), min_size=n_chain, max_size=n_chain)))
        chain_dates = sorted(draw(st.lists(partial_dates(), min_size=n_chain, max_size=n_chain)))
        others = draw(
            st.lists(st.sampled_from(_OFF_CHAIN), min_size=n - n_chain, max_size=n - n_chain)
        )
        other_dates = draw(st.lists(partial_dates(), min_size=n - n_chain, max_size=n - n_chain))
        rows = [
            Milestone(s, d, draw(st.none() | texts(4)), draw(refs))
            for s, d in [
                *zip(chain, chain_dates, strict=True),
                *zip(others, other_dates, strict=True),
            ]
        ]
        rows.sort(key=lambda m: (m.date.sort_key, m.stage.rank))
        return tuple(rows)

    return build()


def reforms(
    id_strategy: st.SearchStrategy[str] | None = None, *, links: bool = False
) -> st.SearchStrategy[Reform]:
    """
    Valid reforms: non-empty topics, milestones and citations; every
    fact's :class:`CitationRef` resolves to one of the record's citations,
    every discrepancy disputes a path that exists in the record, and
    ``background`` is set as the dataset rule asks.

    With ``links=True`` the records also carry ``supersedes`` /
    ``superseded_by`` links to other (generated, unknown) ids: valid records,
    but not a valid dataset (use :func:`linked_reform_sets` for one).

    .. versionchanged:: 0.2.0
       ``last_checked``, ``background``, official titles and adilet codes;
       the *links* option.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Reform:
        rid = draw(id_strategy if id_strategy is not None else slugs())
        cites = tuple(draw(st.lists(citations(), min_size=1, max_size=3)))
        passages = [CitationRef(c.source, c.locator) for c in cites if c.locator is not None]
        refs: dict[str, Any] = {"source_ids": frozenset(), "passages": passages}
        related = draw(st.lists(slugs().filter(lambda s: s != rid), max_size=2, unique=True))
        ms = draw(milestones(**refs))

        def draw_links() -> tuple[StatusLink, ...]:
            if not links:
                return ()
            others = slugs().filter(lambda s: s != rid)
            made = st.lists(
                status_links(others, passages=passages),
                max_size=2,
                unique_by=lambda k: k.reform,
            )
            return tuple(draw(made))

        r = Reform(
            id=rid,
            title=draw(texts()),
            summary=draw(texts(20)),
            kind=draw(st.sampled_from(list(ReformKind))),
            topics=draw(topics()),
            milestones=ms,
            citations=cites,
            acts=tuple(draw(st.lists(legal_acts(**refs), max_size=2))),
            penalty_changes=tuple(draw(st.lists(penalty_changes(**refs), max_size=3))),
            measures=tuple(draw(st.lists(measures(**refs), max_size=3))),
            notes=tuple(draw(st.lists(texts(), max_size=2))),
            figures=tuple(draw(st.lists(figures(**refs), max_size=2))),
            bodies=tuple(
                draw(
                    st.lists(
                        st.sampled_from(
                            ["Mazhilis", "Senate", "Government", "Ministry of Justice"]
                        ),
                        max_size=2,
                        unique=True,
                    )
                )
            ),
            related=tuple(related),
            last_checked=draw(st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2035, 12, 31))),
            background=ms[0].date.earliest < BACKGROUND_BEFORE,
            supersedes=draw_links(),
            superseded_by=draw_links(),
        )
        found = draw(
            st.lists(
                discrepancies(st.sampled_from(cites), st.sampled_from(record_paths(r))),
                max_size=2,
            )
        )
        return attrs.evolve(r, discrepancies=tuple(found)) if found else r

    return build()


def reform_sets(min_size: int = 0, max_size: int = 20) -> st.SearchStrategy[ReformSet]:
    """Collections of reforms with unique ids."""
    return st.lists(reforms(), min_size=min_size, max_size=max_size, unique_by=lambda r: r.id).map(
        ReformSet
    )


def linked_reform_sets(min_size: int = 0, max_size: int = 6) -> st.SearchStrategy[ReformSet]:
    """
    Collections of reforms with unique ids whose ``supersedes`` /
    ``superseded_by`` links name records of the set and are mirrored (same
    kind and date), as the dataset rules require.

    .. versionadded:: 0.2.0
    """

    @st.composite
    def build(draw: st.DrawFn) -> ReformSet:
        rs = draw(
            st.lists(reforms(), min_size=min_size, max_size=max_size, unique_by=lambda r: r.id)
        )
        n = len(rs)
        every = [(a, b) for a in range(n) for b in range(a + 1, n)]
        pairs = draw(st.lists(st.sampled_from(every), max_size=n, unique=True)) if every else []
        sup: list[list[StatusLink]] = [[] for _ in rs]
        sub: list[list[StatusLink]] = [[] for _ in rs]
        for old, new in pairs:
            kind = draw(st.sampled_from(list(LinkKind)))
            date = draw(st.none() | partial_dates())
            sup[new].append(StatusLink(rs[old].id, kind, date))
            sub[old].append(StatusLink(rs[new].id, kind, date))
        return ReformSet(
            attrs.evolve(r, supersedes=tuple(sup[i]), superseded_by=tuple(sub[i]))
            for i, r in enumerate(rs)
        )

    return build()

# SPDX-License-Identifier: MIT
"""
The records: frozen, slotted attrs classes that refuse invalid values.

Only attrs and the standard library are used here, so importing this module is
cheap.  Every validator raises one of the library's own errors, naming the
field, the value and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import types
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ._articles import ArticleRef
from ._dates import PartialDate
from ._errors import InvalidRecordError, InvalidTypeError
from ._topics import Topic, with_parents
from ._vocab import (
    MONTHS_PER_YEAR,
    ActKind,
    Confidence,
    Gravity,
    Liability,
    LinkKind,
    ReformKind,
    SourceKind,
    Stage,
    TitleLang,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "ActKind",
    "Citation",
    "CitationRef",
    "Confidence",
    "Discrepancy",
    "Figure",
    "Gravity",
    "LegalAct",
    "Liability",
    "LinkKind",
    "Measure",
    "Milestone",
    "OfficialTitle",
    "Penalty",
    "PenaltyChange",
    "PenaltyDelta",
    "Quantity",
    "Reform",
    "ReformKind",
    "Source",
    "SourceKind",
    "Stage",
    "StatusLink",
    "Term",
    "TitleLang",
]

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ADILET = re.compile(r"[A-Z][0-9]{9}[0-9A-Z_]")
"""
An adilet (adilet.zan.kz) document code: a capital letter for the act type,
nine digits (year, then number) and a final digit, capital letter or ``_``:
``Z2400000110``, ``P2200000258``, ``U190000063U``, ``K950001000_``.
"""
ADILET_FORM = (
    "an adilet document code: 11 characters, a capital letter, 9 digits, then a digit, "
    "a capital letter or '_' (e.g. 'Z2400000110', 'U190000063U', 'K950001000_')"
)
BACKGROUND_BEFORE = dt.date(2019, 1, 1)
"""Records whose earliest milestone is before this day are background (``Reform.background``)."""


# ---------------------------------------------------------------------------
# Validators (all raise the library's own errors)
# ---------------------------------------------------------------------------

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _name(inst: object, attr: attrs.Attribute[Any]) -> str:
    return f"{type(inst).__name__}.{attr.name}"


def _text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A non-empty, stripped, NFC string."""
    if not isinstance(value, str):
        raise InvalidTypeError(_name(inst, attr), value, "a str")
    if not value.strip() or value != value.strip():
        raise InvalidRecordError(
            _name(inst, attr), value, "non-empty text without surrounding white space"
        )
    if unicodedata.normalize("NFC", value) != value:
        raise InvalidRecordError(_name(inst, attr), value, "text in Unicode NFC form")


def _opt_text(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(inst, attr, value)


def _slug(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidTypeError(_name(inst, attr), value, "a str")
    if not SLUG.fullmatch(value):
        raise InvalidRecordError(
            _name(inst, attr), value, "a slug: lower-case letters and digits joined by '-'"
        )


def _is(tp: type[Any] | tuple[type[Any], ...], accepted: str) -> Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tp) or (isinstance(value, bool) and tp is int):
            raise InvalidTypeError(_name(inst, attr), value, accepted)

    return check


def _opt(tp: type[Any], accepted: str) -> Validator:
    inner = _is(tp, accepted)

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            inner(inst, attr, value)

    return check


def _bool(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidTypeError(_name(inst, attr), value, "True or False")


def _tuple_of(item: Validator | type[Any], accepted: str, *, nonempty: bool = False) -> Validator:
    check_item = _is(item, accepted) if isinstance(item, type) else item

    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise InvalidTypeError(_name(inst, attr), value, f"a tuple of {accepted}")
        if nonempty and not value:
            raise InvalidRecordError(_name(inst, attr), value, f"at least one {accepted}")
        for v in value:
            check_item(inst, attr, v)

    return check


def _set_of(tp: type[Any], accepted: str, *, nonempty: bool = False) -> Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, frozenset):
            raise InvalidTypeError(_name(inst, attr), value, f"a frozenset of {accepted}")
        if nonempty and not value:
            raise InvalidRecordError(_name(inst, attr), value, f"at least one {accepted}")
        for v in value:
            if not isinstance(v, tp):
                raise InvalidTypeError(_name(inst, attr), v, accepted)

    return check


def _adilet(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidTypeError(_name(inst, attr), value, "a str or None")
    if not ADILET.fullmatch(value):
        raise InvalidRecordError(_name(inst, attr), value, ADILET_FORM)


def _day(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidTypeError(_name(inst, attr), value, "a datetime.date (a day) or None")


def _refs(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    """A tuple of :class:`CitationRef`, each passage once."""
    _tuple_of(CitationRef, "CitationRef")(inst, attr, value)
    assert isinstance(value, tuple)  # noqa: S101 - checked just above
    if len(set(value)) != len(value):
        raise InvalidRecordError(_name(inst, attr), value, "each cited passage once (no repeats)")


def _ref_sources(refs: tuple[CitationRef, ...]) -> frozenset[str]:
    return frozenset(c.source for c in refs)


def _nonneg(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidTypeError(_name(inst, attr), value, "a whole number (int) or None")
    if value < 0:
        raise InvalidRecordError(_name(inst, attr), value, "a whole number >= 0, or None")


# Round two: an unbounded int (a term of 2**63 months, a fine of 10**4000 MCI)
# loaded, then broke to_pandas / to_arrow / to_parquet with OverflowError.
# Every number has a ceiling taken from the Codes, with room to spare
# (docs/data-model.md, "Bounds", says where each comes from).
MAX_TERM_MONTHS = 360
"""The longest term (prison, restriction of freedom, licence deprivation): 30 years."""
MAX_FINE_MCI = 100_000
"""The largest fine, in monthly calculation indices (MCI)."""
MAX_ARREST_DAYS = 90
"""The longest arrest, in days."""
MAX_COMMUNITY_WORK_HOURS = 1_200
"""The most hours of community works (Criminal Code Art. 43)."""
MAX_FIGURE = 10**15
"""Figure values lie strictly between ``-MAX_FIGURE`` and ``MAX_FIGURE``."""
MAX_FIGURE_PLACES = 6
"""The most decimal places a Figure value may have."""


def _upto(limit: int, unit: str) -> Validator:
    def check(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and not 0 <= value <= limit:
            raise InvalidRecordError(
                _name(inst, attr),
                _excerpt_num(value),
                f"a whole number from 0 to {limit:,} {unit}, or None",
            )
        _nonneg(inst, attr, value)

    return check


def _bounds(inst: object, low: int | None, high: int | None, names: tuple[str, str]) -> None:
    cls = type(inst).__name__
    if low is None and high is None:
        raise InvalidRecordError(
            f"{cls}.{names[1]}", None, f"at least one of {names[0]} / {names[1]}"
        )
    if low is not None and high is not None and low > high:
        raise InvalidRecordError(f"{cls}.{names[0]}", low, f"a value <= {names[1]} ({high})")


# ---------------------------------------------------------------------------
# Penalties
# ---------------------------------------------------------------------------


@attrs.frozen
class Term:
    """
    A prison term in whole months: a lower and an upper bound, either of which
    may be unknown (``None``) but not both, with ``min_months <= max_months``.

    >>> Term.years(5, 8)
    Term(min_months=60, max_months=96)

    .. versionadded:: 0.1.0
    """

    min_months: int | None = attrs.field(default=None, validator=_upto(MAX_TERM_MONTHS, "months"))
    max_months: int | None = attrs.field(default=None, validator=_upto(MAX_TERM_MONTHS, "months"))

    def __attrs_post_init__(self) -> None:
        _bounds(self, self.min_months, self.max_months, ("min_months", "max_months"))

    @classmethod
    def years(cls, low: int | None, high: int | None) -> Term:
        """A term given in whole years (``None`` for an unknown bound)."""
        return cls(
            None if low is None else low * MONTHS_PER_YEAR,
            None if high is None else high * MONTHS_PER_YEAR,
        )

    @property
    def upper(self) -> int:
        """The maximum if known, else the minimum (for ordering)."""
        return self.max_months if self.max_months is not None else self.min_months or 0

    def __str__(self) -> str:
        return _range_str(self.min_months, self.max_months, _months_str)


def _months_str(m: int) -> str:
    years, months = divmod(m, MONTHS_PER_YEAR)
    if months == 0:
        return f"{years} y"
    if years == 0:
        return f"{months} mo"
    return f"{years} y {months} mo"


def _range_str(low: int | None, high: int | None, fmt: Callable[[int], str]) -> str:
    if low is None:
        return f"up to {fmt(high or 0)}"
    if high is None:
        return f"at least {fmt(low)}"
    if low == high:
        return fmt(low)
    return f"{fmt(low)} to {fmt(high)}"


@attrs.frozen
class Quantity:
    """
    A whole-number range for a non-custodial sanction (a fine in MCI, arrest in
    days, community works in hours); the unit is given by the field that holds
    it.  Either bound may be unknown, not both; ``min <= max``.

    .. versionadded:: 0.1.0
    """

    min: int | None = attrs.field(
        default=None, validator=_upto(MAX_FINE_MCI, "(the fine ceiling, in MCI)")
    )
    max: int | None = attrs.field(
        default=None, validator=_upto(MAX_FINE_MCI, "(the fine ceiling, in MCI)")
    )

    def __attrs_post_init__(self) -> None:
        _bounds(self, self.min, self.max, ("min", "max"))

    @property
    def upper(self) -> int:
        """The maximum if known, else the minimum (for ordering)."""
        return self.max if self.max is not None else self.min or 0

    def __str__(self) -> str:
        return _range_str(self.min, self.max, str)


def _check_units(p: Penalty) -> None:
    for name, limit, unit in (
        ("arrest_days", MAX_ARREST_DAYS, "days"),
        ("community_work_hours", MAX_COMMUNITY_WORK_HOURS, "hours"),
    ):
        q = getattr(p, name)
        if q is not None and q.upper > limit:
            raise InvalidRecordError(
                f"Penalty.{name}", q, f"a Quantity of at most {limit:,} {unit}"
            )


def _check_penalty(p: Penalty) -> None:  # noqa: C901 - one rule per branch, kept together
    _check_units(p)
    crim = p.liability is Liability.CRIMINAL
    if p.gravity is not None and not crim:
        raise InvalidRecordError("Penalty.gravity", p.gravity, "None unless liability is criminal")
    for name in ("imprisonment", "restriction_of_freedom"):
        if getattr(p, name) is not None and not crim:
            raise InvalidRecordError(
                f"Penalty.{name}", getattr(p, name), "None unless liability is criminal"
            )
    for name in ("life", "death"):
        if getattr(p, name) and not crim:
            raise InvalidRecordError(
                f"Penalty.{name}", value=True, accepted="False unless liability is criminal"
            )
    if p.gravity is Gravity.CRIMINAL_MISDEMEANOUR:
        for name in ("imprisonment", "restriction_of_freedom"):
            if getattr(p, name) is not None:
                raise InvalidRecordError(
                    f"Penalty.{name}",
                    getattr(p, name),
                    "None for a criminal misdemeanour (Art. 10)",
                )
        if p.life or p.death:
            raise InvalidRecordError(
                "Penalty.life", value=True, accepted="False for a criminal misdemeanour"
            )
    if p.gravity is not None and p.gravity is not Gravity.CRIMINAL_MISDEMEANOUR:
        tied = p.term_gravity
        if tied is not None and tied is not p.gravity:
            raise InvalidRecordError(
                "Penalty.gravity",
                p.gravity,
                f"{tied.value!r}, the class Art. 11 gives to "
                f"{'a negligent' if p.negligent else 'an intentional'} crime with "
                f"{'life imprisonment' if p.life or p.death else f'a maximum of {p.imprisonment}'}",
            )


_LIFE = 10**6  # life imprisonment, as a term longer than any in months


@attrs.frozen
class Penalty:
    """
    What an offence draws: the kind of liability and the sanctions the Code
    sets for it.

    Severity (:attr:`severity`) is one total preorder over penalties:
    liability first, then gravity (given, or else implied by the term), then
    death penalty, life imprisonment, the upper and the lower custodial bound,
    restriction of freedom, arrest, community works and the fine.  Life
    imprisonment counts as an unbounded term: with ``life`` the upper bound is
    life, and for life only (no term beside it) the lower bound is life too,
    so ``15-20 y or life < 20 y or life < life only``.  Because the Code ties
    gravity to the maximum term and to life imprisonment, this agrees with
    "liability, then life, then upper bound, then lower bound" wherever
    gravity can be known.

    .. versionadded:: 0.1.0
    """

    liability: Liability = attrs.field(validator=_is(Liability, "a Liability"))
    gravity: Gravity | None = attrs.field(
        default=None, validator=_opt(Gravity, "a Gravity or None")
    )
    imprisonment: Term | None = attrs.field(default=None, validator=_opt(Term, "a Term or None"))
    life: bool = attrs.field(default=False, validator=_bool)
    death: bool = attrs.field(default=False, validator=_bool)
    negligent: bool = attrs.field(default=False, validator=_bool)
    restriction_of_freedom: Term | None = attrs.field(
        default=None, validator=_opt(Term, "a Term or None")
    )
    fine_mci: Quantity | None = attrs.field(
        default=None, validator=_opt(Quantity, "a Quantity or None")
    )
    arrest_days: Quantity | None = attrs.field(
        default=None, validator=_opt(Quantity, "a Quantity or None")
    )
    community_work_hours: Quantity | None = attrs.field(
        default=None, validator=_opt(Quantity, "a Quantity or None")
    )
    correctional_works: bool = attrs.field(default=False, validator=_bool)
    licence_deprivation: Term | None = attrs.field(
        default=None, validator=_opt(Term, "a Term or None")
    )
    bans: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of(_text, "str"))
    note: str | None = attrs.field(default=None, validator=_opt_text)

    def __attrs_post_init__(self) -> None:
        _check_penalty(self)

    @property
    def term_gravity(self) -> Gravity | None:
        """The class Art. 11 ties to this penalty's term, if it ties one."""
        if self.liability is not Liability.CRIMINAL:
            return None
        if self.death:
            return Gravity.ESPECIALLY_GRAVE
        top = self.imprisonment.max_months if self.imprisonment else None
        return Gravity.for_term(top, life=self.life, negligent=self.negligent)

    @property
    def effective_gravity(self) -> Gravity | None:
        """The stated gravity, or else the one the term implies."""
        return self.gravity if self.gravity is not None else self.term_gravity

    @property
    def is_specified(self) -> bool:
        """Whether any sanction or class is known beyond the liability."""
        return any(
            (
                self.gravity,
                self.imprisonment,
                self.life,
                self.death,
                self.restriction_of_freedom,
                self.fine_mci,
                self.arrest_days,
                self.community_work_hours,
                self.correctional_works,
                self.licence_deprivation,
                self.bans,
            )
        )

    @property
    def life_only(self) -> bool:
        """Whether life imprisonment is the only custodial sentence."""
        return self.life and self.imprisonment is None

    @property
    def severity(self) -> tuple[int, ...]:
        """
        The key of the total severity preorder (compare with ``<``).

        See the class docstring for the order of its parts.
        """
        g = self.effective_gravity
        imp = self.imprisonment
        upper = _LIFE if self.life else (imp.upper if imp else 0)
        lower = _LIFE if self.life_only else ((imp.min_months or 0) if imp else 0)
        return (
            self.liability.rank,
            -1 if g is None else g.rank,
            int(self.death),
            int(self.life),
            upper,
            lower,
            self.restriction_of_freedom.upper if self.restriction_of_freedom else 0,
            self.arrest_days.upper if self.arrest_days else 0,
            self.community_work_hours.upper if self.community_work_hours else 0,
            self.fine_mci.upper if self.fine_mci else 0,
        )

    def __str__(self) -> str:
        parts: list[str] = [self.liability.value]
        if self.gravity is not None:
            parts.append(f"({self.gravity.value})")
        if self.imprisonment is not None:
            parts.append(f"prison {self.imprisonment}")
        if self.life:
            parts.append("life" if self.imprisonment is None else "or life")
        if self.death:
            parts.append("or death")
        sanctions: tuple[tuple[object, str], ...] = (
            (self.fine_mci, "fine {} MCI"),
            (self.arrest_days, "arrest {} days"),
            (self.restriction_of_freedom, "restriction of freedom {}"),
            (self.community_work_hours, "community work {} hours"),
            (self.correctional_works or None, "correctional works"),
            (self.licence_deprivation, "licence deprivation {}"),
        )
        parts.extend(fmt.format(v) for v, fmt in sanctions if v is not None)
        parts.extend(f"+ {ban}" for ban in self.bans)
        return " ".join(parts)


def _to_ref(value: ArticleRef | str | None) -> ArticleRef | None:
    """Read a str as :meth:`ArticleRef.parse` does; leave anything else to the validator."""
    return ArticleRef.parse(value) if isinstance(value, str) else value


@attrs.frozen
class PenaltyChange:
    """
    How the punishment for one offence (one article part) changed.

    ``before`` is ``None`` for a new offence.  The kinds of change are derived,
    never stored:

    - :attr:`is_new`: there was no offence before;
    - :attr:`is_criminalisation`: now criminal, and before it was not criminal
      or did not exist;
    - :attr:`is_decriminalisation`: criminal before, not criminal now;
    - :attr:`is_harsher` / :attr:`is_milder`: by :attr:`Penalty.severity`
      (a new offence counts as harsher than nothing).  When the liability is
      unchanged and the sanctions on either side are unknown
      (:attr:`Penalty.is_specified` is false), the change is neither: the
      data does not say.

    .. versionadded:: 0.1.0
    """

    offence: str = attrs.field(validator=_text)
    after: Penalty = attrs.field(validator=_is(Penalty, "a Penalty"))
    before: Penalty | None = attrs.field(default=None, validator=_opt(Penalty, "a Penalty or None"))
    article: ArticleRef | None = attrs.field(
        default=None,
        converter=_to_ref,
        validator=_opt(ArticleRef, "an ArticleRef, a str such as 'CC 128(1)', or None"),
    )
    note: str | None = attrs.field(default=None, validator=_opt_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)
    article_unknown: str | None = attrs.field(default=None, validator=_opt_text, kw_only=True)
    in_force: PartialDate | None = attrs.field(
        default=None, validator=_opt(PartialDate, "a PartialDate or None"), kw_only=True
    )
    in_force_unknown: str | None = attrs.field(default=None, validator=_opt_text, kw_only=True)

    def __attrs_post_init__(self) -> None:
        for known, unknown in (("article", "article_unknown"), ("in_force", "in_force_unknown")):
            if getattr(self, known) is not None and getattr(self, unknown) is not None:
                raise InvalidRecordError(
                    f"PenaltyChange.{unknown}",
                    getattr(self, unknown),
                    f"None when {known} is given (the reason is only for an unknown {known})",
                )

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this fact's citations point into (read-only)."""
        return _ref_sources(self.citations)

    @property
    def delta(self) -> PenaltyDelta:
        """What changed between :attr:`before` and :attr:`after`, field by field."""
        return PenaltyDelta.between(self.before, self.after)

    @property
    def is_new(self) -> bool:
        """Whether the offence did not exist before."""
        return self.before is None

    @property
    def is_criminalisation(self) -> bool:
        """Whether the act became a criminal offence."""
        now = self.after.liability is Liability.CRIMINAL
        return now and (self.before is None or self.before.liability is not Liability.CRIMINAL)

    @property
    def is_decriminalisation(self) -> bool:
        """Whether the act stopped being a criminal offence."""
        return (
            self.before is not None
            and self.before.liability is Liability.CRIMINAL
            and self.after.liability is not Liability.CRIMINAL
        )

    @property
    def is_comparable(self) -> bool:
        """Whether before and after can be ranked (see the class docstring)."""
        b = self.before
        if b is None or b.liability is not self.after.liability:
            return True
        return b.is_specified and self.after.is_specified

    @property
    def is_harsher(self) -> bool:
        """Whether the penalty became more severe (or is new)."""
        if self.before is None:
            return True
        return self.is_comparable and self.after.severity > self.before.severity

    @property
    def is_milder(self) -> bool:
        """Whether the penalty became less severe."""
        if self.before is None:
            return False
        return self.is_comparable and self.after.severity < self.before.severity


_SANCTIONS: tuple[tuple[str, Callable[[Penalty], bool]], ...] = (
    ("death", lambda p: p.death),
    ("life", lambda p: p.life),
    ("imprisonment", lambda p: p.imprisonment is not None),
    ("restriction_of_freedom", lambda p: p.restriction_of_freedom is not None),
    ("arrest", lambda p: p.arrest_days is not None),
    ("community_work", lambda p: p.community_work_hours is not None),
    ("correctional_works", lambda p: p.correctional_works),
    ("fine", lambda p: p.fine_mci is not None),
    ("licence_deprivation", lambda p: p.licence_deprivation is not None),
)
"""The sanctions :class:`PenaltyDelta` names, most severe first."""


def _diff(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else b - a


@attrs.frozen
class PenaltyDelta:
    """
    The difference between two penalties, field by field (after minus before).

    A difference is ``None`` where either side does not give the value (an
    unknown bound, no such sanction, no penalty before).  ``added`` and
    ``dropped`` name sanctions (``imprisonment``, ``life``, ``fine``...) by
    the names in :data:`SANCTIONS`.

    >>> PenaltyDelta.between(
    ...     Penalty(Liability.CRIMINAL, imprisonment=Term.years(3, 5)),
    ...     Penalty(Liability.CRIMINAL, imprisonment=Term.years(4, 7)),
    ... ).max_months
    24

    .. versionadded:: 0.2.0
    """

    min_months: int | None = None
    max_months: int | None = None
    fine_min: int | None = None
    fine_max: int | None = None
    gravity_steps: int | None = None
    liability_steps: int | None = None
    added: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()

    @classmethod
    def between(cls, before: Penalty | None, after: Penalty) -> PenaltyDelta:
        """The delta from *before* (``None``: no offence) to *after*."""
        now = tuple(name for name, has in _SANCTIONS if has(after))
        if before is None:
            return cls(added=now)
        then = tuple(name for name, has in _SANCTIONS if has(before))
        bi, ai = before.imprisonment, after.imprisonment
        bf, af = before.fine_mci, after.fine_mci
        bg, ag = before.effective_gravity, after.effective_gravity
        return cls(
            min_months=_diff(bi.min_months, ai.min_months) if bi and ai else None,
            max_months=_diff(bi.max_months, ai.max_months) if bi and ai else None,
            fine_min=_diff(bf.min, af.min) if bf and af else None,
            fine_max=_diff(bf.max, af.max) if bf and af else None,
            gravity_steps=None if bg is None or ag is None else ag.rank - bg.rank,
            liability_steps=after.liability.rank - before.liability.rank,
            added=tuple(n for n in now if n not in then),
            dropped=tuple(n for n in then if n not in now),
        )


SANCTIONS: tuple[str, ...] = tuple(name for name, _ in _SANCTIONS)
"""The sanction names :class:`PenaltyDelta` uses, most severe first."""


# ---------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------


@attrs.frozen
class Source:
    """
    A publication the dataset cites.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_text)
    publisher: str = attrs.field(validator=_text)
    kind: SourceKind = attrs.field(validator=_is(SourceKind, "a SourceKind"))
    published: PartialDate | None = attrs.field(
        default=None, validator=_opt(PartialDate, "a PartialDate or None")
    )
    url: str | None = attrs.field(default=None, validator=_opt_text)
    note: str | None = attrs.field(default=None, validator=_opt_text)


@attrs.frozen
class Citation:
    """
    A pointer to where in a source a record's facts stand.

    .. versionadded:: 0.1.0
    """

    source: str = attrs.field(validator=_slug)
    locator: str | None = attrs.field(default=None, validator=_opt_text)
    confidence: Confidence = attrs.field(kw_only=True, validator=_is(Confidence, "a Confidence"))


# ---------------------------------------------------------------------------
# Paths into a record (what a Discrepancy disputes)
# ---------------------------------------------------------------------------

_SEGMENT = r"[a-z][a-z0-9_]*(?:\[(?:0|[1-9][0-9]*)\])?"
PATH_PATTERN = rf"^{_SEGMENT}(?:\.{_SEGMENT})*$"
"""The syntax of a path into a record (for the JSON Schema)."""
_PATH = re.compile(PATH_PATTERN)
_SEGMENTS = re.compile(r"([a-z][a-z0-9_]*)(?:\[([0-9]+)\])?")
MAX_PATH = 200
PATH_FORMS = (
    "a path into the record: field names as in the JSON joined by '.', list items "
    "by 0-based index, e.g. 'summary', 'milestones[2].date', "
    "'penalty_changes[0].after.imprisonment'"
)
Segments = tuple[tuple[str, int | None], ...]
# Records written as one JSON string: a path ends at them.
_JSON_STRINGS: frozenset[type[Any]] = frozenset({PartialDate, ArticleRef})


@functools.lru_cache(maxsize=4096)
def _parse_path(path: str) -> Segments:
    return tuple((m[1], None if m[2] is None else int(m[2])) for m in _SEGMENTS.finditer(path))


def parse_path(path: object, field: str = "path") -> Segments:
    """
    The ``(name, index or None)`` segments of *path* (syntax only).

    Raises:
        InvalidTypeError: *path* is not a str.
        InvalidRecordError: *path* is not in the path syntax.
    """
    if not isinstance(path, str):
        raise InvalidTypeError(field, path, "a str, " + PATH_FORMS)
    if len(path) > MAX_PATH or not _PATH.fullmatch(path):
        raise InvalidRecordError(field, path, PATH_FORMS)
    return _parse_path(path)


def _record_path(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    parse_path(value, _name(inst, attr))


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


def _walk_path(  # noqa: C901 - one refusal per kind of bad step, kept together
    root: object, segs: Segments, text: str, field: str, *, strict: bool
) -> None:
    """
    Follow *segs* through the record *root*, raising InvalidRecordError at the
    first step that does not exist.  *strict* (a discrepancy's own path):
    every list on the way needs an index and nothing on the way may be None;
    otherwise (a query) the walk stops there, as far as it can check.
    """
    obj: object = root
    here = ""
    for n, (name, idx) in enumerate(segs):
        names = _field_names(type(obj))
        if name not in names:
            where = f"after {here!r}" if here else "at the top of a record"
            raise InvalidRecordError(
                field,
                text,
                f"a field name {where} ({type(obj).__name__}): one of {', '.join(names)}",
            )
        here = f"{here}.{name}" if here else name
        value = getattr(obj, name)
        if idx is not None:
            if not isinstance(value, tuple):
                raise InvalidRecordError(
                    field, text, f"no index after {here!r} (it is not a list), " + PATH_FORMS
                )
            if idx >= len(value):
                have = f"{here}[0] to {here}[{len(value) - 1}]" if value else "none"
                raise InvalidRecordError(
                    field, text, f"an item that exists: {here} has {len(value)} item(s): {have}"
                )
            value = value[idx]
            here = f"{here}[{idx}]"
        if n == len(segs) - 1:
            return
        if isinstance(value, (tuple, frozenset)):
            if strict:
                raise InvalidRecordError(
                    field, text, f"an index after {here!r} (a list of {len(value)} item(s))"
                )
            _check_path_types(segs, text, field)
            return
        if value is None or not attrs.has(type(value)) or type(value) in _JSON_STRINGS:
            if strict or value is not None:
                raise InvalidRecordError(
                    field,
                    text,
                    f"a path that ends at {here!r} (it is "
                    f"{'None' if value is None else type(value).__name__}, with no fields)",
                )
            _check_path_types(segs, text, field)
            return
        obj = value


def _unwrap(tp: Any) -> Any:
    """``X | None`` as ``X``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return members[0] if len(members) == 1 else tp
    return tp


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The type of each attrs field of *cls*, by name (worked out once per class)."""
    found = _HINTS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _HINTS[cls] = {a.name: hints[a.name] for a in attrs.fields(cls)}
    return found


def _check_path_types(segs: Segments, text: str, field: str) -> None:
    """Check *segs* against the model's field names and types (indices may be left out)."""
    tp: Any = Reform
    here = ""
    for name, idx in segs:
        if not (isinstance(tp, type) and attrs.has(tp)) or tp in _JSON_STRINGS:
            raise InvalidRecordError(
                field, text, f"a path that ends at {here!r} (it has no fields)"
            )
        hints = _hints(tp)
        if name not in hints:
            where = f"after {here!r}" if here else "at the top of a record"
            raise InvalidRecordError(
                field, text, f"a field name {where} ({tp.__name__}): one of {', '.join(hints)}"
            )
        here = f"{here}.{name}" if here else name
        tp = _unwrap(hints[name])
        if typing.get_origin(tp) in (tuple, frozenset):
            if idx is not None and typing.get_origin(tp) is frozenset:
                raise InvalidRecordError(field, text, f"no index after {here!r} (a set)")
            tp = _unwrap(typing.get_args(tp)[0])
        elif idx is not None:
            raise InvalidRecordError(
                field, text, f"no index after {here!r} (it is not a list), " + PATH_FORMS
            )


def query_path(path: object, field: str = "path") -> Segments:
    """
    The segments of a query *path*, checked against the model: field names
    that exist, indices only on lists.  For a query, an index may be left
    out: ``milestones.date`` stands for the date of any milestone.

    Raises:
        InvalidTypeError: *path* is not a str.
        InvalidRecordError: A bad path (the message says what exists).
    """
    segs = parse_path(path, field)
    assert isinstance(path, str)  # noqa: S101 - parse_path checked it
    _check_path_types(segs, path, field)
    return segs


def path_covers(query: Segments, path: Segments) -> bool:
    """
    Whether *path* is at or below *query*, item by item (``milestones[1]``
    covers ``milestones[1].date``, not ``milestones[10]``; a query segment
    without an index covers every item).
    """
    if len(query) > len(path):
        return False
    return all(
        qn == pn and (qi is None or qi == pi)
        for (qn, qi), (pn, pi) in zip(query, path, strict=False)
    )


@attrs.frozen
class CitationRef:
    """
    A fact's pointer to one passage of the record's bibliography: the
    :class:`Citation` of the same record with this source and locator (where
    the confidence lives).

    >>> str(CitationRef("mfa-2025-human-rights-factsheet", "§3, bullet 7"))
    'mfa-2025-human-rights-factsheet, §3, bullet 7'

    .. versionadded:: 0.2.0
    """

    source: str = attrs.field(validator=_slug)
    locator: str = attrs.field(validator=_text)

    def __str__(self) -> str:
        return f"{self.source}, {self.locator}"


@attrs.frozen
class Discrepancy:
    """
    Something a cited source claims that a better source contradicts.

    The record carries the better-supported value; this keeps the other claim.

    Attributes:
        subject: What the disagreement is about (e.g. "signing date").
        citation: Where the contradicted claim stands.
        claim: What that source says.
        note: What the better source says, and why it is preferred.
        path: What the discrepancy disputes, as a path into the record
            (``"milestones[2].date"``, ``"figures[0].value"``, ``"measures[4]"``,
            ``"summary"``; the names are the JSON keys), checked against the
            record when the record is built (see :meth:`Reform.disputed`).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0 ``path`` (required).
    """

    subject: str = attrs.field(validator=_text)
    citation: Citation = attrs.field(validator=_is(Citation, "a Citation"))
    claim: str = attrs.field(validator=_text)
    note: str = attrs.field(validator=_text)
    path: str = attrs.field(validator=_record_path, kw_only=True)


# ---------------------------------------------------------------------------
# Reform parts
# ---------------------------------------------------------------------------


@attrs.frozen
class StatusLink:
    """
    A link between two records: one ends (or halts) the other.

    In :attr:`Reform.supersedes` the link names the earlier record the later
    one ends; in :attr:`Reform.superseded_by` the later record that ends this
    one.  Every link is mirrored in the other record with the same kind and
    date (checked over the dataset).

    Attributes:
        reform: The id of the other record.
        kind: How the later record ends the earlier one.
        date: When it takes effect, at the precision a page gives it
            (``None`` when no page gives it).
        citations: The passages (of the record's citations) that state it.

    .. versionadded:: 0.2.0
    """

    reform: str = attrs.field(validator=_slug)
    kind: LinkKind = attrs.field(validator=_is(LinkKind, "a LinkKind"))
    date: PartialDate | None = attrs.field(
        default=None, validator=_opt(PartialDate, "a PartialDate or None")
    )
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this link's citations point into (read-only)."""
        return _ref_sources(self.citations)


@attrs.frozen
class OfficialTitle:
    """
    An act's official title in Russian or Kazakh, exactly as the cited page
    gives it (never translated).

    .. versionadded:: 0.2.0
    """

    lang: TitleLang = attrs.field(validator=_is(TitleLang, "a TitleLang ('ru' or 'kk')"))
    title: str = attrs.field(validator=_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this title's citations point into (read-only)."""
        return _ref_sources(self.citations)


@attrs.frozen
class Milestone:
    """
    A dated step in a reform's life.

    .. versionadded:: 0.1.0
    """

    stage: Stage = attrs.field(validator=_is(Stage, "a Stage"))
    date: PartialDate = attrs.field(validator=_is(PartialDate, "a PartialDate"))
    note: str | None = attrs.field(default=None, validator=_opt_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this fact's citations point into (read-only)."""
        return _ref_sources(self.citations)


@attrs.frozen
class LegalAct:
    """
    A legal instrument that carries a reform.

    .. versionadded:: 0.1.0
    """

    kind: ActKind = attrs.field(validator=_is(ActKind, "an ActKind"))
    title: str = attrs.field(validator=_text)
    number: str | None = attrs.field(default=None, validator=_opt_text)
    date: PartialDate | None = attrs.field(
        default=None, validator=_opt(PartialDate, "a PartialDate or None")
    )
    url: str | None = attrs.field(default=None, validator=_opt_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)
    official_titles: tuple[OfficialTitle, ...] = attrs.field(
        default=(), validator=_tuple_of(OfficialTitle, "OfficialTitle")
    )
    adilet: str | None = attrs.field(default=None, validator=_adilet)

    def __attrs_post_init__(self) -> None:
        seen = set()
        for t in self.official_titles:
            if (t.lang, t.title) in seen:
                raise InvalidRecordError(
                    "LegalAct.official_titles", t.title, "each title once per language"
                )
            seen.add((t.lang, t.title))

    def titles(self, lang: TitleLang | str) -> tuple[str, ...]:
        """
        The official titles in *lang* (``"ru"`` or ``"kk"``), as the pages give them.

        Raises:
            UnknownNameError: *lang* is not ``ru`` or ``kk``.
        """
        want = TitleLang.parse(lang)
        return tuple(t.title for t in self.official_titles if t.lang is want)

    @property
    def official_url(self) -> str | None:
        """
        The address of the act's official text: :attr:`url` when it is on
        adilet.zan.kz (the Ministry of Justice's database of legal acts), else
        the adilet page of its :attr:`adilet` code, else ``None``.

        .. versionadded:: 0.2.0
        """
        if self.url is not None and "adilet.zan.kz/" in self.url:
            return self.url
        if self.adilet is not None:
            return f"https://adilet.zan.kz/rus/docs/{self.adilet}"
        return None

    def __str__(self) -> str:
        s = self.title
        if self.number:
            s += f" No. {self.number}"
        if self.date:
            s += f" of {self.date}"
        return s

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this fact's citations point into (read-only)."""
        return _ref_sources(self.citations)


def _figure_value(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise InvalidTypeError(_name(inst, attr), value, "an int or a decimal.Decimal (no floats)")
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidRecordError(_name(inst, attr), value, "a finite Decimal")
    accepted = (
        f"a number strictly between -10**15 and 10**15 with at most "
        f"{MAX_FIGURE_PLACES} decimal places"
    )
    if isinstance(value, Decimal):
        # Compare exponents before the value: a Decimal like 1E+999999999
        # must not be expanded.
        exp = value.as_tuple().exponent
        assert isinstance(exp, int)  # noqa: S101 - finite, checked just above
        if exp < -MAX_FIGURE_PLACES or value.adjusted() >= 15 or abs(value) >= MAX_FIGURE:  # noqa: PLR2004
            raise InvalidRecordError(_name(inst, attr), _excerpt_num(value), accepted)
    elif not -MAX_FIGURE < value < MAX_FIGURE:
        raise InvalidRecordError(_name(inst, attr), _excerpt_num(value), accepted)


def _excerpt_num(value: int | Decimal) -> str:
    """A number for a message, cut when long (10**4000 has 4001 digits)."""
    if isinstance(value, int) and value.bit_length() > 200:  # noqa: PLR2004
        return f"(a number of about {int(value.bit_length() * 0.30103) + 1:,} digits)"
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}...{text[-10:]}"  # noqa: PLR2004


@attrs.frozen
class Figure:
    """
    A number published about a reform: a count, a percentage, an amount of
    money or a rank, with its unit and the date (or period) it refers to.

    .. versionadded:: 0.1.0
    """

    label: str = attrs.field(validator=_text)
    value: int | Decimal = attrs.field(validator=_figure_value)
    unit: str = attrs.field(validator=_text)
    as_of: PartialDate | None = attrs.field(
        default=None, validator=_opt(PartialDate, "a PartialDate or None")
    )
    note: str | None = attrs.field(default=None, validator=_opt_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this fact's citations point into (read-only)."""
        return _ref_sources(self.citations)


@attrs.frozen
class Measure:
    """
    One thing a reform does, with the passages that state it.

    ``str(measure)`` is its text.

    >>> m = Measure("Bullying of minors becomes an offence.", (CitationRef("news", "¶6"),))
    >>> str(m), sorted(m.sources)
    ('Bullying of minors becomes an offence.', ['news'])

    .. versionadded:: 0.2.0
    """

    text: str = attrs.field(validator=_text)
    citations: tuple[CitationRef, ...] = attrs.field(default=(), validator=_refs)

    @property
    def sources(self) -> frozenset[str]:
        """Ids of the sources this measure's citations point into (read-only)."""
        return _ref_sources(self.citations)

    def __str__(self) -> str:
        return self.text


def _to_measures(value: object) -> object:
    """A bare str in ``measures`` is a measure without citations (the rest: the validator)."""
    if isinstance(value, tuple):
        return tuple(Measure(v) if isinstance(v, str) else v for v in value)
    return value


# ---------------------------------------------------------------------------
# Reform
# ---------------------------------------------------------------------------


_PRELIMINARY = frozenset({Stage.ANNOUNCED, Stage.DRAFTED})


def _check_milestones(r: Reform) -> None:
    check_milestone_order(r.milestones)


def check_milestone_order(ms: tuple[Milestone, ...]) -> None:
    """Raise InvalidRecordError when *ms* go backwards (in time or along the lifecycle)."""
    for a, b in itertools.pairwise(ms):
        if (b.date.sort_key, b.stage.rank) < (a.date.sort_key, a.stage.rank):
            raise InvalidRecordError(
                "Reform.milestones",
                f"{b.stage.value} {b.date} after {a.stage.value} {a.date}",
                "milestones in chronological order (date, then lifecycle stage)",
            )
    chain = [m for m in ms if m.stage.in_chain]
    for a in chain:
        for b in chain:
            if a.stage < b.stage and b.date.latest < a.date.earliest:
                raise InvalidRecordError(
                    "Reform.milestones",
                    f"{b.stage.value} {b.date} before {a.stage.value} {a.date}",
                    "dates that never go backwards along the lifecycle chain",
                )


# Records that never hold a fact's citations (not walked into).
_LEAVES: frozenset[type[Any]] = frozenset(
    {PartialDate, ArticleRef, Penalty, Term, Quantity, Citation}
)


def facts(r: Reform) -> Iterator[tuple[str, Any]]:
    """
    Every ``(path, fact)`` of *r*: each object inside the record (outside its
    own ``citations`` and ``discrepancies``) with a ``citations`` field of
    :class:`CitationRef` (milestones, acts, penalty changes, figures,
    measures...), at any depth, in field order.
    """
    for a in attrs.fields(type(r)):
        if a.name not in ("citations", "discrepancies"):
            yield from _facts_below(getattr(r, a.name), a.name)


def _facts_below(value: object, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, tuple):
        for i, v in enumerate(value):
            if not isinstance(v, (str, CitationRef)):
                yield from _facts_below(v, f"{path}[{i}]")
        return
    cls = type(value)
    if not attrs.has(cls) or cls in _LEAVES:
        return
    for a in attrs.fields(cls):
        v = getattr(value, a.name)
        if a.name == "citations" and _CITES_REFS[cls]:
            yield path, value
        elif v is not None and not isinstance(v, (str, int, bool)):
            yield from _facts_below(v, f"{path}.{a.name}")


def _cites_refs(cls: type[Any]) -> bool:
    """Whether *cls* has a ``citations`` field of CitationRef (read from its type hints)."""
    if not any(a.name == "citations" for a in attrs.fields(cls)):
        return False
    return "CitationRef" in str(_hints(cls)["citations"])


class _CitesRefs(dict[type[Any], bool]):
    def __missing__(self, cls: type[Any]) -> bool:
        self[cls] = found = _cites_refs(cls)
        return found


_CITES_REFS = _CitesRefs()


def fact_refs(r: Reform) -> Iterator[tuple[str, CitationRef]]:
    """Every ``(path, ref)`` of the facts of *r* (see :func:`facts`)."""
    for path, fact in facts(r):
        for ref in fact.citations:
            yield path, ref


def _unresolved(r: Reform, path: str, ref: CitationRef) -> InvalidRecordError:
    locators = [repr(c.locator) for c in r.citations if c.source == ref.source and c.locator]
    if locators:
        accepted = (
            f"a passage the record cites: its citations of {ref.source!r} have the "
            f"locators {', '.join(locators)}"
        )
    else:
        cited = ", ".join(sorted({c.source for c in r.citations}))
        accepted = f"a passage of a source the record cites ({cited})"
    value = {"source": ref.source, "locator": ref.locator}
    return InvalidRecordError(f"Reform.{path}.citations", value, accepted)


def _check_refs(r: Reform) -> None:
    cited = {c.source for c in r.citations}
    passages = {(c.source, c.locator) for c in r.citations}
    for path, ref in fact_refs(r):
        if (ref.source, ref.locator) not in passages:
            raise _unresolved(r, path, ref)
    for i, d in enumerate(r.discrepancies):
        _walk_path(r, parse_path(d.path), d.path, f"Reform.discrepancies[{i}].path", strict=True)
    for d in r.discrepancies:
        if d.citation.source not in cited:
            raise InvalidRecordError(
                "Reform.discrepancies.citation", d.citation.source, "a source the record also cites"
            )
    if r.id in r.related:
        raise InvalidRecordError(
            "Reform.related", r.id, "ids of other reforms (not the record's own)"
        )
    if len(set(r.related)) != len(r.related):
        raise InvalidRecordError("Reform.related", r.related, "ids without repeats")
    _check_links(r)


def _check_links(r: Reform) -> None:
    for name in ("supersedes", "superseded_by"):
        links: tuple[StatusLink, ...] = getattr(r, name)
        linked = [k.reform for k in links]
        if r.id in linked:
            raise InvalidRecordError(
                f"Reform.{name}", r.id, "links to other reforms (not the record's own)"
            )
        if len(set(linked)) != len(linked):
            raise InvalidRecordError(f"Reform.{name}", linked, "each reform id once")


@attrs.frozen
class Reform:
    """
    One reform: a law, code amendment, decree, plan, constitutional change,
    institution, programme, treaty ratification, electoral change...

    ``milestones`` are in chronological order and never go backwards along the
    lifecycle chain; ``topics`` and ``citations`` are never empty; every
    :class:`CitationRef` of a fact or measure inside the record is one of its
    citations (same source and locator); every discrepancy's ``path`` exists.
    ``notes`` are editorial caveats about the record, not facts (not cited).

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_text)
    summary: str = attrs.field(validator=_text)
    kind: ReformKind = attrs.field(validator=_is(ReformKind, "a ReformKind"))
    topics: frozenset[Topic] = attrs.field(validator=_set_of(Topic, "Topic", nonempty=True))
    milestones: tuple[Milestone, ...] = attrs.field(
        validator=_tuple_of(Milestone, "Milestone", nonempty=True)
    )
    citations: tuple[Citation, ...] = attrs.field(
        validator=_tuple_of(Citation, "Citation", nonempty=True)
    )
    acts: tuple[LegalAct, ...] = attrs.field(default=(), validator=_tuple_of(LegalAct, "LegalAct"))
    penalty_changes: tuple[PenaltyChange, ...] = attrs.field(
        default=(), validator=_tuple_of(PenaltyChange, "PenaltyChange")
    )
    measures: tuple[Measure, ...] = attrs.field(
        default=(), converter=_to_measures, validator=_tuple_of(Measure, "Measure")
    )
    notes: tuple[str, ...] = attrs.field(
        default=(), validator=_tuple_of(_text, "str"), kw_only=True
    )
    figures: tuple[Figure, ...] = attrs.field(default=(), validator=_tuple_of(Figure, "Figure"))
    bodies: tuple[str, ...] = attrs.field(default=(), validator=_tuple_of(_text, "str"))
    related: tuple[str, ...] = attrs.field(
        default=(), validator=_tuple_of(_slug, "reform id (slug)")
    )
    discrepancies: tuple[Discrepancy, ...] = attrs.field(
        default=(), validator=_tuple_of(Discrepancy, "Discrepancy")
    )
    last_checked: dt.date | None = attrs.field(default=None, validator=_day)
    background: bool = attrs.field(default=False, validator=_bool)
    supersedes: tuple[StatusLink, ...] = attrs.field(
        default=(), validator=_tuple_of(StatusLink, "StatusLink")
    )
    superseded_by: tuple[StatusLink, ...] = attrs.field(
        default=(), validator=_tuple_of(StatusLink, "StatusLink")
    )

    def __attrs_post_init__(self) -> None:
        _check_milestones(self)
        _check_refs(self)

    def disputed(self, path: str | None = None) -> tuple[Discrepancy, ...]:
        """
        The discrepancies that dispute *path* or something below it (all of
        them when ``None``).  Structural: ``milestones[1]`` covers
        ``milestones[1].date`` but not ``milestones[10]``; an index may be
        left out (``figures.value``: the value of any figure).  An empty
        result means the record keeps no disagreement there.

        Raises:
            InvalidRecordError: *path* is not a path into a record, names a
                field that does not exist, or an item past the end of a list
                (the message says what exists).
        """
        if path is None:
            return self.discrepancies
        segs = query_path(path)
        _walk_path(self, segs, path, "path", strict=False)
        return tuple(d for d in self.discrepancies if path_covers(segs, _parse_path(d.path)))

    def milestone(self, stage: Stage | str) -> Milestone | None:
        """
        The first milestone at *stage* (a :class:`Stage` or its name, such
        as ``"signed"``), or ``None``.

        Raises:
            UnknownNameError: *stage* is not a stage name (close matches listed).
        """
        if not isinstance(stage, Stage):
            stage = Stage.parse(stage)
        for m in self.milestones:
            if m.stage is stage:
                return m
        return None

    @property
    def date(self) -> PartialDate:
        """
        The key date: signed, else adopted, else approved, else the earliest
        milestone that is more than an announcement or a draft (a referendum,
        a launch, an establishment...), else the earliest milestone.
        """
        for stage in (Stage.SIGNED, Stage.ADOPTED, Stage.APPROVED):
            m = self.milestone(stage)
            if m is not None:
                return m.date
        for m in self.milestones:
            if m.stage not in _PRELIMINARY:
                return m.date
        return self.milestones[0].date

    @property
    def sources(self) -> frozenset[str]:
        """Ids of every source the record cites."""
        return frozenset(c.source for c in self.citations)

    @property
    def all_topics(self) -> frozenset[Topic]:
        """The record's topics and their parents."""
        return with_parents(self.topics)

    def dates(
        self, stages: Stage | str | Iterable[Stage | str] | None = None
    ) -> tuple[PartialDate, ...]:
        """
        Dates of the milestones at *stages* (all when ``None``): one stage
        or several, as :class:`Stage` members or names (``["signed"]``).

        Raises:
            UnknownNameError: A name is not a stage (close matches listed).
        """
        if stages is None:
            return tuple(m.date for m in self.milestones)
        if isinstance(stages, (Stage, str)):
            stages = (stages,)
        elif not isinstance(stages, Iterable):
            raise InvalidTypeError("stages", stages, "None, a stage, or an iterable of stages")
        wanted = frozenset(Stage.parse(s) for s in stages)
        return tuple(m.date for m in self.milestones if m.stage in wanted)

    def __str__(self) -> str:
        return f"{self.date} {self.id}: {self.title}"

    def _repr_html_(self) -> str:
        from ._display import reform_html  # noqa: PLC0415 - display code loads on first use

        return reform_html(self)

    def cite(self, sources: Mapping[str, Source] | None = None) -> str:
        """A plain-text citation of the sources this reform rests on (:func:`kzreforms.cite`)."""
        from ._cite import cite  # noqa: PLC0415

        return cite(self, sources)

    def bibtex(self, sources: Mapping[str, Source] | None = None) -> str:
        """BibTeX entries for the sources this reform cites, each once (:func:`kzreforms.cite`)."""
        from ._cite import reform_bibtex  # noqa: PLC0415

        return reform_bibtex(self, sources)

    def csl(self, sources: Mapping[str, Source] | None = None) -> list[dict[str, Any]]:
        """CSL-JSON items for the sources this reform cites, each once (as :meth:`bibtex`)."""
        from ._cite import reform_csl  # noqa: PLC0415

        return reform_csl(self, sources)


def chrono_key(r: Reform) -> tuple[tuple[dt.date, dt.date], str]:
    """The order of reforms in every collection: key date, then id."""
    return (r.date.sort_key, r.id)

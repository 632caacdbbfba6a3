# SPDX-License-Identifier: MIT
"""
Status over time (issue 11): when a record is in force, what ends it, and
acts found by number or adilet code.

A record's **entry into force** is its first ``in-force`` milestone.  It
**ends** on the date of each ``superseded_by`` link and each ``repealed`` or
``replaced`` milestone (the earliest one counts); on that day it is no longer
in force.

Dates are often known only to the month or the year.  A day inside such a
period is ambiguous, and nothing here guesses: :func:`in_force_on` answers
"known to be in force" by default, that is the entry into force is over by
the end of its period and no end can have started by that day.  With
``include_uncertain=True`` it answers "possibly in force": the entry into
force may have happened (its period has begun) and no end is certainly over.
A link without a date ends the record at an unknown day: the record is never
known to be in force after its entry into force, though it possibly is.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

import attrs

from ._dates import PartialDate
from ._errors import InvalidTypeError, QueryError, UnknownNameError
from ._model import ADILET, LegalAct, Reform, Stage

__all__ = [
    "ActMatch",
    "act_key",
    "act_keys",
    "end_dates",
    "entry_into_force",
    "find_act",
    "in_force_on",
    "superseded_on",
]

_ENDING_STAGES = (Stage.REPEALED, Stage.REPLACED)
MAX_ACT_QUERY = 200
ACT_FORMS = (
    "an act number ('72-VIII', '№ 72-VIII', 'Law No. 72-VIII', 'No.72-VIII') "
    "or an adilet document code ('Z2400000110')"
)

# ---------------------------------------------------------------------------
# Entry into force and ends
# ---------------------------------------------------------------------------


def entry_into_force(r: Reform) -> PartialDate | None:
    """The date of *r*'s first ``in-force`` milestone, or ``None``."""
    m = r.milestone(Stage.IN_FORCE)
    return None if m is None else m.date


def end_dates(r: Reform) -> tuple[PartialDate | None, ...]:
    """
    The dates on which *r* ends: its ``superseded_by`` links (``None`` for a
    link without a date) and its ``repealed`` / ``replaced`` milestones.
    """
    out: list[PartialDate | None] = [k.date for k in r.superseded_by]
    out.extend(m.date for m in r.milestones if m.stage in _ENDING_STAGES)
    return tuple(out)


def superseded_on(r: Reform, day: dt.date) -> bool:
    """Whether *r* has certainly ended by *day* (an end whose whole period is over)."""
    return any(e is not None and e.latest <= day for e in end_dates(r))


def in_force_on(r: Reform, day: dt.date, *, include_uncertain: bool = False) -> bool:
    """
    Whether *r* is in force on *day*: known to be (the default), or possibly
    (``include_uncertain=True``); see the module docstring for the rule.
    """
    start = entry_into_force(r)
    if start is None:
        return False
    ends = end_dates(r)
    if include_uncertain:
        return start.earliest <= day and all(e is None or day < e.latest for e in ends)
    return start.latest <= day and all(e is not None and day < e.earliest for e in ends)


def coerce_day(on: object, what: str) -> dt.date:
    """*on* as a day; a year or month is refused (it would need a guess)."""
    from ._dates import Precision  # noqa: PLC0415

    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        return on
    if isinstance(on, PartialDate):
        d = on
    elif isinstance(on, str):
        d = PartialDate.parse(on)
    else:
        raise InvalidTypeError(
            what, on, "a day: a date, a day-precision PartialDate or 'YYYY-MM-DD'"
        )
    if d.precision is not Precision.DAY:
        raise QueryError(
            f"{what}: {str(d)!r} is a {d.precision.name.lower()}, not a day; accepted: a day "
            "such as '2026-07-01' (a record can come into force or end inside a month or year)"
        )
    return d.earliest


# ---------------------------------------------------------------------------
# Acts by number or adilet code
# ---------------------------------------------------------------------------

# Cyrillic letters printed for look-alike Latin ones in Roman numerals
# (adilet pages print "292-V\u0406" with a Cyrillic I).
_LOOKALIKE = str.maketrans(
    {
        "\u0406": "I",  # Cyrillic I
        "\u0456": "I",
        "\u0425": "X",  # Cyrillic Ha
        "\u0445": "X",
        "\u0421": "C",  # Cyrillic Es
        "\u0441": "C",
    }
)
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_MARKER = re.compile(r"(?:№|#|\b(?:no|nr|number)\b\.?)\s*(?=\d)", re.IGNORECASE)
_NUMBER = re.compile(r"(\d+)(?:\s*([-/])\s*(\d+|[^\W\d_]+))?")
_ROMAN = re.compile(r"[IVXLC]+")


def act_key(text: str) -> str:
    """
    The canonical form of an act number or adilet code as people write it:
    ``"Law No. 72-VIII"``, ``"№ 72-VIII"``, ``"No.72-VIII"`` and ``"72-VIII"``
    written with an en dash or a Cyrillic I all give ``"72-VIII"``;
    ``"z2400000110"`` gives ``"Z2400000110"``.

    Raises:
        InvalidTypeError: *text* is not a str.
        QueryError: *text* holds no act number or is too long.
    """
    if not isinstance(text, str):
        raise InvalidTypeError("act", text, f"a str: {ACT_FORMS}")
    if len(text) > MAX_ACT_QUERY:
        raise QueryError(
            f"act: the text is {len(text):,} characters long; accepted: at most "
            f"{MAX_ACT_QUERY} characters"
        )
    s = unicodedata.normalize("NFKC", text).strip().translate(_DASHES)
    if ADILET.fullmatch(s.upper()):
        return s.upper()
    m = _MARKER.search(s)
    start = m.end() if m else next((i for i, c in enumerate(s) if c.isdigit()), -1)
    num = _NUMBER.match(s, start) if start >= 0 else None
    if num is None:
        raise QueryError(f"act: {text!r} holds no act number; accepted: {ACT_FORMS}")
    head, sep, tail = num.groups()
    if sep is None:
        return str(int(head))
    tail = tail.upper()
    roman = tail.translate(_LOOKALIKE)
    if _ROMAN.fullmatch(roman):
        tail = roman
    return f"{int(head)}{sep}{tail}"


def act_keys(a: LegalAct) -> tuple[str, ...]:
    """The keys :func:`find_act` finds *a* by: its number's and its adilet code."""
    out: list[str] = []
    if a.number:
        try:
            out.append(act_key(a.number))
        except QueryError:
            out.append(a.number)
    if a.adilet:
        out.append(a.adilet)
    return tuple(out)


@attrs.frozen
class ActMatch:
    """
    The answer to an act look-up (:func:`kzreforms.act`): the act, and every
    record that carries it.

    A number can name more than one act (decree numbers start again each
    year): :attr:`acts` lists every act entry found, :attr:`reforms` the
    record of each, in the same order (chronological).

    Attributes:
        key: The canonical number or adilet code looked up.
        acts: Every matching act entry.
        reforms: The record of each entry.

    .. versionadded:: 0.2.0
    """

    key: str
    acts: tuple[LegalAct, ...]
    reforms: tuple[Reform, ...]

    @property
    def act(self) -> LegalAct:
        """The first matching act (in chronological order of the records)."""
        return self.acts[0]

    @property
    def reform(self) -> Reform:
        """The record of :attr:`act`."""
        return self.reforms[0]

    def __str__(self) -> str:
        ids = ", ".join(dict.fromkeys(r.id for r in self.reforms))
        return f"{self.act} ({ids})"


def find_act(records: Iterable[Reform], query: str) -> ActMatch:
    """
    The act whose number or adilet code is *query*, in any common spelling.

    Raises:
        UnknownNameError: No act has that number or code (close matches listed).
        QueryError: *query* holds no act number.
        InvalidTypeError: *query* is not a str.
    """
    key = act_key(query)
    acts: list[LegalAct] = []
    owners: list[Reform] = []
    known: dict[str, None] = {}
    for r in records:
        for a in r.acts:
            keys = act_keys(a)
            known.update(dict.fromkeys(keys))
            if key in keys:
                acts.append(a)
                owners.append(r)
    if not acts:
        hint = None if key == query.strip() else f"read as {key!r}"
        raise UnknownNameError("act number or adilet code", key, list(known), hint=hint)
    return ActMatch(key, tuple(acts), tuple(owners))

# SPDX-License-Identifier: MIT
"""
The exception tree of kzreforms.

Every error the library raises on purpose subclasses :class:`KzReformsError`
and a builtin (``ValueError``, ``TypeError`` or ``LookupError``), so callers
can catch either the library's own class or the builtin they already expect.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

__all__ = [
    "DataLoadError",
    "DateParseError",
    "InvalidRecordError",
    "InvalidTypeError",
    "KzReformsError",
    "QueryError",
    "UnknownNameError",
    "UnknownReformError",
    "UnknownSourceError",
    "UnknownTopicError",
    "close_matches",
    "excerpt",
]

EXCERPT_LIMIT = 80
"""How many characters of a refused value an error message quotes, at most."""

DATE_FORMS = (
    "year first: '2024', '2023-07', '2019-12-30', '2019/12/30', '2019.12.30', "
    "'20191230', '2019-12-30 10:00:00+05:00' (the time is dropped); "
    "day first, with '.' or '/' and a four-digit year: '27.12.2019', '27/12/2019', "
    "'12.2019'; or words such as '30 Dec 2019', 'December 2019'"
)
"""The forms :meth:`PartialDate.parse` reads (the default ``accepted`` of DateParseError)."""

ISO_DATE_FORMS = "ISO partial dates only: '2024', '2023-07', '2019-12-30'"
"""The forms :meth:`PartialDate.fromisoformat` and data files read."""


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """
    Return up to *n* of *choices* that look like *word*, best first.

    Case is ignored and ``_``/``-``/space are treated alike, so ``"Domestic
    Violence"`` suggests ``"domestic-violence"``.
    """
    norm = {_fold(c): c for c in choices}
    hits = difflib.get_close_matches(_fold(word), list(norm), n=n, cutoff=0.6)
    return [norm[h] for h in hits]


def excerpt(value: object, limit: int = EXCERPT_LIMIT) -> str:
    """
    The ``repr`` of *value*, cut for an error message.

    A string or bytes value of at most *limit* characters (or bytes) gives its
    plain ``repr``; a longer one gives the ``repr`` of its first *limit*, then
    ``...`` and its total length, so a message never copies a huge input:
    ``excerpt("1" * 10_000_000)`` is ``'1111...1111'... (10000000 characters)``.
    Other values are ``repr``-ed, and the ``repr`` is cut to *limit*
    characters the same way.
    """
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, bytes):
        if len(value) <= limit:
            return repr(value)
        return f"{value[:limit]!r}... ({len(value)} bytes)"
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... (repr of {len(text)} characters)"


def _fold(s: str) -> str:
    return s.strip().lower().replace("_", "-").replace(" ", "-")


class KzReformsError(Exception):
    """
    Base class of every error kzreforms raises on purpose.

    .. versionadded:: 0.1.0
    """


class InvalidRecordError(KzReformsError, ValueError):
    """
    A record (or a part of one) was given a value it cannot hold.

    Attributes:
        field: The name of the offending field (dotted for nested ones).
        value: The value that was refused.
        accepted: A short description of what the field accepts.

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, value: object, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(f"{field}: {excerpt(value)} is not accepted; expected {accepted}")


class InvalidTypeError(KzReformsError, TypeError):
    """
    A value of the wrong type was passed (to a record field or a query).

    .. versionadded:: 0.1.0
    """

    def __init__(self, field: str, value: object, accepted: str) -> None:
        self.field = field
        self.value = value
        self.accepted = accepted
        super().__init__(
            f"{field}: got {type(value).__name__} {excerpt(value)}; expected {accepted}"
        )


class DateParseError(KzReformsError, ValueError):
    """
    A string could not be read as a (partial) date.

    The message quotes the input (at most its first 80 characters, see
    :func:`excerpt`), says why it was refused and which forms are accepted
    where it was read.

    Attributes:
        text: The refused input, whole.
        reason: Why it was refused.
        accepted: The forms accepted there: every form :meth:`PartialDate.parse`
            reads by default, only the ISO partial forms for
            :meth:`PartialDate.fromisoformat` and data files.

    .. versionadded:: 0.1.0
    """

    def __init__(self, text: object, reason: str, accepted: str = DATE_FORMS) -> None:
        self.text = text
        self.reason = reason
        self.accepted = accepted
        super().__init__(f"cannot read {excerpt(text)} as a date: {reason}. Accepted: {accepted}")


class UnknownNameError(KzReformsError, LookupError):
    """
    A name (topic, kind, stage, source, reform id...) is not known.

    Attributes:
        what: What kind of name it was ("topic", "reform id"...).
        name: The name that was asked for.
        suggestions: Close matches among the known names, best first.

    .. versionadded:: 0.1.0
    """

    def __init__(self, what: str, name: object, choices: Sequence[str]) -> None:
        self.what = what
        self.name = name
        self.suggestions = close_matches(name, choices) if isinstance(name, str) else []
        msg = f"unknown {what} {name!r}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif len(choices) <= 40:  # noqa: PLR2004 - short lists are shown whole
            msg += "; accepted: " + ", ".join(sorted(choices))
        super().__init__(msg)


class UnknownTopicError(UnknownNameError):
    """
    A topic name is not in the taxonomy.

    .. versionadded:: 0.1.0
    """


class UnknownReformError(UnknownNameError):
    """
    No reform has the given id.

    .. versionadded:: 0.1.0
    """


class UnknownSourceError(UnknownNameError):
    """
    No source has the given id.

    .. versionadded:: 0.1.0
    """


class QueryError(KzReformsError, ValueError):
    """
    A query was given values that make no sense together (e.g. a range whose
    start is after its end).

    .. versionadded:: 0.1.0
    """


class DataLoadError(KzReformsError, ValueError):
    """
    JSON data could not be turned into records.

    Loading is all or nothing: when this is raised, nothing was loaded.

    Attributes:
        problems: One line per problem, each naming the record (file and id
            where known) and the path of the bad field.

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        head = f"{len(self.problems)} problem(s) in the data:"
        super().__init__("\n  ".join([head, *self.problems]))

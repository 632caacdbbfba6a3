# SPDX-License-Identifier: MIT
"""
The exception tree of kzreforms.

Every error the library raises on purpose subclasses :class:`KzReformsError`
and a builtin (``ValueError``, ``TypeError`` or ``LookupError``), so callers
can catch either the library's own class or the builtin they already expect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ._text import norm_name

__all__ = [
    "MAX_LINE",
    "MAX_PROBLEMS",
    "ArticleParseError",
    "DataLoadError",
    "DateParseError",
    "DiffInputError",
    "InvalidRecordError",
    "InvalidTypeError",
    "KzReformsError",
    "MissingExtraError",
    "OutputPathError",
    "QueryError",
    "RenamedIdWarning",
    "UnknownNameError",
    "UnknownReformError",
    "UnknownSourceError",
    "UnknownTopicError",
    "WithdrawnReformError",
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
    import difflib  # noqa: PLC0415 - PERF (benchmarks/): only a refused name needs it

    norm = {norm_name(c): c for c in choices}
    hits = difflib.get_close_matches(norm_name(word), list(norm), n=n, cutoff=0.6)
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
    try:
        text = repr(value)
    except ValueError:  # an int too long for repr() (over 4,300 digits)
        return f"<an int of about {value.bit_length() * 3 // 10:,} digits>"  # type: ignore[attr-defined]
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... (repr of {len(text)} characters)"


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

    def __init__(
        self, what: str, name: object, choices: Sequence[str], *, hint: str | None = None
    ) -> None:
        self.what = what
        self.name = name
        self.suggestions = close_matches(name, choices) if isinstance(name, str) else []
        msg = f"unknown {what} {name!r}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif 0 < len(choices) <= 40:  # noqa: PLR2004 - short lists are shown whole
            msg += "; accepted: " + ", ".join(sorted(choices))
        if hint:
            msg += f" ({hint})"
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


MAX_PROBLEMS = 100
"""
How many problems a :class:`DataLoadError` lists (and loading collects)
before it stops: the rest are only counted.  ``load(..., max_problems=N)``
overrides it.
"""
MAX_LINE = 400
"""The longest problem line a :class:`DataLoadError` keeps (head and tail)."""


def _short_line(line: str) -> str:
    # Round two: a 10 MB bad value made a 10 MB message.  Keep the head (file,
    # id, field) and the tail (the path of the field, "@ $.milestones[0]").
    if len(line) <= MAX_LINE:
        return line
    cut = len(line) - MAX_LINE
    return f"{line[: MAX_LINE * 2 // 3]} ...[{cut:,} characters cut]... {line[-MAX_LINE // 3 :]}"


class DataLoadError(KzReformsError, ValueError):
    """
    JSON data could not be turned into records.

    Loading is all or nothing: when this is raised, nothing was loaded.

    Attributes:
        problems: One line per problem, each naming the record (file and id
            where known) and the path of the bad field: at most
            *max_problems* of them (default :data:`MAX_PROBLEMS`), each cut
            to :data:`MAX_LINE` characters.
        total: How many problems were found (``len(problems)`` or more).
        unchecked: How many records were not checked because the bound was
            reached (0 when every record was checked).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       At most *max_problems* lines are kept; ``total`` and ``unchecked``.
    """

    def __init__(
        self,
        problems: Sequence[str],
        *,
        max_problems: int = MAX_PROBLEMS,
        unchecked: int = 0,
        total: int | None = None,
    ) -> None:
        shown = problems[: max(max_problems, 1)]
        self.problems = tuple(_short_line(p) for p in shown)
        self.total = max(len(problems) if total is None else total, len(self.problems))
        self.unchecked = unchecked
        more = self.total - len(self.problems)
        head = f"{'at least ' if unchecked else ''}{self.total:,} problem(s) in the data:"
        lines = [head, *self.problems]
        if more:
            lines.append(f"... and {more:,} more problem{'s' if more != 1 else ''}")
        if unchecked:
            lines.append(
                f"... and {unchecked:,} more record{'s' if unchecked != 1 else ''} not checked "
                f"(loading stops after {len(self.problems):,} problems)"
            )
        super().__init__("\n  ".join(lines))


ARTICLE_FORMS = (
    "'CC 128(1)' or with an item 'CC 125(3)(2-1)' (the canonical form), 'Art. 128(1) CC', "
    "'art 128 part 1 of the Criminal Code', 'статья 128 часть 1 УК', 'УК РК ст. 128 ч. 1', "
    "'ст. 128 ч. 1 УК РК', 'ҚК 128-бап 1-бөлік'; codes: CC (Criminal Code; УК, ҚК), "
    "AdmC (Code of Administrative Offences; КоАП, ӘҚБтК), CPC (Criminal Procedure Code; "
    "УПК, ҚПК), PEC (Penal Enforcement Code; УИК, ҚАтК)"
)
"""The spellings of an article reference the library reads (quoted in errors)."""


class ArticleParseError(KzReformsError, ValueError):
    """
    A string could not be read as a reference to a code provision.

    The message quotes the input, says what was wrong and lists the accepted
    forms; for an unknown code it names the close matches.

    Attributes:
        text: The input.
        reason: What was wrong.
        suggestions: Close matches among the known codes, best first.

    .. versionadded:: 0.2.0
    """

    def __init__(
        self,
        text: object,
        reason: str,
        suggestions: Sequence[str] = (),
        *,
        canonical: bool = False,
    ) -> None:
        self.text = text
        self.reason = reason
        self.suggestions = tuple(suggestions)
        msg = f"cannot read {text!r} as an article reference: {reason}"
        if self.suggestions:
            msg += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        if not canonical:
            msg += ("" if msg.endswith("?") else ".") + f" Accepted: {ARTICLE_FORMS}"
        super().__init__(msg)


class OutputPathError(KzReformsError, OSError):
    """
    An output path names something that cannot hold the output (a
    directory, a socket, a block device); nothing was written.

    Attributes:
        errno: ``errno.EISDIR`` for a directory, ``errno.EINVAL`` otherwise.
        filename: The path as given.

    .. versionadded:: 0.1.0
    """

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class MissingExtraError(KzReformsError, ImportError):
    """
    An optional extra (pandas, pyarrow, polars, matplotlib...) is not
    installed; the message names the ``pip install "kzreforms[extra]"`` line.

    Attributes:
        extra: The name of the extra to install.

    .. versionadded:: 0.2.0
    """

    def __init__(self, message: str, *, name: str, extra: str) -> None:
        super().__init__(message, name=name)
        self.extra = extra


class WithdrawnReformError(UnknownReformError):
    """
    A reform id that was released once and then withdrawn: the id registry
    (``data/ids.json``, docs/releases.md) keeps a tombstone with the reason.

    Attributes:
        name: The withdrawn id.
        reason: Why it was withdrawn.
        version: The data version that withdrew it.

    .. versionadded:: 0.2.0
    """

    def __init__(self, rid: str, reason: str, version: str) -> None:
        self.what = "reform id"
        self.name = rid
        self.suggestions = []
        self.reason = reason
        self.version = version
        KzReformsError.__init__(
            self, f"reform id {rid!r} was withdrawn in data version {version}: {reason}"
        )


class RenamedIdWarning(UserWarning):
    """
    A reform id that was renamed or merged was asked for: the record of its
    new id is returned instead.  Use the new id (the message names it).

    Attributes:
        old: The id asked for.
        new: The id of the record returned.
        reason: Why the id changed.

    .. versionadded:: 0.2.0
    """

    def __init__(self, old: str, new: str, reason: str) -> None:
        self.old = old
        self.new = new
        self.reason = reason
        super().__init__(f"reform id {old!r} is now {new!r} ({reason}); use {new!r}")


class DiffInputError(KzReformsError, ValueError):
    """
    An input of :func:`kzreforms.diff` (or ``kzreforms diff``) is not
    kzreforms data, is written in a newer data format than this version
    reads, or is a corrupt export.

    Attributes:
        where: The input as given (a path, or ``installed``).
        reason: What is wrong with it.

    .. versionadded:: 0.2.0
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")

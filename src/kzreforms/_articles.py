# SPDX-License-Identifier: MIT
"""
Structured references to provisions of Kazakhstan's codes.

:class:`Code` names a code (the Criminal Code, the Code of Administrative
Offences...), :class:`ArticleRef` one provision in it: an article, and
optionally a part of it and an item of that part.  The canonical text is
``CC 128(1)`` (code, article, part in brackets) and, with an item,
``CC 125(3)(2-1)`` (item 2-1 of part 3 of Art. 125).
:meth:`ArticleRef.parse` reads the spellings people type, in English,
Russian and Kazakh.

Only attrs and the standard library are used here.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._enums import Ordered, sealed
from ._errors import ArticleParseError, InvalidRecordError, InvalidTypeError
from ._text import fold

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["CODE_START", "ArticleRef", "Code"]


@sealed
class Code(Ordered):
    """
    A code of the Republic of Kazakhstan, by its English abbreviation.

    ``str()`` gives the abbreviation used in canonical references (``CC``,
    ``AdmC``...); :meth:`parse` also accepts the full English name and the
    Russian and Kazakh abbreviations (``УК`` / ``ҚК``, ``КоАП`` / ``ӘҚБтК``,
    ``УПК`` / ``ҚПК``, ``УИК`` / ``ҚАтК``), in any case.

    >>> Code.parse("УК")
    <Code.CC: 'cc'>
    >>> str(Code.ADMC), Code.ADMC.title
    ('AdmC', 'Code of Administrative Offences')

    .. versionadded:: 0.2.0
    """

    CC = "cc"
    ADMC = "admc"
    CPC = "cpc"
    PEC = "pec"

    @property
    def abbreviation(self) -> str:
        """The English abbreviation used in canonical references."""
        return _INFO[self][0]

    @property
    def title(self) -> str:
        """The full English name."""
        return _INFO[self][1]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every spelling :meth:`parse` accepts for this code (besides the slug)."""
        return _INFO[self][2]

    def __str__(self) -> str:
        return self.abbreviation

    @classmethod
    def parse(cls, name: Self | str) -> Self:
        """
        The code for an abbreviation or a name in English, Russian or Kazakh.

        Raises:
            ArticleParseError: The name is not a known code (close matches listed).
            InvalidTypeError: *name* is not a str or a Code.
        """
        if isinstance(name, cls):
            return name
        if not isinstance(name, str):
            raise InvalidTypeError("Code", name, "a Code or its abbreviation as a str")
        key = _norm_code(name)
        for code in cls:
            if key in _P.alias_keys[code]:
                return code
        raise ArticleParseError(name, f"unknown code {name.strip()!r}", _code_suggestions(name))


# abbreviation, English title, spellings people type (matched folded,
# white space and dots ignored, "РК"/"RK" after them allowed).
_INFO: dict[Code, tuple[str, str, tuple[str, ...]]] = {
    Code.CC: (
        "CC",
        "Criminal Code",
        ("CC", "Criminal Code", "УК", "ҚК", "Уголовный кодекс", "Қылмыстық кодекс"),
    ),
    Code.ADMC: (
        "AdmC",
        "Code of Administrative Offences",
        (
            "AdmC",
            "Code of Administrative Offences",
            "Administrative Code",
            "Code on Administrative Offences",
            "Code of Administrative Offenses",
            "КоАП",
            "ӘҚБтК",
            "Кодекс об административных правонарушениях",
        ),
    ),
    Code.CPC: (
        "CPC",
        "Criminal Procedure Code",
        ("CPC", "Criminal Procedure Code", "Code of Criminal Procedure", "УПК", "ҚПК"),
    ),
    Code.PEC: (
        "PEC",
        "Penal Enforcement Code",
        ("PEC", "Penal Enforcement Code", "Penal Code of Enforcement", "УИК", "ҚАтК"),
    ),
}

_BY_ABBREVIATION: dict[str, Code] = {info[0]: c for c, info in _INFO.items()}


def _norm_code(text: str) -> str:
    s = fold(text).strip()
    s = re.sub(r"^(?:of\s+)?(?:the\s+)?", "", s)
    s = _P.republic.sub("", s)
    return re.sub(r"[\s.]+", "", s)


def _code_suggestions(word: str) -> list[str]:
    """Known code names that look like *word*, best first."""
    import difflib  # noqa: PLC0415 - only to suggest a name after an error

    aliases = _P.all_aliases
    hits = difflib.get_close_matches(_norm_code(word), list(aliases), n=3, cutoff=0.5)
    return [aliases[h] for h in hits]


CODE_START: dict[Code, dt.date] = {
    Code.CC: dt.date(2015, 1, 1),
    Code.ADMC: dt.date(2015, 1, 1),
}
"""
The day the current code took effect, where the library knows it: the
Criminal Code of 3 July 2014 No. 226-V and the Code of Administrative
Offences of 5 July 2014 No. 235-V both took effect on 1 January 2015 (see
docs/articles.md for the sources).  Penalties before this day are outside
what the library can say about these codes.
"""


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_N = r"[1-9][0-9]*(?:-[1-9][0-9]*)?"
_NUMBER = re.compile(_N)

_ARTICLE_WORD = r"(?:art(?:icle)?\.?|ст\.?|статья|статьи|статье)"
_PART_WORD = r"(?:part|pt\.?|ч\.?|часть|части)"
_ITEM_WORD = r"(?:item|subparagraph|paragraph|para\.?|п\.?|пункт|пп\.?|подпункт)"


class _Parser:
    """
    The parser's tables and regular expressions, each built on first use.

    PERF (benchmarks/): compiled at import they were the largest part of
    importing this module, on every cold start, though only a reference typed
    by a person needs them: data files hold canonical references, which
    :meth:`ArticleRef.parse_canonical` reads without them.
    """

    @functools.cached_property
    def republic(self) -> re.Pattern[str]:
        return re.compile(
            r"(?:\s+(?:рк|rk|of\s+(?:the\s+)?(?:republic\s+of\s+)?kazakhstan"
            r"|республики\s+казахстан))$"
        )

    @functools.cached_property
    def alias_keys(self) -> dict[Code, frozenset[str]]:
        return {
            c: frozenset({_norm_code(a) for a in (*info[2], c.value)}) for c, info in _INFO.items()
        }

    @functools.cached_property
    def all_aliases(self) -> dict[str, str]:
        return {_norm_code(a): a for info in _INFO.values() for a in info[2]}

    @functools.cached_property
    def code_re(self) -> re.Pattern[str]:
        # A code named in words or letters, anywhere in the text; longest first.
        code_words = sorted(
            {
                *(fold(a) for info in _INFO.values() for a in info[2]),
                *(fold(a).replace("ый кодекс", "ого кодекса") for a in _INFO[Code.CC][2]),
                "қылмыстык кодексі",
                "кылмыстык кодекси",
            },
            key=len,
            reverse=True,
        )
        return re.compile(
            r"(?:\bof\s+)?(?:\bthe\s+)?(?<![\w])("
            + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in code_words)
            + r")(?![\w])"
            r"(?:\s*(?:рк|rk)(?![\w])|\s+of\s+(?:the\s+)?(?:republic\s+of\s+)?kazakhstan"
            r"|\s+республики\s+казахстан)?",
        )

    @functools.cached_property
    def rest(self) -> re.Pattern[str]:
        return re.compile(
            rf"(?:{_ARTICLE_WORD}\s*)?(?P<art>{_N})(?:\s*-?\s*бап)?"
            rf"(?:\s*\((?P<p1>{_N})\)|\s*,?\s*{_PART_WORD}\s*(?P<p2>{_N})"
            rf"|\s*,?\s*(?P<p3>{_N})\s*-?\s*болик)?"
            rf"(?:\s*\((?P<i1>{_N})\)|\s*,?\s*{_ITEM_WORD}\s*(?P<i2>{_N})"
            rf"|\s*,?\s*(?P<i3>{_N})\s*-?\s*тармак)?"
        )

    @functools.cached_property
    def words(self) -> re.Pattern[str]:
        return re.compile(
            rf"{_ARTICLE_WORD}|{_PART_WORD}|{_ITEM_WORD}|бап|болик|тармак|of|the|рк|rk",
            re.IGNORECASE,
        )


_P = _Parser()

ACCEPTED_FORMS = (
    "'CC 128(1)', 'CC 125(3)(2-1)' (the canonical form), 'Art. 128(1) CC', "
    "'art 128 part 1 of the Criminal Code', 'статья 128 часть 1 УК', "
    "'УК РК ст. 128 ч. 1', 'ст. 128 ч. 1 УК РК', 'ҚК 128-бап 1-бөлік'; "
    "codes: " + ", ".join(f"{i[0]} ({i[1]}; {', '.join(i[2][-2:])})" for i in _INFO.values())
)


def _parse(text: str) -> tuple[Code, str, str | None, str | None]:
    s = re.sub(r"\s+", " ", fold(text)).strip()
    if not s:
        raise ArticleParseError(text, "the text is empty")
    found = list(_P.code_re.finditer(s))
    if not found:
        raise _no_code(text)
    if len(found) > 1:
        raise ArticleParseError(text, "more than one code is named")
    m = found[0]
    code = next(c for c in Code if _norm_code(m.group(1)) in _P.alias_keys[c])
    rest = (s[: m.start()] + " " + s[m.end() :]).strip(" ,")
    rest = re.sub(r"\s+(?:of|of the)$", "", rest).strip(" ,")
    r = _P.rest.fullmatch(rest)
    if r is None:
        raise ArticleParseError(
            text, f"after the code ({code}) expected an article number, then a part and an item"
        )
    part = r["p1"] or r["p2"] or r["p3"]
    item = r["i1"] or r["i2"] or r["i3"]
    if item is not None and part is None:
        raise ArticleParseError(text, "an item needs a part")
    return code, r["art"], part, item


def _no_code(text: str) -> ArticleParseError:
    letters = [w for w in re.findall(r"[^\W\d_]+", text) if not _is_word(fold(w))]
    if not letters:
        return ArticleParseError(text, "no code is named (e.g. 'CC 128', not '128')")
    guess = " ".join(letters)
    return ArticleParseError(text, f"unknown code {guess!r}", _code_suggestions(guess))


def _is_word(w: str) -> bool:
    return _P.words.fullmatch(w) is not None or _P.words.fullmatch(w + ".") is not None


# ---------------------------------------------------------------------------
# ArticleRef
# ---------------------------------------------------------------------------


def _num_key(n: str | None) -> tuple[int, ...]:
    return () if n is None else tuple(int(x) for x in n.split("-"))


def _check_number(name: str, value: object, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"ArticleRef.{name}", value, "a str such as '128' or '108-1'" + (" or None" * optional)
        )
    if not _NUMBER.fullmatch(value):
        raise InvalidRecordError(
            f"ArticleRef.{name}",
            value,
            "a number without leading zeros, optionally with one '-' suffix ('128', '108-1')",
        )


def _canonical(cls: type[ArticleRef], text: str) -> ArticleRef | None:
    """
    *text* read as the canonical form (``CC 128``, ``CC 128(1)``,
    ``CC 125(3)(2-1)``) with string operations only, or ``None`` when it is
    not exactly that form (the full parser then decides, and says why).

    PERF (benchmarks/): the packaged data's references are read this way on
    every cold start; :func:`_parse` needs its large regular expressions.
    The result is returned only when its ``str()`` (the abbreviation, the
    numbers and brackets, spelled here without formatting the enum) is
    *text*, which is what :meth:`ArticleRef.parse_canonical` requires of the
    full parse too.
    """
    head, sep, tail = text.partition(" ")
    code = _BY_ABBREVIATION.get(head)
    if code is None or not sep:
        return None
    art, _, rest = tail.partition("(")
    part = item = None
    if rest:
        part, _, rest = rest.partition(")")
        if rest:
            if rest[0] != "(" or rest[-1] != ")":
                return None
            item = rest[1:-1]
    again = f"{head} {art}" + ("" if part is None else f"({part})")
    if item is not None:
        again += f"({item})"
    if again != text or not all(_NUMBER.fullmatch(n) for n in (art, part, item) if n is not None):
        return None
    return cls(code, art, part, item)


@attrs.frozen(eq=True, order=False)
class ArticleRef:
    """
    A provision of a code: an article, optionally a part, and an item of
    that part.

    ``str()`` gives the canonical text: ``CC 128`` (an article), ``CC 128(1)``
    (part 1 of it), ``CC 125(3)(2-1)`` (item 2-1 of part 3).  The order is
    structural: by code, then article numbers compared as numbers
    (``CC 99 < CC 108 < CC 108-1 < CC 109``), then part, then item, a
    provision before its parts.

    >>> ref = ArticleRef.parse("статья 128 часть 1 УК")
    >>> ref, str(ref)
    (ArticleRef(code=<Code.CC: 'cc'>, article='128', part='1', item=None), 'CC 128(1)')
    >>> ArticleRef.parse("CC 128").contains(ref), ArticleRef.parse("CC 12").contains(ref)
    (True, False)

    .. versionadded:: 0.2.0
    """

    code: Code = attrs.field()
    article: str = attrs.field()
    part: str | None = attrs.field(default=None)
    item: str | None = attrs.field(default=None)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.code, Code):
            raise InvalidTypeError("ArticleRef.code", self.code, "a Code")
        _check_number("article", self.article, optional=False)
        _check_number("part", self.part, optional=True)
        _check_number("item", self.item, optional=True)
        if self.item is not None and self.part is None:
            raise InvalidRecordError("ArticleRef.item", self.item, "None unless a part is given")

    @classmethod
    def parse(cls, text: ArticleRef | str) -> ArticleRef:
        """
        Read a reference as people type it (case is ignored).

        Accepted: ``CC 128(1)``, ``Art. 128(1) CC``, ``art 128 part 1 of the
        Criminal Code``, ``статья 128 часть 1 УК``, ``УК РК ст. 128 ч. 1``,
        ``ст. 128 ч. 1 УК РК``, ``ҚК 128-бап 1-бөлік``; an item as a second
        bracket (``CC 125(3)(2-1)``) or in words (``item 2-1``, ``п. 2-1``).

        Raises:
            ArticleParseError: The text is not a reference (the message lists
                the accepted forms and, for an unknown code, close matches).
            InvalidTypeError: *text* is not a str.
        """
        if isinstance(text, ArticleRef):
            return text
        if not isinstance(text, str):
            raise InvalidTypeError("article", text, "an ArticleRef or a str such as 'CC 128(1)'")
        code, art, part, item = _parse(text)
        return cls(code, art, part, item)

    @classmethod
    def parse_canonical(cls, text: str) -> ArticleRef:
        """
        Read the canonical text only (as data files hold it).

        Raises:
            ArticleParseError: *text* is not in the canonical form (the
                message gives the canonical form when the text is another
                accepted spelling).
        """
        if isinstance(text, str):
            fast = _canonical(cls, text)
            if fast is not None:
                return fast
        ref = cls.parse(text)
        if str(ref) != text:
            raise ArticleParseError(
                text, f"data files hold the canonical form; write {str(ref)!r}", canonical=True
            )
        return ref

    @property
    def key(self) -> tuple[Any, ...]:
        """The structural order key (see the class docstring)."""
        return (self.code.rank, _num_key(self.article), _num_key(self.part), _num_key(self.item))

    @property
    def parent(self) -> ArticleRef | None:
        """The provision one level up (the part of an item, the article of a part)."""
        if self.item is not None:
            return ArticleRef(self.code, self.article, self.part)
        if self.part is not None:
            return ArticleRef(self.code, self.article)
        return None

    def ancestors(self) -> Iterator[ArticleRef]:
        """The provisions that contain this one, nearest first."""
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def contains(self, other: ArticleRef | str) -> bool:
        """
        Whether *other* is this provision or a part of it (structurally:
        ``CC 128`` contains ``CC 128(1)``; ``CC 12`` does not contain ``CC 128``).
        """
        o = ArticleRef.parse(other)
        if (o.code, o.article) != (self.code, self.article):
            return False
        if self.part is None:
            return True
        if o.part != self.part:
            return False
        return self.item is None or o.item == self.item

    def __str__(self) -> str:
        s = f"{self.code} {self.article}"
        if self.part is not None:
            s += f"({self.part})"
        if self.item is not None:
            s += f"({self.item})"
        return s

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ArticleRef):
            return NotImplemented
        return self.key < other.key

    def __le__(self, other: object) -> bool:
        if not isinstance(other, ArticleRef):
            return NotImplemented
        return self.key <= other.key

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, ArticleRef):
            return NotImplemented
        return self.key > other.key

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, ArticleRef):
            return NotImplemented
        return self.key >= other.key

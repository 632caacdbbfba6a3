# SPDX-License-Identifier: MIT
"""
The one cattrs converter for every record, and JSON text in and out.

Output is deterministic: fields in declaration order, defaults omitted,
partial dates as ISO strings, enums by value, frozensets as sorted lists,
decimals as strings.  Input is strict: unknown keys, wrong JSON types
(a string where a list belongs, a float where an int belongs), NaN and
duplicated keys are refused, and every error names the record id and the
path of the bad field.

This module imports cattrs; ``import kzreforms`` does not import it.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar, get_args, get_origin, overload

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from ._articles import ArticleRef
from ._codec import unstructure
from ._dates import PartialDate
from ._errors import (
    DataLoadError,
    InvalidRecordError,
    InvalidTypeError,
    KzReformsError,
)
from ._model import (
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
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    ReformKind,
    Source,
    SourceKind,
    Stage,
    Term,
    TitleLang,
)
from ._topics import Topic

__all__ = [
    "RECORD_TYPES",
    "converter",
    "decode_json",
    "dumps",
    "from_jsonable",
    "loads",
    "structure_bounded",
    "structure_each",
    "structure_many",
    "to_jsonable",
]

T = TypeVar("T")

RECORD_TYPES: tuple[type[Any], ...] = (
    Reform,
    Source,
    Citation,
    Discrepancy,
    Milestone,
    LegalAct,
    PenaltyChange,
    Penalty,
    Term,
    Quantity,
    Figure,
    PartialDate,
    CitationRef,
    Measure,
)
MAX_DEPTH = 64
_ENUMS: tuple[type[enum.Enum], ...] = (
    ActKind,
    Confidence,
    Gravity,
    Liability,
    LinkKind,
    ReformKind,
    SourceKind,
    Stage,
    TitleLang,
    Topic,
)


def _fail_type(value: object, accepted: str) -> InvalidTypeError:
    return InvalidTypeError("value", value, accepted)


def _strict_int(value: object, _: type[Any]) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail_type(value, "a JSON integer")
    return value


def _strict_bool(value: object, _: type[Any]) -> bool:
    if not isinstance(value, bool):
        raise _fail_type(value, "true or false")
    return value


def _strict_str(value: object, _: type[Any]) -> str:
    if not isinstance(value, str):
        raise _fail_type(value, "a JSON string")
    return value


def _structure_date(value: object, _: type[Any]) -> PartialDate:
    if not isinstance(value, str):
        raise _fail_type(value, "an ISO partial date string ('2024', '2023-07', '2019-12-30')")
    return PartialDate.fromisoformat(value)


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _structure_day(value: object, _: type[Any]) -> dt.date:
    accepted = "a day as an ISO date string ('2026-12-02')"
    if not isinstance(value, str):
        raise _fail_type(value, accepted)
    try:
        day = dt.date.fromisoformat(value) if _DAY.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidRecordError("value", value, accepted)
    return day


def _structure_article(value: object, _: type[Any]) -> ArticleRef:
    if not isinstance(value, str):
        raise _fail_type(value, "an article reference in canonical form, e.g. 'CC 128(1)'")
    return ArticleRef.parse_canonical(value)


def _structure_decimal_or_int(value: object, _: type[Any]) -> int | Decimal:
    if isinstance(value, bool):
        raise _fail_type(value, "an integer, or a decimal number written as a string")
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            d = Decimal(value)
        except InvalidOperation:
            raise _fail_type(value, "an integer, or a decimal number written as a string") from None
        if not d.is_finite():
            raise InvalidRecordError("value", value, "a finite number")
        return d
    raise _fail_type(value, "an integer, or a decimal number written as a string")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, type[Any]], enum.Enum]:
    values = {str(m.value): m for m in cls}

    def structure(value: object, _: type[Any]) -> enum.Enum:
        if not isinstance(value, str):
            raise _fail_type(value, f"one of {sorted(values)}")
        try:
            return values[value]
        except KeyError:
            raise cls._unknown(value) from None  # type: ignore[attr-defined]

    return structure


def _enum_value(e: enum.Enum) -> Any:
    return e.value


def _is_tuple(t: Any) -> bool:
    return get_origin(t) is tuple


def _is_frozenset(t: Any) -> bool:
    return get_origin(t) is frozenset


def _build() -> cattrs.Converter:
    c = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
    c.register_structure_hook(int, _strict_int)
    c.register_structure_hook(bool, _strict_bool)
    c.register_structure_hook(str, _strict_str)
    c.register_structure_hook(PartialDate, _structure_date)
    c.register_structure_hook(ArticleRef, _structure_article)
    c.register_structure_hook(dt.date, _structure_day)
    c.register_unstructure_hook(dt.date, dt.date.isoformat)
    c.register_unstructure_hook(ArticleRef, str)
    c.register_unstructure_hook(PartialDate, str)
    c.register_structure_hook(int | Decimal, _structure_decimal_or_int)
    c.register_unstructure_hook(Decimal, str)
    # One hook per enum class: exact-class hooks win over cattrs' own enum
    # handling in every supported cattrs version (a predicate factory does not
    # in cattrs 24.1).
    for enum_cls in _ENUMS:
        c.register_structure_hook(enum_cls, _enum_hook(enum_cls))
        c.register_unstructure_hook(enum_cls, _enum_value)

    def seq_hook(t: Any) -> Callable[[object, type[Any]], Any]:
        elem = get_args(t)[0]
        build: Callable[[Iterable[Any]], Any] = tuple if _is_tuple(t) else frozenset
        handler = c.get_structure_hook(elem)

        def structure(value: object, _: type[Any]) -> Any:
            if not isinstance(value, list):
                raise _fail_type(value, "a JSON list")
            out: list[Any] = []
            errors: list[Exception] = []
            for i, v in enumerate(value):
                try:
                    out.append(handler(v, elem))
                except Exception as e:  # noqa: BLE001 - collected, re-raised as a group
                    e.__notes__ = [  # type: ignore[attr-defined]
                        *getattr(e, "__notes__", []),
                        IterableValidationNote(f"Structuring {t} @ index {i}", i, elem),
                    ]
                    errors.append(e)
            if errors:
                msg = f"While structuring {t!r}"
                raise IterableValidationError(msg, errors, t)
            return build(out)

        return structure

    c.register_structure_hook_factory(lambda t: _is_tuple(t) or _is_frozenset(t), seq_hook)

    def sorted_set(t: Any) -> Callable[[frozenset[Any]], list[Any]]:
        inner = c.get_unstructure_hook(get_args(t)[0]) if get_args(t) else c.unstructure
        return lambda s: sorted(inner(v) for v in s)

    c.register_unstructure_hook_factory(_is_frozenset, sorted_set)
    return c


converter: cattrs.Converter = _build()
"""The converter for every record type.  Never use cattrs' global converter."""


# ---------------------------------------------------------------------------
# JSON text
# ---------------------------------------------------------------------------


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise InvalidRecordError("JSON object", k, "each key once (this key is repeated)")
        out[k] = v
    return out


def _no_constant(name: str) -> Any:
    raise InvalidRecordError("JSON number", name, "finite numbers (no NaN or Infinity)")


def decode_json(text: str | bytes, *, where: str = "<string>") -> Any:
    """
    Parse JSON text strictly: no duplicate keys, no NaN / Infinity, floats as
    :class:`~decimal.Decimal`, bounded nesting.

    Raises:
        DataLoadError: The text is not acceptable JSON.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as e:
            raise DataLoadError(
                [f"{where}: not UTF-8 text ({e.reason} at byte {e.start})"]
            ) from None
    if not isinstance(text, str):
        raise InvalidTypeError("text", text, "JSON as str or bytes")
    if _depth(text) > MAX_DEPTH:
        raise DataLoadError([f"{where}: JSON nested deeper than {MAX_DEPTH} levels"])
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_float=Decimal,
        )
    except InvalidRecordError as e:
        raise DataLoadError([f"{where}: {e}"]) from None
    except json.JSONDecodeError as e:
        raise DataLoadError(
            [f"{where}: not valid JSON ({e.msg}, line {e.lineno} column {e.colno})"]
        ) from None
    except (RecursionError, ValueError, ArithmeticError) as e:
        # ArithmeticError (issue 7, found by atheris): parse_float=Decimal raises
        # decimal.InvalidOperation for an exponent out of range ("1.5E99999999999999999999").
        raise DataLoadError([f"{where}: not valid JSON ({type(e).__name__}: {e})"]) from None


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _depth(text: str) -> int:
    """The JSON nesting depth (brackets outside strings), found with C-speed regexes."""
    brackets = _BRACKET.findall(_JSON_STRING.sub("", text))
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _problems(exc: BaseException, prefix: str) -> list[str]:
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        return [
            f"{prefix}: {m}"
            for m in cattrs.transform_error(exc, path="$", format_exception=_format)
        ]
    if isinstance(exc, ForbiddenExtraKeysError):
        return [f"{prefix}: unknown key(s) {sorted(exc.extra_fields)} @ $"]
    return [f"{prefix}: {exc} @ $"]


_OLD = (
    "; data written before 0.2.0 is migrated by tools/migrate_facts.py "
    "(in the kzreforms repository)"
)
_OLD_SOURCES = (
    f' (a fact\'s "sources" became "citations": references to the record\'s passages{_OLD})'
)


def _format(exc: BaseException, type_: type[Any] | None) -> str:
    if isinstance(exc, KzReformsError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        hint = (
            _OLD_SOURCES if "sources" in exc.extra_fields and "citations" in _fields(exc.cl) else ""
        )
        return f"unknown key(s) {sorted(exc.extra_fields)}; accepted: {_fields(exc.cl)}{hint}"
    record = _record_type(type_)
    if isinstance(exc, (AttributeError, TypeError)) and record is not None:
        # Issue 7: a nested record given a string, number or list read
        # "unknown error ('str' object has no attribute 'keys')".
        if record is Measure:
            return f'expected a JSON object for Measure ({{"text": ..., "citations": [...]}}){_OLD}'
        return f"expected a JSON object for {record.__name__}"
    return cattrs.v.format_exception(exc, type_)


def _record_type(t: Any) -> type[Any] | None:
    """The record class *t* names, also as ``Record | None``; else None."""
    if isinstance(t, type) and attrs.has(t):
        return t
    args = [a for a in get_args(t) if a is not type(None)]
    if len(args) == 1 and isinstance(args[0], type) and attrs.has(args[0]):
        return args[0]
    return None


def _fields(cl: type[Any]) -> str:
    return ", ".join(a.name for a in attrs.fields(cl))


def from_jsonable(data: Any, cls: type[T], *, where: str = "<data>") -> T:
    """
    Structure already-decoded JSON *data* into a *cls* record.

    Raises:
        DataLoadError: Naming the record id (when there is one) and the path
            of every bad field.
    """
    rid = data.get("id") if isinstance(data, dict) else None
    prefix = f"{where} ({rid})" if isinstance(rid, str) else where
    if cls is PartialDate:
        try:
            return _structure_date(data, cls)  # type: ignore[return-value]
        except KzReformsError as e:
            raise DataLoadError([f"{prefix}: {e}"]) from None
    if attrs.has(cls) and not isinstance(data, dict):
        raise DataLoadError(
            [f"{prefix}: expected a JSON object for {cls.__name__}, got {type(data).__name__} @ $"]
        )
    try:
        return converter.structure(data, cls)
    except (
        ClassValidationError,
        IterableValidationError,
        ForbiddenExtraKeysError,
        KzReformsError,
    ) as e:
        raise DataLoadError(_problems(e, prefix)) from None
    except (TypeError, ValueError, AttributeError, KeyError) as e:
        raise DataLoadError([f"{prefix}: {type(e).__name__}: {e} @ $"]) from None


def structure_many(items: Sequence[tuple[str, Any]], cls: type[T]) -> tuple[T, ...]:
    """
    Structure every ``(where, data)`` pair, collecting all problems.

    All or nothing: raises one :class:`DataLoadError` listing every bad record
    and field, or returns every record.
    """
    problems: list[str] = []
    out = structure_each(items, cls, problems)
    if problems:
        raise DataLoadError(problems)
    return out


def structure_each(
    items: Sequence[tuple[str, Any]], cls: type[T], problems: list[str]
) -> tuple[T, ...]:
    """
    Structure every ``(where, data)`` pair that is valid; add a line to
    *problems* for each bad field of the others.
    """
    return structure_bounded(items, cls, problems)[0]


def structure_bounded(
    items: Sequence[tuple[str, Any]],
    cls: type[T],
    problems: list[str],
    limit: int | None = None,
) -> tuple[tuple[T, ...], int]:
    """
    :func:`structure_each`, stopping once *problems* holds *limit* lines
    (round two: 5 MB of ``{}`` records took 28 s and 2.5 GB to list every
    problem).  Returns the good records and how many items were not checked.
    """
    out: list[T] = []
    for n, (where, data) in enumerate(items):
        if limit is not None and len(problems) >= limit:
            return tuple(out), len(items) - n
        try:
            out.append(from_jsonable(data, cls, where=where))
        except DataLoadError as e:
            problems.extend(e.problems)
            if e.total > len(e.problems):
                problems.append(f"{where}: ... and {e.total - len(e.problems):,} more problems")
    return tuple(out), 0


def to_jsonable(obj: Any) -> Any:
    """Unstructure a record (or a sequence of records) into JSON-ready data."""
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(o) for o in obj]
    if isinstance(obj, PartialDate):
        return str(obj)
    if not attrs.has(type(obj)):
        raise InvalidTypeError("obj", obj, "a kzreforms record or a list/tuple of them")
    return unstructure(obj)


def dumps(obj: Any) -> str:
    """
    The canonical JSON text of a record (or a list of records).

    Byte-for-byte deterministic: two equal records give the same text.
    Two-space indent, UTF-8 characters kept, a final newline.
    """
    return json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n"


@overload
def loads(text: str | bytes) -> Reform: ...
@overload
def loads(text: str | bytes, cls: type[T]) -> T: ...


def loads(text: str | bytes, cls: type[Any] = Reform) -> Any:
    """
    Read JSON text into a record of type *cls* (``Reform`` by default).

    Raises:
        DataLoadError: The text is not JSON, or does not describe a valid
            *cls* (the message names the record id and the field path).
    """
    if cls not in RECORD_TYPES:
        raise InvalidTypeError("cls", cls, "one of " + ", ".join(t.__name__ for t in RECORD_TYPES))
    return from_jsonable(decode_json(text), cls)

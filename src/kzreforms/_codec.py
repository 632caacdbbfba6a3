# SPDX-License-Identifier: MIT
"""
Records to JSON-ready data and back, for data already known to be valid.

:mod:`kzreforms._convert` (cattrs) is the strict way in: every field checked,
every problem reported with its path.  It is what validates a user's data, and
what validated the packaged data when it was built (``tools/data.py bundle``).
This module is the fast way for data that needs no checking again:

- :func:`unstructure` turns any record into the canonical JSON-ready form
  (the form ``dumps`` writes: declaration order, defaults left out, enums by
  value, partial dates as ISO strings, frozensets as sorted lists, decimals
  as strings).  It gives exactly what the cattrs converter gives (tested on
  every packaged record and on generated ones), without importing cattrs.
- :func:`structure_trusted` builds records from that form without running
  validators: each class's builder is made once from its attrs fields (no
  code is generated or compiled), and fills a new instance's slots directly.
  Only the packaged bundle, whose digest proves it is the validated build, is
  read this way (see :mod:`kzreforms._store`).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from ._articles import ArticleRef
from ._dates import PartialDate
from ._model import Reform, Source

__all__ = ["structure_trusted", "unstructure"]

T = TypeVar("T")
_Fn = Callable[[Any], Any]
_MISSING = object()


def _identity(value: Any) -> Any:
    return value


def _date_in(text: str) -> PartialDate:
    parts = text.split("-")
    new = object.__new__(PartialDate)
    set_ = object.__setattr__
    set_(new, "year", int(parts[0]))
    set_(new, "month", int(parts[1]) if len(parts) > 1 else None)
    set_(new, "day", int(parts[2]) if len(parts) > 2 else None)  # noqa: PLR2004 - y-m-d
    return new


def _number_in(value: int | str) -> int | Decimal:
    return Decimal(value) if isinstance(value, str) else value


def _number_out(value: int | Decimal) -> int | str:
    return str(value) if isinstance(value, Decimal) else value


def _enum_out(value: enum.Enum) -> Any:
    return value.value


def _args(tp: Any) -> tuple[Any, ...]:
    return typing.get_args(tp)


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


# Records whose JSON form is a string.
_BUILDERS: dict[Any, _Fn] = {
    PartialDate: _date_in,
    ArticleRef: ArticleRef.parse_canonical,
    dt.date: dt.date.fromisoformat,
}
_DUMPERS: dict[Any, _Fn] = {PartialDate: str, ArticleRef: str, dt.date: dt.date.isoformat}


def _builder(tp: Any) -> _Fn:
    """The function that turns JSON-ready data of type *tp* into its value."""
    fn = _BUILDERS.get(tp)
    if fn is not None:
        return fn
    origin = typing.get_origin(tp)
    if _is_union(tp):
        members = [a for a in _args(tp) if a is not type(None)]
        if set(members) == {int, Decimal}:
            fn = _number_in
        else:
            inner = _builder(members[0])
            fn = inner if inner is _identity else _optional(inner)
    elif origin in (tuple, frozenset):
        fn = _collection(origin, _builder(_args(tp)[0]))
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        fn = tp._value2member_map_.__getitem__
    elif isinstance(tp, type) and attrs.has(tp):
        fn = _class_builder(tp)
    elif tp in (str, int, bool):
        fn = _identity
    else:  # pragma: no cover - a new field type needs a line here
        msg = f"no trusted builder for {tp!r}"
        raise TypeError(msg)
    _BUILDERS[tp] = fn
    return fn


def _optional(inner: _Fn) -> _Fn:
    def build(value: Any) -> Any:
        return None if value is None else inner(value)

    return build


def _collection(kind: type[Any], inner: _Fn) -> _Fn:
    if inner is _identity:
        return kind
    return lambda values: kind(map(inner, values))


def _class_builder(cls: type[Any]) -> _Fn:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, _Fn, Any]] = []

    def build(data: dict[str, Any]) -> Any:
        obj = new(cls)
        for name, fn, default in plan:
            value = data.get(name, _MISSING)
            set_(obj, name, default if value is _MISSING else fn(value))
        return obj

    new = object.__new__
    set_ = object.__setattr__
    _BUILDERS[cls] = build  # before the fields, in case a field refers back
    for a in attrs.fields(cls):
        default = None if a.default is attrs.NOTHING else a.default
        plan.append((a.name, _builder(hints[a.name]), default))
    return build


def _dumper(tp: Any) -> _Fn:
    """The function that turns a value of type *tp* into JSON-ready data."""
    fn = _DUMPERS.get(tp)
    if fn is not None:
        return fn
    origin = typing.get_origin(tp)
    if _is_union(tp):
        members = [a for a in _args(tp) if a is not type(None)]
        if set(members) == {int, Decimal}:
            fn = _number_out
        else:
            inner = _dumper(members[0])
            fn = inner if inner is _identity else _optional(inner)
    elif origin is tuple:
        inner = _dumper(_args(tp)[0])
        fn = list if inner is _identity else (lambda values: [inner(v) for v in values])
    elif origin is frozenset:
        inner = _dumper(_args(tp)[0])
        fn = lambda values: sorted(inner(v) for v in values)  # noqa: E731
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        fn = _enum_out
    elif isinstance(tp, type) and attrs.has(tp):
        fn = _class_dumper(tp)
    elif tp in (str, int, bool):
        fn = _identity
    else:  # pragma: no cover - a new field type needs a line here
        msg = f"no dumper for {tp!r}"
        raise TypeError(msg)
    _DUMPERS[tp] = fn
    return fn


def _class_dumper(cls: type[Any]) -> _Fn:
    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, _Fn, Any]] = []

    def dump(obj: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, fn, default in plan:
            value = getattr(obj, name)
            if default is not _MISSING and value == default:
                continue  # defaults are left out, as the cattrs converter does
            out[name] = fn(value)
        return out

    _DUMPERS[cls] = dump
    # The cattrs converter writes the fields without a default first, then
    # the others, each group in declaration order: so does this.
    fields = attrs.fields(cls)
    required = [a for a in fields if a.default is attrs.NOTHING]
    for a in (*required, *(a for a in fields if a.default is not attrs.NOTHING)):
        default = _MISSING if a.default is attrs.NOTHING else a.default
        plan.append((a.name, _dumper(hints[a.name]), default))
    return dump


def unstructure(obj: Any) -> Any:
    """The canonical JSON-ready form of a record (see the module docstring)."""
    return _dumper(type(obj))(obj)


def structure_trusted(data: Any, cls: type[T]) -> T:
    """
    Build a *cls* record from its JSON-ready form **without validation**.

    Only for data proven valid (the packaged bundle, checked by its digest):
    anything else goes through :func:`kzreforms._convert.from_jsonable`.
    """
    built: T = _builder(cls)(data)
    return built


def warm() -> None:
    """Make the builders of the two top-level records (cheap, done once)."""
    _builder(Reform)
    _builder(Source)

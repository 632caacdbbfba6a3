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
import inspect
import json
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
    _seed()
    return _dumper(type(obj))(obj)


def structure_trusted(data: Any, cls: type[T]) -> T:
    """
    Build a *cls* record from its JSON-ready form **without validation**.

    Only for data proven valid (the packaged bundle, checked by its digest):
    anything else goes through :func:`kzreforms._convert.from_jsonable`.
    """
    _seed()
    built: T = _builder(cls)(data)
    return built


def warm() -> None:
    """Make the builders of the two top-level records (cheap, done once)."""
    _seed()
    _builder(Reform)
    _builder(Source)


# ---------------------------------------------------------------------------
# The generated builders and dumpers (kzreforms/_codec_gen.py)
# ---------------------------------------------------------------------------
#
# PERF (benchmarks/): the functions above are made from each class's type
# hints on first use: ``typing.get_type_hints`` compiles and evaluates every
# string annotation (about 100 ``compile`` and 150 ``eval`` calls), and the
# builders then fill each object slot by slot through a Python loop and a call
# per field.  ``python tools/data.py codec`` writes the same functions once, as
# source (one straight-line function per class, C-level slot setters), to
# ``_codec_gen.py``; a test and CI check that it is what this code writes now.
# At run time it is used only when every class it covers still has the fields
# (names, annotations, defaults) it was generated from: otherwise the
# functions above are made as before.

GENERATED = "_codec_gen.py"
"""The generated module's file name, in the package."""

_SEEDED: list[bool] = []


def fingerprint(cls: type[Any]) -> tuple[tuple[str, str, str | None], ...]:
    """
    What the generated code of *cls* depends on: each field's name, annotation
    (as written: the class's ``__annotations__``, which ``attrs.resolve_types``
    and cattrs leave alone, unlike the fields' ``type``) and default.
    """
    written: dict[str, Any] = {}
    for k in reversed(cls.__mro__):
        written.update(inspect.get_annotations(k))
    out = []
    for a in attrs.fields(cls):
        tp = written.get(a.name, a.type)
        default = None if a.default is attrs.NOTHING else repr(a.default)
        out.append((a.name, tp if isinstance(tp, str) else repr(tp), default))
    return tuple(out)


def _seed() -> None:
    """Take the generated builders and dumpers, if they are current (once)."""
    if _SEEDED:
        return
    from . import _codec_gen as gen  # noqa: PLC0415

    if all(fingerprint(cls) == fields for cls, fields in gen.FIELDS.items()):
        _BUILDERS.update(gen.BUILDERS)
        _DUMPERS.update(gen.DUMPERS)
    _SEEDED.append(True)


_GENERATED_NOQA = "C901, E501, I001, PLR0912, PLR2004"
"""Rules generated code breaks by design (long lines and imports, many fields in one function)."""


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


class _Writer:
    """Writes :data:`GENERATED` from the records' attrs fields and type hints."""

    def __init__(self) -> None:
        self.classes: dict[type[Any], str] = {}  # attrs class -> snake name
        self.enums: dict[type[Any], str] = {}
        self.builders: list[str] = []
        self.dumpers: list[str] = []
        self.setters: list[str] = []
        self.defaults: dict[str, str] = {}

    def name(self, tp: type[Any]) -> str:
        return tp.__name__

    def enum(self, tp: type[Any]) -> str:
        const = f"_E_{_snake(tp.__name__).upper()}"
        self.enums[tp] = const
        return const

    def build(self, tp: Any, v: str) -> str:
        """An expression that turns the JSON-ready value *v* of type *tp* into its value."""
        if tp in (str, int, bool):
            return v
        if tp is PartialDate:
            return f"_date({v})"
        if tp is ArticleRef:
            return f"_ref({v})"
        if tp is dt.date:
            return f"_day({v})"
        origin = typing.get_origin(tp)
        if _is_union(tp):
            members = [a for a in _args(tp) if a is not type(None)]
            if set(members) == {int, Decimal}:
                return f"_number_in({v})"
            inner = self.build(members[0], "x")
            return v if inner == "x" else f"(None if (x := {v}) is None else {inner})"
        if origin in (tuple, frozenset):
            item = _args(tp)[0]
            kind = origin.__name__
            fn = self.function(item)
            return f"{kind}({v})" if fn is None else f"{kind}(map({fn}, {v}))"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{self.enum(tp)}[{v}]"
        fn = self.function(tp)
        if fn is None:  # pragma: no cover - a new field type needs a line here
            msg = f"no generated builder for {tp!r}"
            raise TypeError(msg)
        return f"{fn}({v})"

    def function(self, tp: Any) -> str | None:
        """A callable's name that builds *tp* (``None``: the value as it is)."""
        if tp in (str, int, bool):
            return None
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{self.enum(tp)}.__getitem__"
        if isinstance(tp, type) and attrs.has(tp) and tp not in (PartialDate, ArticleRef):
            self.cls(tp)
            return f"_build_{self.classes[tp]}"
        expr = self.build(tp, "x")
        return {"_date(x)": "_date", "_ref(x)": "_ref", "_day(x)": "_day"}.get(expr)

    def dump(self, tp: Any, v: str) -> str:  # noqa: C901 - one form per kind of type
        """An expression that turns the value *v* of type *tp* into JSON-ready data."""
        if tp in (str, int, bool):
            return v
        if tp in (PartialDate, ArticleRef):
            return f"str({v})"
        if tp is dt.date:
            return f"{v}.isoformat()"
        origin = typing.get_origin(tp)
        if _is_union(tp):
            members = [a for a in _args(tp) if a is not type(None)]
            if set(members) == {int, Decimal}:
                return f"_number_out({v})"
            inner = self.dump(members[0], "x")
            return v if inner == "x" else f"(None if (x := {v}) is None else {inner})"
        if origin is tuple:
            inner = self.dump(_args(tp)[0], "x")
            if inner == "x":
                return f"list({v})"
            if inner.endswith("(x)") and inner.startswith("_dump_"):
                return f"list(map({inner[:-3]}, {v}))"
            return f"[{inner} for x in {v}]"
        if origin is frozenset:
            return f"sorted({self.dump(_args(tp)[0], 'x')} for x in {v})"
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return f"{v}.value"
        if isinstance(tp, type) and attrs.has(tp):
            self.cls(tp)
            return f"_dump_{self.classes[tp]}({v})"
        msg = f"no generated dumper for {tp!r}"  # pragma: no cover
        raise TypeError(msg)  # pragma: no cover

    def cls(self, cls: type[Any]) -> None:
        if cls in self.classes:
            return
        snake = self.classes[cls] = _snake(cls.__name__)
        hints = typing.get_type_hints(cls)
        fields = attrs.fields(cls)
        build = [
            f"def _build_{snake}(d: dict[str, Any]) -> {cls.__name__}:",
            f"    o = _new({cls.__name__})",
        ]
        for a in fields:
            setter = f"_S_{snake.upper()}__{a.name.upper()}"
            self.setters.append(f'{setter} = {cls.__name__}.__dict__["{a.name}"].__set__')
            if a.default is attrs.NOTHING:
                value = self.build(hints[a.name], f'd["{a.name}"]')
            else:
                default = self.default(snake, a)
                value = self.build(hints[a.name], "v")
                if value == "v":
                    value = f'd.get("{a.name}", {default})'
                elif a.default is None:
                    value = self.build(hints[a.name], f'd.get("{a.name}")')
                else:
                    value = (
                        f'{default} if (v := d.get("{a.name}", _MISSING)) is _MISSING else {value}'
                    )
            build.append(f"    {setter}(o, {value})")
        build.append("    return o")
        self.builders.append("\n".join(build))
        # The cattrs converter writes the fields without a default first, then
        # the others, each group in declaration order (as _class_dumper).
        required = [a for a in fields if a.default is attrs.NOTHING]
        dump = [f"def _dump_{snake}(o: {cls.__name__}) -> dict[str, Any]:"]
        if len(required) < len(fields):
            dump.append("    v: Any")
        items = ", ".join(
            f'"{a.name}": {self.dump(hints[a.name], f"o.{a.name}")}' for a in required
        )
        dump.append(f"    out: dict[str, Any] = {{{items}}}")
        for a in fields:
            if a.default is not attrs.NOTHING:
                default = self.default(snake, a)
                dump.append(f"    if (v := o.{a.name}) != {default}:")
                tp = hints[a.name]
                if a.default is None and _is_union(tp):  # None is the default: left out
                    tp = typing.Union[tuple(x for x in _args(tp) if x is not type(None))]  # noqa: UP007
                dump.append(f'        out["{a.name}"] = {self.dump(tp, "v")}')
        dump.append("    return out")
        self.dumpers.append("\n".join(dump))

    def default(self, snake: str, a: attrs.Attribute[Any]) -> str:
        const = f"_D_{snake.upper()}__{a.name.upper()}"
        self.defaults[const] = repr(a.default)
        return const

    def module(self) -> str:
        top = sorted(self.classes, key=lambda c: self.classes[c])
        imports: dict[str, set[str]] = {}
        for tp in (*self.classes, *self.enums, PartialDate, ArticleRef):
            imports.setdefault(tp.__module__, set()).add(tp.__name__)
        lines = [
            "# SPDX-License-Identifier: MIT",
            "# Generated by `python tools/data.py codec` from the records' attrs fields and",
            "# type hints (kzreforms._codec): do not edit.  tests/test_codec_gen.py and CI",
            "# check that it is current.",
            f"# ruff: noqa: {_GENERATED_NOQA}",
            "# fmt: off",
            '"""',
            "The trusted builders and JSON dumpers of :mod:`kzreforms._codec`, written out.",
            "",
            "Used only while :data:`FIELDS` matches the classes (see ``_codec._seed``).",
            '"""',
            "",
            "from __future__ import annotations",
            "",
            "import datetime as dt",
            "from decimal import Decimal",
            "from typing import Any",
            "",
        ]
        for mod in sorted(imports):
            names = ", ".join(sorted(imports[mod]))
            lines.append(f"from {mod.replace('kzreforms.', '.')} import {names}")
        lines += [
            "",
            "_new = object.__new__",
            "_MISSING = object()",
            "_ref = ArticleRef.parse_canonical",
            "_day = dt.date.fromisoformat",
            "",
            "",
            "def _date(text: str) -> PartialDate:",
            '    parts = text.split("-")',
            "    new = _new(PartialDate)",
            "    _S_DATE_YEAR(new, int(parts[0]))",
            "    _S_DATE_MONTH(new, int(parts[1]) if len(parts) > 1 else None)",
            "    _S_DATE_DAY(new, int(parts[2]) if len(parts) > 2 else None)",
            "    return new",
            "",
            "",
            "def _number_in(value: int | str) -> int | Decimal:",
            "    return Decimal(value) if isinstance(value, str) else value",
            "",
            "",
            "def _number_out(value: int | Decimal) -> int | str:",
            "    return str(value) if isinstance(value, Decimal) else value",
            "",
            "",
            '_S_DATE_YEAR = PartialDate.__dict__["year"].__set__',
            '_S_DATE_MONTH = PartialDate.__dict__["month"].__set__',
            '_S_DATE_DAY = PartialDate.__dict__["day"].__set__',
        ]
        lines += [
            f"{c} = {t.__name__}._value2member_map_"
            for t, c in sorted(self.enums.items(), key=lambda kv: kv[1])
        ]
        lines += [f"{k} = {v}" for k, v in sorted(self.defaults.items())]
        lines += sorted(self.setters)
        for fn in (*self.builders, *self.dumpers):
            lines += ["", "", fn]
        lines += ["", ""]
        lines.append("FIELDS: dict[type[Any], tuple[tuple[str, str, str | None], ...]] = {")
        lines += [f"    {c.__name__}: {_literal(fingerprint(c))}," for c in top]
        lines.append("}")
        lines.append('"""What each class had when this was written: see ``_codec.fingerprint``."""')
        lines.append("BUILDERS: dict[type[Any], Any] = {")
        lines += [f"    {c.__name__}: _build_{self.classes[c]}," for c in top]
        lines.append("}")
        lines.append("DUMPERS: dict[type[Any], Any] = {")
        lines += [f"    {c.__name__}: _dump_{self.classes[c]}," for c in top]
        lines.append("}")
        return "\n".join(lines) + "\n"


def _literal(value: Any) -> str:
    """*value* (tuples of str and None) as Python source with double-quoted strings."""
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def generated_source() -> str:
    """The text of :data:`GENERATED` for the records as they are now (``tools/data.py codec``)."""
    w = _Writer()
    w.cls(Reform)
    w.cls(Source)
    return w.module()

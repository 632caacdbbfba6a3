# SPDX-License-Identifier: MIT
"""
The JSON Schema of the data format, generated from the attrs model and
shipped as ``data/schema/reform.schema.json``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import sys
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from ._articles import ArticleRef, Code
from ._dates import PartialDate
from ._files import write_text
from ._model import (
    ADILET,
    MAX_PATH,
    PATH_PATTERN,
    Citation,
    CitationRef,
    Discrepancy,
    Figure,
    LegalAct,
    Measure,
    Milestone,
    OfficialTitle,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    Source,
    StatusLink,
    Term,
)

__all__ = ["build_json_schema", "json_schema", "schema_text", "write_schema"]

# ---------------------------------------------------------------------------
# JSON Schema of the data format
# ---------------------------------------------------------------------------

SCHEMA_ID = (
    "https://github.com/kzreforms/kzreforms/blob/main/src/kzreforms/data/schema/reform.schema.json"
)
_SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TEXT_PATTERN = "^\\S(?:[\\s\\S]*\\S)?$"
_DATE_PATTERN = "^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"
_DECIMAL_PATTERN = "^-?[0-9]+(?:\\.[0-9]+)?$"
_SCHEMA_TYPES: tuple[type[Any], ...] = (
    Reform,
    Milestone,
    Citation,
    CitationRef,
    Measure,
    LegalAct,
    PenaltyChange,
    Penalty,
    Term,
    Quantity,
    Figure,
    Discrepancy,
    Source,
    StatusLink,
    OfficialTitle,
)
# Lists the validators require to be non-empty.
_NONEMPTY = {("Reform", "topics"), ("Reform", "milestones"), ("Reform", "citations")}
# Fields whose values (or items) are slugs: ids and source ids.
_SLUG_FIELDS = {"id", "source", "sources", "related", "reform"}
_DAY_PATTERN = "^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$"


def _doc(cls: type[Any]) -> str:
    text = (cls.__doc__ or "").strip()
    para = text.split("\n\n", 1)[0]
    return " ".join(para.split())


_SCALARS: Mapping[Any, Mapping[str, Any]] = {
    str: {"type": "string", "minLength": 1, "pattern": _TEXT_PATTERN},
    bool: {"type": "boolean"},
    int: {"type": "integer", "minimum": 0},
    PartialDate: {"$ref": "#/$defs/PartialDate"},
    dt.date: {"type": "string", "format": "date", "pattern": _DAY_PATTERN},
    ArticleRef: {"$ref": "#/$defs/ArticleRef"},
}
_NUM = r"[1-9][0-9]*(?:-[1-9][0-9]*)?"
_ARTICLE_PATTERN = rf"^(?:{'|'.join(str(c) for c in Code)}) {_NUM}(?:\({_NUM}\)(?:\({_NUM}\))?)?$"


def _union_schema(args: tuple[Any, ...], owner: str, field: str) -> dict[str, Any]:
    members = [a for a in args if a is not type(None)]
    if set(members) == {int, Decimal}:
        inner: dict[str, Any] = {
            "anyOf": [{"type": "integer"}, {"type": "string", "pattern": _DECIMAL_PATTERN}]
        }
    else:
        inner = _type_schema(members[0], owner, field)
    if type(None) in args:
        return {"anyOf": [inner, {"type": "null"}]}
    return inner


def _type_schema(tp: Any, owner: str, field: str) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_schema(args, owner, field)
    if origin in (tuple, frozenset):
        items = _type_schema(args[0], owner, field)
        out: dict[str, Any] = {"type": "array", "items": items}
        if origin is frozenset:
            out["uniqueItems"] = True
        if (owner, field) in _NONEMPTY:
            out["minItems"] = 1
        return out
    if tp is str and field in _SLUG_FIELDS:
        return {"type": "string", "pattern": _SLUG_PATTERN}
    if tp is str and field == "adilet":
        return {"type": "string", "pattern": f"^{ADILET.pattern}$"}
    if tp is str and (owner, field) == ("Discrepancy", "path"):
        return {"type": "string", "pattern": PATH_PATTERN, "maxLength": MAX_PATH}
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    if (isinstance(tp, type) and issubclass(tp, enum.Enum)) or attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r} ({owner}.{field})")  # pragma: no cover


def _class_schema(cls: type[Any], enums: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for a in attrs.fields(cls):
        tp = hints[a.name]
        for t in (tp, *typing.get_args(tp)):
            for u in (t, *typing.get_args(t)):
                if isinstance(u, type) and issubclass(u, enum.Enum):
                    enums[u.__name__] = u
        props[a.name] = _type_schema(tp, cls.__name__, a.name)
        if a.default is attrs.NOTHING:
            required.append(a.name)
    return {
        "type": "object",
        "description": _doc(cls),
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def build_json_schema() -> dict[str, Any]:
    """
    Generate the JSON Schema (draft 2020-12) of one reform record in the data
    format from the attrs model.  The result is what
    ``data/schema/reform.schema.json`` holds.

    The schema checks shapes, names, patterns and required fields; the
    cross-field rules (chronological milestones, gravity matching the term,
    cited sources...) are checked by :func:`kzreforms.load`.
    """
    enums: dict[str, Any] = {}
    defs: dict[str, Any] = {cls.__name__: _class_schema(cls, enums) for cls in _SCHEMA_TYPES}
    defs["ArticleRef"] = {
        "type": "string",
        "description": (
            "A code provision in canonical form: code, article, then part and item in "
            "brackets: 'CC 128', 'CC 128(1)', 'CC 125(3)(2-1)'."
        ),
        "pattern": _ARTICLE_PATTERN,
    }
    defs["PartialDate"] = {
        "type": "string",
        "description": "An ISO partial date: '2024', '2023-07' or '2019-12-30'.",
        "pattern": _DATE_PATTERN,
    }
    for name in sorted(enums):
        e = enums[name]
        defs[name] = {
            "type": "string",
            "description": _doc(e),
            "enum": [str(m.value) for m in e],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "kzreforms reform record",
        "description": (
            "One reform in the kzreforms data format (a file under data/reforms/). "
            "Source records (data/sources/) are described by $defs/Source."
        ),
        "$ref": "#/$defs/Reform",
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The canonical text of the schema file (two-space indent, final newline)."""
    return json.dumps(build_json_schema(), ensure_ascii=False, indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    """
    The JSON Schema of a reform record, as shipped in
    ``kzreforms/data/schema/reform.schema.json``.

    >>> from kzreforms._schema import json_schema
    >>> json_schema()["$ref"]
    '#/$defs/Reform'
    """
    path = resources.files("kzreforms").joinpath("data/schema/reform.schema.json")
    out: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return out


def write_schema(path: str | os.PathLike[str] | None = None) -> Path:
    """Regenerate the shipped schema file (or write it to *path*)."""
    if path is None:
        path = Path(str(resources.files("kzreforms").joinpath("data/schema"))) / (
            "reform.schema.json"
        )
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    return write_text(path, schema_text())


def _main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - maintenance helper
    """``python -m kzreforms._schema``: regenerate the shipped schema file."""
    args = list(sys.argv[1:] if argv is None else argv)
    target = write_schema(args[0] if args else None)
    sys.stdout.write(f"wrote {target}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(_main())

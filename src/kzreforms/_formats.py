# SPDX-License-Identifier: MIT
"""
Output formats: JSON and JSON Lines in the data format; the flat tables of
:mod:`kzreforms._tables` as CSV, TSV, markdown, JSON rows, pandas and Arrow /
Parquet; and atomic writing to files.

pandas and pyarrow are optional extras, imported only when asked for.
Writing to a path is atomic (:mod:`kzreforms._files`): the data goes to a
temporary file in the same directory, which then replaces the target, so a
failure never leaves a partial file behind.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ._errors import MissingExtraError
from ._files import _emit, atomic_write, write_text
from ._model import Reform, Source
from ._tables import (
    Column,
    Table,
    TableSpec,
    as_reform_set,
    cell,
    items,
    spec,
    spec_rows,
    to_records,
)

if TYPE_CHECKING:
    from ._collection import ReformSet
    from ._penalties import PenaltyView

__all__ = [
    "FORMULA_STARTS",
    "atomic_write",
    "csv_text",
    "escape_formula",
    "markdown_text",
    "table_cells",
    "to_arrow",
    "to_csv",
    "to_json",
    "to_json_rows",
    "to_jsonl",
    "to_jsonl_rows",
    "to_markdown",
    "to_pandas",
    "to_tsv",
    "tsv_text",
    "write_parquet",
    "write_text",
]

# ---------------------------------------------------------------------------
# Text formats
# ---------------------------------------------------------------------------


def to_json(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    sources: Iterable[Source] = (),
) -> str:
    """
    The reforms as a JSON list in the data format (readable back by
    :func:`kzreforms.load` and ``kzreforms validate``).  With *sources*,
    an object ``{"reforms": [...], "sources": [...]}`` instead, for data
    that cites sources outside the packaged registry.

    Written to *path* (atomically) or to an open text stream when given;
    the text is returned either way.
    """
    from ._convert import dumps, to_jsonable  # noqa: PLC0415

    srcs = sorted(sources, key=lambda s: s.id)
    if not srcs:
        return _emit(dumps(list(as_reform_set(data))), path)
    doc = {"reforms": to_records(data), "sources": to_jsonable(srcs)}
    return _emit(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", path)


def to_jsonl(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
) -> str:
    """The reforms in the data format, one compact JSON object per line."""
    lines = [
        json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
        for rec in to_records(data)
    ]
    return _emit("".join(lines), path)


# ---------------------------------------------------------------------------
# Flat tables as text: one cell renderer, one CSV writer
# ---------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts a spreadsheet may read as a formula (OWASP, CSV injection)."""


def escape_formula(text: str) -> str:
    """
    *text* with a single quote in front when it starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return, so that a spreadsheet shows it
    as text instead of running it as a formula (OWASP's advice).
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _select(sp: TableSpec, names: Iterable[str] | None) -> tuple[Column, ...]:
    if names is None:
        return sp.columns
    return tuple(sp.column(n) for n in names)


def table_cells(
    data: object,
    table: Table = "reforms",
    *,
    columns: Iterable[str] | None = None,
    limit: int | None = None,
) -> tuple[list[str], list[list[str]]]:
    """
    The header and the text cells of *table* (every column, or *columns*):
    ``""`` for missing values, ``true`` / ``false``, lists joined with their
    separator.  The one place text cells are made from the column specs.
    """
    sp = spec(table)
    cols = _select(sp, columns)
    things = items(data, table)[:limit]
    return [c.name for c in cols], [[cell(c, c.get(x)) for c in cols] for x in things]


def _escaped(cells: Iterable[Iterable[str]], escape: bool) -> Iterable[list[str]]:
    if not escape:
        return (list(r) for r in cells)
    return ([escape_formula(c) for c in r] for r in cells)


def csv_text(
    header: Iterable[str], cells: Iterable[Iterable[str]], *, escape_formulas: bool = True
) -> str:
    """
    CSV per RFC 4180: a header row, CRLF line ends, cells quoted where
    needed.  Cells that a spreadsheet would run as a formula are prefixed with
    ``'`` unless *escape_formulas* is false (the header never needs it).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(list(header))
    w.writerows(_escaped(cells, escape_formulas))
    return buf.getvalue()


def tsv_text(
    header: Iterable[str], cells: Iterable[Iterable[str]], *, escape_formulas: bool = True
) -> str:
    """
    Tab-separated values: a header line, then one line per row (LF line ends);
    tabs and line breaks in a cell become single spaces.  Formula-like cells
    are prefixed with ``'`` unless *escape_formulas* is false.
    """

    def flat(c: str) -> str:
        return " ".join(c.split())

    lines = ["\t".join(header)]
    lines.extend(
        "\t".join(r) for r in _escaped(([flat(c) for c in r] for r in cells), escape_formulas)
    )
    return "\n".join(lines) + "\n"


def markdown_text(header: Iterable[str], cells: Iterable[Iterable[str]]) -> str:
    """A pipe table; pipes and backslashes in cells are escaped, line breaks become spaces."""

    def esc(s: str) -> str:
        return " ".join(s.replace("\\", "\\\\").replace("|", "\\|").split())

    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines.extend("| " + " | ".join(esc(c) for c in r) + " |" for r in cells)
    return "\n".join(lines) + "\n"


def to_csv(
    data: object,
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
    escape_formulas: bool = True,
) -> str:
    """
    The flat *table* as CSV (RFC 4180: CRLF line ends, a header row).

    Empty cells are missing values; booleans are ``true`` / ``false``; list
    cells are joined with ``;`` (ids) or `` | `` (free text).  A cell that
    starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    ``'`` in front so that spreadsheets do not run it as a formula; pass
    ``escape_formulas=False`` for the cells exactly as they are.
    """
    header, cells = table_cells(data, table)
    return _emit(csv_text(header, cells, escape_formulas=escape_formulas), path)


def to_tsv(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
    escape_formulas: bool = True,
) -> str:
    """The flat *table* as tab-separated values (see :func:`tsv_text`)."""
    header, cells = table_cells(data, table)
    return _emit(tsv_text(header, cells, escape_formulas=escape_formulas), path)


def to_markdown(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
) -> str:
    """The flat *table* as a markdown pipe table."""
    header, cells = table_cells(data, table)
    return _emit(markdown_text(header, cells), path)


def to_json_rows(
    data: object,
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
    limit: int | None = None,
) -> str:
    """
    The flat rows of *table* as one JSON list of objects (the keys of the
    table's columns in order; ISO dates beside their precision, category
    slugs, lists as lists, ``null`` for missing).
    """
    recs = spec_rows(spec(table), items(data, table)[:limit])
    return _emit(json.dumps(recs, ensure_ascii=False, indent=2) + "\n", path)


def to_jsonl_rows(
    data: object,
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
    limit: int | None = None,
) -> str:
    """The flat rows of *table* as JSON Lines: one compact object per row."""
    recs = spec_rows(spec(table), items(data, table)[:limit])
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in recs]
    return _emit("".join(lines), path)


# ---------------------------------------------------------------------------
# Data frames: the optional pandas and pyarrow extras
# ---------------------------------------------------------------------------


def _need(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as e:
        msg = f'this needs {module.split(".", maxsplit=1)[0]}: pip install "kzreforms[{extra}]"'
        raise MissingExtraError(msg, name=module, extra=extra) from e


_DATE_UNIT = "ms"
"""Date columns hold the earliest day at millisecond resolution (years 1 to 9999 fit)."""


def _flat(col: Column, value: Any) -> Any:
    """A list value joined into one text cell (frames hold scalars); others as they are."""
    if col.type == "list" and value is not None:
        return col.sep.join(value)
    return value


def _pandas_column(pd: Any, np: Any, col: Column, values: list[Any]) -> Any:
    if col.type == "date":
        nat = np.datetime64("NaT", _DATE_UNIT)
        days = [nat if v is None else np.datetime64(v.earliest, _DATE_UNIT) for v in values]
        return np.array(days, dtype=f"datetime64[{_DATE_UNIT}]")
    if col.type == "category":
        slugs = [None if v is None else v.value for v in values]
        return pd.Categorical(slugs, categories=list(col.levels), ordered=col.ordered)
    if col.type == "int":
        return pd.array(values, dtype="Int64")
    if col.type == "bool":
        return pd.array(values, dtype="boolean")
    return pd.array([_flat(col, v) for v in values], dtype="string")


def to_pandas(data: object, table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pandas.DataFrame` with proper dtypes.

    The columns are typed from the table's spec:

    - each date column holds the earliest day the partial date can mean
      (``datetime64[ms]``), beside an ordered categorical
      ``<column>_precision`` (``year`` < ``month`` < ``day``);
    - categories (kind, liability, gravity, confidence, stage...) are
      categoricals with every level of their enum, ordered where the library
      orders them (so ``df.after_gravity >= "grave"`` works);
    - integers are nullable ``Int64``, flags nullable ``boolean``, text and
      lists (joined as in CSV) ``string``.

    Needs the ``pandas`` extra: ``pip install "kzreforms[pandas]"``.
    """
    pd = _need("pandas", "pandas")
    np = _need("numpy", "pandas")
    sp = spec(table)
    things = items(data, table)
    data_cols = {c.name: _pandas_column(pd, np, c, [c.get(x) for x in things]) for c in sp.columns}
    return pd.DataFrame(data_cols, columns=list(sp.names))


def _arrow_column(pa: Any, col: Column, values: list[Any]) -> tuple[Any, Any]:
    if col.type == "date":
        days = pa.array([None if v is None else v.earliest for v in values], type=pa.date32())
        tp = pa.timestamp(_DATE_UNIT)
        return days.cast(tp), tp
    if col.type == "category":
        tp = pa.dictionary(pa.int8(), pa.string(), ordered=col.ordered)
        index = {level: i for i, level in enumerate(col.levels)}
        codes = pa.array([None if v is None else index[v.value] for v in values], type=pa.int8())
        levels = pa.array(list(col.levels), type=pa.string())
        return pa.DictionaryArray.from_arrays(codes, levels, ordered=col.ordered), tp
    tp = {"int": pa.int64(), "bool": pa.bool_()}.get(col.type, pa.string())
    return pa.array([_flat(col, v) for v in values], type=tp), tp


def _pandas_metadata(sp: TableSpec) -> bytes:
    """
    The schema metadata pandas reads, so that ``pandas.read_parquet`` gives back
    the dtypes of :func:`to_pandas` (``Int64``, ``boolean``, ``string``).
    """
    kinds = {
        "date": ("datetime", f"datetime64[{_DATE_UNIT}]"),
        "category": ("categorical", "int8"),
        "int": ("int64", "Int64"),
        "bool": ("bool", "boolean"),
    }
    cols = []
    for c in sp.columns:
        pandas_type, numpy_type = kinds.get(c.type, ("unicode", "string"))
        meta = (
            {"num_categories": len(c.levels), "ordered": c.ordered}
            if c.type == "category"
            else None
        )
        cols.append(
            {
                "name": c.name,
                "field_name": c.name,
                "pandas_type": pandas_type,
                "numpy_type": numpy_type,
                "metadata": meta,
            }
        )
    doc = {
        "index_columns": [],
        "column_indexes": [],
        "columns": cols,
        "attributes": {},
        "creator": {"library": "kzreforms", "version": "1"},
        "pandas_version": "2.0.0",
    }
    return json.dumps(doc).encode()


def to_arrow(data: object, table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pyarrow.Table`: dates as ``timestamp[ms]``
    (the earliest day) beside a ``<column>_precision`` category; categories
    dictionary-encoded with every level of their enum, with the ``ordered``
    flag where the library orders them; integers ``int64``; flags ``bool``;
    text and lists (joined as in CSV) ``string``.  The schema carries pandas
    metadata, so ``pandas.read_parquet`` gives the dtypes of :func:`to_pandas`,
    and the packaged data's version (``kzreforms.data_version``:
    :data:`kzreforms.DATA_VERSION`, also for your own records: it names the
    kzreforms data installed when the table was made).

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    pa = _need("pyarrow", "pyarrow")
    sp = spec(table)
    things = items(data, table)
    arrays = []
    fields = []
    for c in sp.columns:
        arr, tp = _arrow_column(pa, c, [c.get(x) for x in things])
        arrays.append(arr)
        fields.append(pa.field(c.name, tp))
    from . import DATA_VERSION  # noqa: PLC0415

    meta = {
        b"kzreforms.table": sp.name.encode(),
        b"kzreforms.data_version": DATA_VERSION.encode(),
        b"kzreforms.docs": b"https://github.com/kzreforms/kzreforms/tree/main/docs/exports.md",
        b"pandas": _pandas_metadata(sp),
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))


def write_parquet(
    data: object,
    path: str | os.PathLike[str],
    *,
    table: Table = "reforms",
) -> Path:
    """
    Write the flat *table* to a Parquet file at *path* (atomically), with the
    types of :func:`to_arrow`.

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    tbl = to_arrow(data, table)
    pq = _need("pyarrow.parquet", "pyarrow")
    return atomic_write(path, lambda tmp: pq.write_table(tbl, str(tmp)))

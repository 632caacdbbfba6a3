# SPDX-License-Identifier: MIT
"""
Output formats: JSON, JSON Lines, CSV, pandas, Arrow / Parquet.

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

from ._dates import PartialDate
from ._files import _emit, atomic_write, write_text
from ._model import Reform, Source
from ._tables import (
    _BOOL_COLUMNS,
    _CATEGORY_COLUMNS,
    _INT_COLUMNS,
    DATE_COLUMNS,
    Table,
    as_reform_set,
    check_table,
    columns,
    rows,
    to_records,
)

if TYPE_CHECKING:
    from ._collection import ReformSet
    from ._penalties import PenaltyView

__all__ = [
    "atomic_write",
    "to_arrow",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_pandas",
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


def _csv_value(v: object) -> object:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return v


def to_csv(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str] | IO[str] | None = None,
    *,
    table: Table = "reforms",
) -> str:
    """
    The flat *table* as CSV (RFC 4180: CRLF line ends, a header row).

    Empty cells are missing values; booleans are ``true`` / ``false``; list
    cells are joined with ``;`` (ids) or `` | `` (free text).
    """
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(columns(table)))
    w.writeheader()
    for row in rows(data, table):
        w.writerow({k: _csv_value(v) for k, v in row.items()})
    return _emit(buf.getvalue(), path)


# ---------------------------------------------------------------------------
# Data frames: the optional pandas and pyarrow extras
# ---------------------------------------------------------------------------


def _need(module: str, extra: str) -> Any:
    import importlib  # noqa: PLC0415

    try:
        return importlib.import_module(module)
    except ImportError as e:
        msg = f'this needs {module.split(".", maxsplit=1)[0]}: pip install "kzreforms[{extra}]"'
        raise ImportError(msg, name=module) from e


def to_pandas(data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pandas.DataFrame` with proper dtypes.

    The columns are typed so:

    - each date column holds the earliest day the partial date can mean
      (``datetime64``), beside a categorical ``<column>_precision``
      (``year`` / ``month`` / ``day``);
    - enums (kind, liability, gravity, confidence) are categoricals, ordered
      where the library orders them;
    - counts and term bounds are nullable ``Int64``, flags nullable
      ``boolean``, text ``string``.

    Needs the ``pandas`` extra: ``pip install "kzreforms[pandas]"``.
    """
    pd = _need("pandas", "pandas")
    table = check_table(table)
    recs = _with_days(rows(data, table), table)
    frame = pd.DataFrame.from_records(recs, columns=list(columns(table)))
    return _pandas_types(pd, frame, table)


def _with_days(recs: list[dict[str, Any]], table: Table) -> list[dict[str, Any]]:
    """Replace ISO partial dates by their earliest day (a datetime.date)."""
    for rec in recs:
        for col in DATE_COLUMNS[table]:
            v = rec[col]
            rec[col] = None if v is None else PartialDate.parse(v).earliest
    return recs


def _categories(column: str) -> tuple[list[str], bool]:
    from ._model import Confidence, Gravity, Liability, ReformKind  # noqa: PLC0415

    if column.endswith("liability"):
        return [m.value for m in Liability], True
    if column.endswith("gravity"):
        return [m.value for m in Gravity], True
    if column.endswith("confidence"):
        return [m.value for m in Confidence], True
    if column.endswith("kind"):
        return [m.value for m in ReformKind], False
    return ["year", "month", "day"], True  # *_precision


def _pandas_types(pd: Any, frame: Any, table: Table) -> Any:
    for col in DATE_COLUMNS[table]:
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        cats, ordered = _categories(f"{col}_precision")
        frame[f"{col}_precision"] = pd.Categorical(
            frame[f"{col}_precision"], categories=cats, ordered=ordered
        )
    for col in _CATEGORY_COLUMNS[table]:
        cats, ordered = _categories(col)
        frame[col] = pd.Categorical(frame[col], categories=cats, ordered=ordered)
    for col in _INT_COLUMNS[table]:
        frame[col] = frame[col].astype("Int64")
    for col in _BOOL_COLUMNS[table]:
        frame[col] = frame[col].astype("boolean")
    typed = {
        *DATE_COLUMNS[table],
        *(f"{c}_precision" for c in DATE_COLUMNS[table]),
        *_CATEGORY_COLUMNS[table],
        *_INT_COLUMNS[table],
        *_BOOL_COLUMNS[table],
    }
    for col in frame.columns:
        if col not in typed:
            frame[col] = frame[col].astype("string")
    return frame


def _arrow_type(pa: Any, table: Table, col: str) -> Any:
    if col in DATE_COLUMNS[table]:
        return pa.date32()
    if col in _INT_COLUMNS[table]:
        return pa.int64()
    if col in _BOOL_COLUMNS[table]:
        return pa.bool_()
    if col in _CATEGORY_COLUMNS[table] or col.endswith("_precision"):
        return pa.dictionary(pa.int8(), pa.string())
    return pa.string()


def to_arrow(data: ReformSet | PenaltyView | Iterable[Reform], table: Table = "reforms") -> Any:
    """
    The flat *table* as a :class:`pyarrow.Table`: date columns as ``date32``
    (earliest day) with a dictionary-encoded ``<column>_precision``; enums
    dictionary-encoded; counts ``int64``; flags ``bool``; text ``string``.

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    pa = _need("pyarrow", "pyarrow")
    table = check_table(table)
    recs = _with_days(rows(data, table), table)
    arrays = []
    fields = []
    for col in columns(table):
        values = [rec[col] for rec in recs]
        tp = _arrow_type(pa, table, col)
        if pa.types.is_dictionary(tp):
            arr = pa.array(values, type=pa.string()).dictionary_encode()
            arr = arr.cast(tp)
        else:
            arr = pa.array(values, type=tp)
        arrays.append(arr)
        fields.append(pa.field(col, tp))
    meta = {
        b"kzreforms.table": table.encode(),
        b"kzreforms.docs": b"https://github.com/kzreforms/kzreforms/tree/main/docs/exports.md",
    }
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=meta))


def write_parquet(
    data: ReformSet | PenaltyView | Iterable[Reform],
    path: str | os.PathLike[str],
    *,
    table: Table = "reforms",
) -> Path:
    """
    Write the flat *table* to a Parquet file at *path* (atomically).

    Needs the ``pyarrow`` extra: ``pip install "kzreforms[pyarrow]"``.
    """
    tbl = to_arrow(data, table)
    pq = _need("pyarrow.parquet", "pyarrow")
    return atomic_write(path, lambda tmp: pq.write_table(tbl, str(tmp)))

# SPDX-License-Identifier: MIT
"""
Publishing the data as linked tables: a SQLite database, a Frictionless
Data Package (CSV files and ``datapackage.json``) and Polars data frames.

The database and the package hold the tables of
:mod:`kzreforms._relational` (every fact in its own row, with primary and
foreign keys) and say which data and package version they hold.  Only the
standard library writes them (``sqlite3``, ``csv``, ``json``); polars is an
optional extra, imported only when asked for.  Both are written atomically
(:mod:`kzreforms._files`): a database to a temporary file renamed over the
target, a package to a temporary directory renamed into place.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import InvalidRecordError
from ._files import atomic_write, atomic_write_dir
from ._formats import _need, csv_text
from ._relational import RELATIONS, Relation
from ._tables import Column, Table, as_reform_set, cell, items, spec

if TYPE_CHECKING:
    import polars as pl

    from ._collection import ReformSet

__all__ = [
    "FORMAT_VERSION",
    "NoFullTextWarning",
    "data_version",
    "metadata",
    "to_polars",
    "write_datapackage",
    "write_sqlite",
]

FORMAT_VERSION = 1
"""The version of the database and package layout (bumped when a table or column changes)."""
APPLICATION_ID = 0x4B5A5246  # "KZRF": marks a kzreforms database (PRAGMA application_id)
LICENSE = {"name": "MIT", "path": "https://opensource.org/licenses/MIT", "title": "MIT License"}
HOMEPAGE = "https://github.com/kzreforms/kzreforms"
DOCS = "https://github.com/kzreforms/kzreforms/tree/main/docs/exports.md"
FULL_TEXT = ("title", "summary")
"""The columns of ``reforms`` the full-text index covers."""


class NoFullTextWarning(UserWarning):
    """
    The SQLite library has neither FTS5 nor FTS4: the database was written
    without its full-text index (``reforms_fts``).

    .. versionadded:: 0.2.0
    """


# ---------------------------------------------------------------------------
# Metadata
# ---------------------------------------------------------------------------


def data_version() -> str:
    """
    The version of the data written into every database and package
    (:data:`kzreforms.DATA_VERSION`, docs/releases.md).
    """
    from . import DATA_VERSION  # noqa: PLC0415 - the facade's constant, read at write time

    return DATA_VERSION


def metadata() -> dict[str, str]:
    """What a database's ``metadata`` table and a package's ``kzreforms`` field say."""
    from . import DATA_AS_OF  # noqa: PLC0415
    from ._cite import _package_version  # noqa: PLC0415

    return {
        "format": "kzreforms",
        "format_version": str(FORMAT_VERSION),
        "data_version": data_version(),
        "data_as_of": DATA_AS_OF.isoformat(),
        "package_version": _package_version(),
        "licence": LICENSE["name"],
        "homepage": HOMEPAGE,
        "documentation": DOCS,
    }


def _tables(data: object) -> list[tuple[Relation, list[Any]]]:
    """Every relation with its items (read in full before anything is written)."""
    rs = as_reform_set(data)
    return [(rel, rel.items(rs)) for rel in RELATIONS.values()]


# ---------------------------------------------------------------------------
# SQLite
# ---------------------------------------------------------------------------


def _q(name: str) -> str:
    """*name* as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _sql_type(rel: Relation, col: Column) -> str:
    if col.name in rel.numbers:
        return "NUMERIC"
    return {"int": "INTEGER", "bool": "INTEGER"}.get(col.type, "TEXT")


def _sql_check(col: Column) -> str:
    q = _q(col.name)
    if col.type == "bool":
        return f" CHECK ({q} IN (0, 1))"
    if col.type == "category":
        levels = ", ".join("'" + v.replace("'", "''") + "'" for v in col.levels)
        return f" CHECK ({q} IN ({levels}))"
    return ""


def _sql_value(col: Column, value: Any) -> Any:
    """A value as SQLite stores it: NULL, 0 / 1, integers, text (ISO dates, slugs, joined lists)."""
    if value is None:
        return None
    if col.type == "bool":
        return int(value)
    if col.type == "int":
        return value
    return cell(col, value)


def _ddl(rel: Relation) -> str:
    cols = [
        f"{_q(c.name)} {_sql_type(rel, c)}"
        + (" NOT NULL" if c.name in rel.primary_key else "")
        + _sql_check(c)
        for c in rel.spec.columns
    ]
    cols.append("PRIMARY KEY (" + ", ".join(map(_q, rel.primary_key)) + ")")
    cols.extend(
        f"FOREIGN KEY ({', '.join(map(_q, fk.columns))}) "
        f"REFERENCES {_q(fk.table)} ({', '.join(map(_q, fk.references))})"
        for fk in rel.foreign_keys
    )
    return f"CREATE TABLE {_q(rel.name)} (\n  " + ",\n  ".join(cols) + "\n)"


def _indexes(rel: Relation) -> list[str]:
    """An index on each foreign key that is not the start of the primary key."""
    out = []
    for fk in rel.foreign_keys:
        if rel.primary_key[: len(fk.columns)] == fk.columns:
            continue
        name = f"{rel.name}_{'_'.join(fk.columns)}"
        cols = ", ".join(map(_q, fk.columns))
        out.append(f"CREATE INDEX {_q(name)} ON {_q(rel.name)} ({cols})")
    return out


def fts_modules() -> tuple[str, ...]:
    """The full-text modules this Python's SQLite library has, best first (``fts5``, ``fts4``)."""
    found = []
    with contextlib.closing(sqlite3.connect(":memory:")) as con:
        for module in ("fts5", "fts4"):
            try:
                con.execute(f"CREATE VIRTUAL TABLE probe_{module} USING {module}(a)")
            except sqlite3.OperationalError:  # pragma: no cover - a build without the module
                continue
            found.append(module)
    return tuple(found)


def _full_text(con: sqlite3.Connection) -> str:
    """Create and fill ``reforms_fts`` with the best module there is; return its name or "none"."""
    modules = fts_modules()
    if not modules:
        warnings.warn(
            "this Python's SQLite library has neither FTS5 nor FTS4, so the database has no "
            "full-text index (reforms_fts); search with LIKE instead, or use a Python whose "
            "sqlite3 has FTS5 (metadata: full_text = none)",
            NoFullTextWarning,
            stacklevel=4,
        )
        return "none"
    module = modules[0]
    cols = ", ".join(map(_q, FULL_TEXT))
    con.execute(f'CREATE VIRTUAL TABLE "reforms_fts" USING {module}({cols}, content="reforms")')
    fill = f'INSERT INTO "reforms_fts" (rowid, {cols}) SELECT rowid, {cols} FROM "reforms"'  # noqa: S608
    con.execute(fill)
    return module


def _fill_sqlite(con: sqlite3.Connection, tables: Sequence[tuple[Relation, list[Any]]]) -> None:
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
    con.execute("PRAGMA journal_mode = OFF")  # the file is new and renamed into place whole
    con.execute("PRAGMA synchronous = OFF")  # atomic_write syncs it before the rename
    with con:
        for rel, things in tables:
            con.execute(_ddl(rel))
            for stmt in _indexes(rel):
                con.execute(stmt)
            cols = rel.spec.columns
            marks = ", ".join("?" for _ in cols)
            con.executemany(
                f"INSERT INTO {_q(rel.name)} VALUES ({marks})",  # noqa: S608 - quoted, ours
                ([_sql_value(c, c.get(x)) for c in cols] for x in things),
            )
        full_text = _full_text(con)
        con.execute(
            'CREATE TABLE "metadata" ("key" TEXT NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)'
        )
        meta = {**metadata(), "full_text": full_text}
        con.executemany('INSERT INTO "metadata" VALUES (?, ?)', sorted(meta.items()))
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:  # pragma: no cover - the relations only name rows they also write
        raise InvalidRecordError(
            "database", broken[:5], "rows whose foreign keys name rows of the database"
        )


def write_sqlite(
    data: ReformSet | Iterable[Any],
    path: str | os.PathLike[str],
) -> Path:
    """
    Write the records as a SQLite database at *path* (atomically: a
    temporary file beside it, renamed over it when complete).

    Tables (columns in ``docs/exports.md``): ``reforms``, ``sources``,
    ``topics``, ``reform_topics``, ``milestones``, ``acts``,
    ``penalty_changes``, ``figures``, ``citations``, ``discrepancies``, each
    with its primary and foreign keys; dates as ISO text beside a
    ``<column>_precision`` column; ``reforms_fts``, a full-text index over
    the reforms' titles and summaries (FTS5, else FTS4, else none with a
    :class:`NoFullTextWarning`); and ``metadata`` (format version, data
    version, data as of, package version, licence, ``full_text``).

    Raises:
        UnknownSourceError: A record cites a source the collection does not carry.
        OutputPathError: *path* is a directory (nothing written).
        OSError: The directory is missing or not writable (nothing written).
    """
    tables = _tables(data)

    def write(tmp: Path) -> None:
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            _fill_sqlite(con, tables)

    return atomic_write(path, write)


# ---------------------------------------------------------------------------
# Frictionless Data Package
# ---------------------------------------------------------------------------

PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
"""The pattern of a partial date's text: ``2024``, ``2024-06`` or ``2024-06-16``."""


def _field(rel: Relation, col: Column) -> dict[str, Any]:
    out: dict[str, Any] = {"name": col.name}
    if col.name in rel.numbers:
        out["type"] = "number"
    elif col.type == "int":
        out["type"] = "integer"
    elif col.type == "bool":
        out.update(type="boolean", trueValues=["true"], falseValues=["false"])
    else:
        out["type"] = "string"
    desc = col.description.replace("`", "")
    if col.type == "date":
        desc += " (ISO partial date: year, year-month or year-month-day)"
        out["constraints"] = {"pattern": PARTIAL_DATE}
    elif col.type == "category":
        out["constraints"] = {"enum": list(col.levels)}
        if col.ordered:
            desc += f" (ordered: {' < '.join(col.levels)})"
    elif col.type == "list":
        desc += f" (a list, joined with {col.sep!r})"
    if col.name in rel.primary_key:
        out.setdefault("constraints", {})["required"] = True
    out["description"] = desc
    return out


def _schema(rel: Relation) -> dict[str, Any]:
    return {
        "fields": [_field(rel, c) for c in rel.spec.columns],
        "missingValues": [""],
        "primaryKey": list(rel.primary_key),
        "foreignKeys": [
            {
                "fields": list(fk.columns),
                "reference": {
                    "resource": "" if fk.table == rel.name else fk.table,
                    "fields": list(fk.references),
                },
            }
            for fk in rel.foreign_keys
        ],
    }


def _csv_bytes(rel: Relation, things: Sequence[Any]) -> bytes:
    cols = rel.spec.columns
    cells = ([cell(c, c.get(x)) for c in cols] for x in things)
    return csv_text(rel.spec.names, cells, escape_formulas=False).encode("utf-8")


def _package_sources(tables: Sequence[tuple[Relation, list[Any]]]) -> list[dict[str, str]]:
    srcs = next(things for rel, things in tables if rel.name == "sources")
    out = []
    for s in srcs:
        item = {"title": s.title}
        if s.url:
            item["path"] = s.url
        out.append(item)
    return out


def _is_package(path: Path) -> bool:
    """Whether *path* holds only a data package this library wrote (and may replace)."""
    try:
        doc = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
        ours = {"datapackage.json"} | {r["path"] for r in doc["resources"]}
        return "kzreforms" in doc and {p.name for p in path.iterdir()} <= ours
    except (OSError, ValueError, KeyError, TypeError):
        return False


def write_datapackage(
    data: ReformSet | Iterable[Any],
    path: str | os.PathLike[str],
) -> Path:
    """
    Write the records as a Frictionless (Tabular) Data Package in the
    directory *path*: one CSV file per table of :func:`write_sqlite` and a
    ``datapackage.json`` with every field's type, description and
    constraints, the primary and foreign keys, each file's size and SHA-256,
    the licence, the sources and the data version.

    CSV cells are as in :func:`kzreforms.ReformSet.to_csv` but never
    formula-escaped (a package is read by programs, not spreadsheets).

    *path* must be new, empty, or an earlier data package written by this
    library; it appears whole or not at all (a temporary directory beside
    it is renamed into place).

    Raises:
        UnknownSourceError: A record cites a source the collection does not carry.
        OutputPathError: *path* is a file, or a directory holding other files.
        OSError: The parent directory is missing or not writable.
    """
    tables = _tables(data)
    meta = metadata()

    def fill(tmp: Path) -> None:
        resources = []
        for rel, things in tables:
            blob = _csv_bytes(rel, things)
            name = f"{rel.name}.csv"
            (tmp / name).write_bytes(blob)
            resources.append(
                {
                    "name": rel.name,
                    "path": name,
                    "profile": "tabular-data-resource",
                    "title": f"{rel.name}: {rel.spec.row} per row",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "bytes": len(blob),
                    "hash": "sha256:" + hashlib.sha256(blob).hexdigest(),
                    "schema": _schema(rel),
                }
            )
        doc = {
            "profile": "tabular-data-package",
            "name": "kzreforms",
            "title": "kzreforms: Kazakhstan's legal and human-rights reforms since 2019",
            "description": (
                "Kazakhstan's legal and human-rights reforms since 2019 as source-cited "
                f"records; data as of {meta['data_as_of']}. Columns: {DOCS}"
            ),
            "version": meta["data_version"],
            "homepage": HOMEPAGE,
            "licenses": [LICENSE],
            "contributors": [{"title": "kzreforms developers", "role": "author"}],
            "keywords": ["kazakhstan", "human rights", "law", "reforms"],
            "sources": _package_sources(tables),
            "resources": resources,
            "kzreforms": meta,
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        (tmp / "datapackage.json").write_bytes(text.encode("utf-8"))

    return atomic_write_dir(path, fill, replaceable=_is_package)


# ---------------------------------------------------------------------------
# Polars
# ---------------------------------------------------------------------------


def _polars_series(pl: Any, col: Column, values: list[Any]) -> Any:
    if col.type == "date":
        days = [None if v is None else v.earliest for v in values]
        return pl.Series(col.name, days, dtype=pl.Date)
    if col.type == "category":
        slugs = [None if v is None else v.value for v in values]
        dtype = pl.Enum(list(col.levels)) if col.ordered else pl.Categorical
        return pl.Series(col.name, slugs, dtype=dtype)
    if col.type == "list":
        lists = [None if v is None else list(v) for v in values]
        return pl.Series(col.name, lists, dtype=pl.List(pl.String))
    dtype = {"int": pl.Int64, "bool": pl.Boolean}.get(col.type, pl.String)
    return pl.Series(col.name, values, dtype=dtype)


def to_polars(data: object, table: Table = "reforms") -> pl.DataFrame:
    """
    The flat *table* as a :class:`polars.DataFrame` typed from the table's spec:
    dates ``Date`` (the earliest day) beside their ``<column>_precision``;
    ordered categories (liability, gravity, confidence, precision) ``Enum``
    with every level in order, so comparisons follow it; the other categories
    ``Categorical``; integers ``Int64``, flags ``Boolean``, text ``String``
    and lists ``List(String)``.

    Needs the ``polars`` extra: ``pip install "kzreforms[polars]"``.
    """
    sp = spec(table)
    polars = _need("polars", "polars")
    things = items(data, table)
    frame: pl.DataFrame = polars.DataFrame(
        [_polars_series(polars, c, [c.get(x) for x in things]) for c in sp.columns]
    )
    return frame

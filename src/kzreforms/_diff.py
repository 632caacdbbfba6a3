# SPDX-License-Identifier: MIT
"""
What changed in the data between two releases: records added, withdrawn and
renamed, and every changed fact of the others, with its path and its old and
new value (``milestones[2].date: 2024-06 -> 2024-06-16``).

The diff works on the JSON form of the records, generic over their fields,
so it reads exports of older and newer versions of the data model alike.
Lists of objects (milestones, citations...) are matched item by item by
position; lists of plain values (topics, related ids...) are compared whole.
A missing field, ``null``, ``[]`` and ``{}`` count as the same: absent.

When the two sides are written in different data formats (format 1: facts
name bare source ids, measures are plain text; format 2: facts cite passages,
measures carry their citations, caveats are notes, discrepancies name a
path), records are compared on what both formats say: each fact's set of
source ids, each measure's text (a measure that became a note is *moved*),
each discrepancy without its path.  The report then says once that the
format changed instead of listing every fact that only changed form.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import DataLoadError, DiffInputError, InvalidTypeError, WithdrawnReformError
from ._store import BUNDLE_FORMAT

if TYPE_CHECKING:
    from ._registry import IdRegistry

__all__ = [
    "DATA_FORMAT",
    "FORMATS",
    "GROUP_MIN",
    "INSTALLED",
    "DataDiff",
    "FactChange",
    "RecordChange",
    "Renamed",
    "common_form",
    "diff",
    "read_records",
    "record_format",
]

INSTALLED = "installed"
"""The name that stands for the packaged data as an input of :func:`diff`."""
DATA_FORMAT = BUNDLE_FORMAT
"""
The newest data format this version reads (the packaged bundle's format): an
export or bundle object whose ``"format"`` is higher was written by a newer
kzreforms.  Format-1 data (facts with bare source ids) is still compared,
field by field.
"""
ACCEPTED = (
    "a JSON export (a list of reforms, or an object with 'reforms'), a JSON Lines export "
    "(one reform per line), either of them gzip-compressed or not, a directory of record "
    f"files (reforms/*.json or *.json, one reform each), or {INSTALLED!r} for the packaged data"
)
"""What :func:`diff` reads (quoted by its errors)."""
FORMATS: Mapping[int, str] = MappingProxyType(
    {
        1: "facts name bare source ids (`sources`) and measures are plain text",
        2: (
            "facts cite passages (`citations`: source and locator), measures are "
            "`{text, citations}`, editorial caveats are `notes` and discrepancies name "
            "the `path` they dispute"
        ),
    }
)
"""What each data format this version reads means, in one line (quoted by diff reports)."""
CROSS_FORMAT = (
    "Records are compared on what both formats say (each fact's set of source ids, each "
    "measure's text, each discrepancy without its path): a fact that only changed form "
    "is not listed, and a measure that became a note is listed as moved"
)
"""How records of two different data formats are compared (quoted by diff reports)."""
_RECORD_KEYS = ("id", "title", "kind", "milestones")
"""The fields every reform record of every data format has."""
_JSONL = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
"""File names read as JSON Lines even when their first line alone is valid JSON."""
_SHOW = 80
"""How many characters of a value the text and markdown outputs show."""

# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


_BRIEF_KEYS = (
    "stage",
    "reform",
    "kind",
    "lang",
    "label",
    "title",
    "number",
    "value",
    "unit",
    "date",
    "as_of",
    "source",
    "locator",
    "subject",
    "offence",
    "article",
)
"""The fields that name an item of a record (a milestone, act, figure...), in this order."""


def _brief(value: dict[str, Any]) -> str | None:
    """An item of a record in a few words (``held, 2026-01-20``), or ``None``."""
    words = [
        str(value[k])
        for k in _BRIEF_KEYS
        if isinstance(value.get(k), (str, int, float)) and not isinstance(value.get(k), bool)
    ]
    return ", ".join(words) if words else None


def _show(value: Any, limit: int = _SHOW) -> str:
    """
    A value for a line of text: strings as they are, items of a record in a
    few words (:func:`_brief`), others as compact JSON; cut at *limit*.
    """
    if value is None:
        return "(none)"
    brief = _brief(value) if isinstance(value, dict) else None
    if isinstance(value, str):
        text = value
    elif brief is not None:
        text = brief
    else:
        text = json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _window(old: str, new: str, limit: int = _SHOW) -> tuple[str, str]:
    """
    Two long texts that differ, each from a little before their first
    difference (``...``) to its end: what a reader needs to see the change.
    """
    a, b = " ".join(old.split()), " ".join(new.split())
    if len(a) <= limit and len(b) <= limit:
        return a, b
    same = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    start = a.rfind(" ", 0, max(0, same - 20)) + 1
    if start <= 0:
        return a, b
    return "..." + a[start:], "..." + b[start:]


def _code(text: str) -> str:
    """*text* as a markdown code span (backticks inside are allowed)."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _plain_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)


def _list_delta(old: Any, new: Any) -> tuple[list[Any], list[Any]] | None:
    """What a change of one list of plain values adds and removes, or ``None`` (not such)."""
    if not (_plain_list(old) or old is None) or not (_plain_list(new) or new is None):
        return None
    if old is None and new is None:
        return None
    xs, ys = old or [], new or []
    added = [v for v in ys if v not in xs]
    removed = [v for v in xs if v not in ys]
    return (added, removed) if added or removed else None


def _describe(c: FactChange, *, markdown: bool = False, limit: int = _SHOW) -> str:
    """
    One changed fact for a reader (values in code spans for *markdown*):
    ``path: old -> new``; a list of ids as what it gained and lost; a fact
    that moved as ``path -> new_path (moved): value``.
    """
    code = _code if markdown else str
    arrow = " → " if markdown else " -> "
    if c.new_path is not None and c.old == c.new:
        return f"{code(c.path)}{arrow}{code(c.new_path)} (moved): {code(_show(c.new, limit))}"
    where = code(c.path) + (f"{arrow}{code(c.new_path)}" if c.new_path is not None else "")
    delta = _list_delta(c.old, c.new)
    if isinstance(c.old, str) and isinstance(c.new, str):
        old, new = _window(c.old, c.new, limit)
        return f"{where}: {code(_show(old, limit))}{arrow}{code(_show(new, limit))}"
    if delta is not None and c.old is not None and c.new is not None:
        added, removed = delta
        parts = []
        if added:
            parts.append("added " + ", ".join(code(_show(v, limit)) for v in added))
        if removed:
            parts.append("removed " + ", ".join(code(_show(v, limit)) for v in removed))
        return f"{where}: " + "; ".join(parts)
    return f"{where}: {code(_show(c.old, limit))}{arrow}{code(_show(c.new, limit))}"


def _md_facts(changes: Iterable[FactChange], indent: str = "    ") -> list[str]:
    return [f"{indent}- {_describe(c, markdown=True)}" for c in changes]


@attrs.frozen
class FactChange:
    """
    One changed fact of a record: its *path* in the record's JSON form
    (``milestones[2].date``) and its *old* and *new* value as JSON data
    (``None`` when absent on that side).

    *new_path* is the fact's path on the new side when it is not *path*: a
    measure that became a note (``measures[3]`` -> ``notes[0]``, *old* and
    *new* the same text), or a measure whose text changed while other
    measures before it moved away.  It is ``None`` otherwise.

    .. versionchanged:: 0.2.0 *new_path*.
    """

    path: str
    old: Any
    new: Any
    new_path: str | None = None

    @property
    def moved(self) -> bool:
        """The fact moved to *new_path* unchanged (a measure that became a note)."""
        return self.new_path is not None and self.old == self.new

    def reversed(self) -> FactChange:
        """The same change seen the other way (old and new swapped, and their paths)."""
        if self.new_path is not None:
            return FactChange(self.new_path, self.new, self.old, self.path)
        return FactChange(self.path, self.new, self.old)

    def __str__(self) -> str:
        return _describe(self)

    def to_dict(self) -> dict[str, Any]:
        """
        JSON-ready: ``{"path", "old", "new"}`` (``null`` for absent), and
        ``"new_path"`` when the fact moved.
        """
        out = {"path": self.path, "old": self.old, "new": self.new}
        if self.new_path is not None:
            out["new_path"] = self.new_path
        return out


@attrs.frozen
class RecordChange:
    """A record present on both sides under the same *id*, and its changed facts."""

    id: str
    changes: tuple[FactChange, ...]

    def reversed(self) -> RecordChange:
        """The same record's changes seen the other way."""
        return RecordChange(self.id, tuple(c.reversed() for c in self.changes))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"id", "changes": [...]}``."""
        return {"id": self.id, "changes": [c.to_dict() for c in self.changes]}


@attrs.frozen
class Renamed:
    """
    A record whose id changed from *old* to *new* (an alias in the id
    registry, followed in either direction), with the *reason* the registry
    gives and its changed facts apart from the id.
    """

    old: str
    new: str
    reason: str
    changes: tuple[FactChange, ...] = ()

    def reversed(self) -> Renamed:
        """The same rename seen the other way (*new* back to *old*)."""
        return Renamed(self.new, self.old, self.reason, tuple(c.reversed() for c in self.changes))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"old", "new", "reason", "changes": [...]}``."""
        return {
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "changes": [c.to_dict() for c in self.changes],
        }


GROUP_MIN = 3
"""
The markdown report lists a change made alike (same path, same old and new
value) to at least this many records once, with the ids of those records.
"""


def _group_key(c: FactChange) -> str:
    return json.dumps([c.path, c.old, c.new, c.new_path], sort_keys=True, ensure_ascii=False)


@attrs.frozen
class DataDiff:
    """
    What changed from the data *old* to the data *new* (each named as it was
    given, with its data version when the input says it).

    Attributes:
        added: Ids only in *new* (and not a rename), sorted.
        withdrawn: Ids only in *old* (and not a rename), sorted.
        renamed: Records whose id changed, by old id.
        changed: Records with the same id on both sides whose facts differ,
            by id.
        notes: The id registry's word on added or withdrawn ids it knows
            (``"withdrawn in 2026.12.0: merged twice"``).
        old_format, new_format: The data format of each side (``1`` or
            ``2``; ``None`` when its records show none and it does not say).
            When both are known and differ, records were compared on what
            both formats say (see :attr:`format_changed`).
        titles: The title of every added and withdrawn record, by id.

    An empty diff is false: ``if kzreforms.diff(a, b): ...``.  A change of
    data format alone is not a difference of the data.

    .. versionchanged:: 0.2.0 *old_format*, *new_format* and *titles*.
    """

    old: str
    new: str
    old_version: str | None
    new_version: str | None
    old_count: int
    new_count: int
    added: tuple[str, ...] = ()
    withdrawn: tuple[str, ...] = ()
    renamed: tuple[Renamed, ...] = ()
    changed: tuple[RecordChange, ...] = ()
    notes: Mapping[str, str] = attrs.field(factory=lambda: MappingProxyType({}))
    old_format: int | None = None
    new_format: int | None = None
    titles: Mapping[str, str] = attrs.field(factory=lambda: MappingProxyType({}))

    def __bool__(self) -> bool:
        return bool(self.added or self.withdrawn or self.renamed or self.changed)

    @property
    def format_changed(self) -> bool:
        """Both sides' data formats are known and differ (they were compared across formats)."""
        return (
            self.old_format is not None
            and self.new_format is not None
            and self.old_format != self.new_format
        )

    def format_note(self) -> str | None:
        """
        What the change of data format means, in one sentence (``None`` when
        the format did not change): the newer format, and how records were
        compared across the two.
        """
        if not self.format_changed:
            return None
        newer = max(self.old_format or 0, self.new_format or 0)
        what = f": in format {newer}, {FORMATS[newer]}" if newer in FORMATS else ""
        return f"Data format {self.old_format} -> {self.new_format}{what}. {CROSS_FORMAT}."

    def facts(self) -> int:
        """How many facts changed, over changed and renamed records."""
        return sum(len(c.changes) for c in self.changed) + sum(len(r.changes) for r in self.renamed)

    def reversed(self) -> DataDiff:
        """The diff from *new* to *old*: added and withdrawn swap, old and new values swap."""
        return DataDiff(
            old=self.new,
            new=self.old,
            old_version=self.new_version,
            new_version=self.old_version,
            old_count=self.new_count,
            new_count=self.old_count,
            added=self.withdrawn,
            withdrawn=self.added,
            renamed=tuple(sorted((r.reversed() for r in self.renamed), key=lambda r: r.old)),
            changed=tuple(c.reversed() for c in self.changed),
            notes=self.notes,
            old_format=self.new_format,
            new_format=self.old_format,
            titles=self.titles,
        )

    # -- outputs -----------------------------------------------------------------

    def _side(self, label: str, version: str | None, count: int) -> str:
        v = f"data {version}, " if version else ""
        return f"{label} ({v}{count} record{'s' if count != 1 else ''})"

    def to_text(self) -> str:
        """A plain-text report, one line per id and per changed fact."""
        old = self._side(self.old, self.old_version, self.old_count)
        new = self._side(self.new, self.new_version, self.new_count)
        lines = [f"kzreforms diff: {old} -> {new}"]
        note_ = self.format_note()
        if note_ is not None:
            lines.append(note_.replace("`", ""))
        if not self:
            lines.append("no differences")
            return "\n".join(lines) + "\n"

        def note(rid: str) -> str:
            return f" ({self.notes[rid]})" if rid in self.notes else ""

        if self.added:
            lines.append(f"added ({len(self.added)}):")
            lines.extend(f"  + {rid}{note(rid)}" for rid in self.added)
        if self.withdrawn:
            lines.append(f"withdrawn ({len(self.withdrawn)}):")
            lines.extend(f"  - {rid}{note(rid)}" for rid in self.withdrawn)
        if self.renamed:
            lines.append(f"renamed ({len(self.renamed)}):")
            for r in self.renamed:
                lines.append(f"  ~ {r.old} -> {r.new} ({r.reason})")
                lines.extend(f"      {c}" for c in r.changes)
        if self.changed:
            n, m = len(self.changed), sum(len(c.changes) for c in self.changed)
            lines.append(f"changed ({n} record{'s' * (n != 1)}, {m} fact{'s' * (m != 1)}):")
            for rc in self.changed:
                lines.append(f"  * {rc.id}")
                lines.extend(f"      {c}" for c in rc.changes)
        return "\n".join(lines) + "\n"

    def _md_record(self, rid: str) -> str:
        title = self.titles.get(rid)
        note = f" ({self.notes[rid]})" if rid in self.notes else ""
        return f"  - {_code(rid)}" + (f": {' '.join(title.split())}" if title else "") + note

    def to_markdown(self) -> str:
        """
        A markdown list, as in the Data section of CHANGELOG.md
        (``python tools/dev.py changelog-data OLD`` writes it there): the
        data version and format, the records added and withdrawn (id and
        title), renamed, and changed, each with its changed facts.  A change
        made alike to :data:`GROUP_MIN` or more records (``last_checked``
        set to the same day) is listed once with their ids.  Nothing is left
        out; values are cut at 80 characters (:meth:`to_json` has them whole).
        """
        lines: list[str] = []
        if self.new_version and self.new_version != self.old_version:
            was = f" (was {self.old_version})" if self.old_version else ""
            lines.append(f"- Data version {self.new_version}{was}.")
        note = self.format_note()
        if note is not None:
            lines.append(f"- {note}".replace(" -> ", " → ", 1))
        if not self:
            lines.append("- No record was added, withdrawn, renamed or changed.")
            return "\n".join(lines) + "\n"

        if self.added:
            lines.append(f"- Added ({len(self.added)}):")
            lines.extend(self._md_record(rid) for rid in self.added)
        if self.withdrawn:
            lines.append(f"- Withdrawn ({len(self.withdrawn)}):")
            lines.extend(self._md_record(rid) for rid in self.withdrawn)
        if self.renamed:
            lines.append(f"- Renamed ({len(self.renamed)}):")
            for r in self.renamed:
                lines.append(f"  - {_code(r.old)} → {_code(r.new)} ({r.reason})")
                lines.extend(_md_facts(r.changes))
        if self.changed:
            lines.extend(self._md_changed())
        return "\n".join(lines) + "\n"

    def _md_changed(self) -> list[str]:
        n, m = len(self.changed), sum(len(c.changes) for c in self.changed)
        lines = [f"- Changed ({n} record{'s' * (n != 1)}, {m} fact{'s' * (m != 1)}):"]
        where: dict[str, list[str]] = {}
        first: dict[str, FactChange] = {}
        for rc in self.changed:
            for c in rc.changes:
                key = _group_key(c)
                where.setdefault(key, []).append(rc.id)
                first.setdefault(key, c)
        grouped = {k for k, ids in where.items() if len(ids) >= GROUP_MIN}
        every = [rc.id for rc in self.changed]
        for k in sorted(grouped, key=lambda k: (-len(where[k]), k)):
            ids = where[k]
            fact = _describe(first[k], markdown=True)
            if len(ids) == len(every):
                lines.append(f"  - {fact}, in every changed record")
            elif 2 * len(ids) > len(every):  # shorter to name the others
                but = ", ".join(_code(r) for r in every if r not in set(ids))
                lines.append(f"  - {fact}, in {len(ids)} records: every changed record but {but}")
            else:
                lines.append(f"  - {fact}, in {len(ids)} records: {', '.join(map(_code, ids))}")
        for rc in self.changed:
            own = [c for c in rc.changes if _group_key(c) not in grouped]
            if own:
                lines.append(f"  - {_code(rc.id)}")
                lines.extend(_md_facts(own))
        return lines

    def to_dict(self) -> dict[str, Any]:
        """
        The whole diff as JSON-ready data (values whole, ``null`` for absent);
        ``data_format`` holds each side's data format and the note on a
        change of format (``null`` when none); ``titles`` the added and
        withdrawn records' titles.
        """
        return {
            "format": DATA_FORMAT,
            "old": {
                "source": self.old,
                "data_version": self.old_version,
                "records": self.old_count,
            },
            "new": {
                "source": self.new,
                "data_version": self.new_version,
                "records": self.new_count,
            },
            "data_format": {
                "old": self.old_format,
                "new": self.new_format,
                "note": self.format_note(),
            },
            "added": list(self.added),
            "withdrawn": list(self.withdrawn),
            "renamed": [r.to_dict() for r in self.renamed],
            "changed": [c.to_dict() for c in self.changed],
            "notes": dict(self.notes),
            "titles": dict(self.titles),
        }

    @staticmethod
    def _side_dict(label: str, version: str | None, count: int) -> dict[str, Any]:
        return {"source": label, "data_version": version, "records": count}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (two-space indent, UTF-8 kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# Reading the inputs
# ---------------------------------------------------------------------------


@attrs.frozen
class _Side:
    label: str
    version: str | None
    records: Mapping[str, Any]
    format: int | None = None
    """The side's data format: what its records show, else what it states, else ``None``."""


def _fact_format(value: Any) -> int | None:
    """1 or 2 when a fact below a record shows its format (``sources`` or ``citations``)."""
    if isinstance(value, dict):
        if isinstance(value.get("sources"), list):
            return 1
        cites = value.get("citations")
        if isinstance(cites, list) and cites and all(isinstance(c, dict) for c in cites):
            return 2
        values: Iterable[Any] = value.values()
    elif isinstance(value, list):
        values = value
    else:
        return None
    for v in values:
        found = _fact_format(v)
        if found is not None:
            return found
    return None


def record_format(rec: Mapping[str, Any]) -> int | None:
    """
    The data format a record (in JSON form) is written in, from what it
    holds: ``1`` (a measure that is a string, a discrepancy without a
    ``path``, a fact's bare ``sources``) or ``2`` (a measure that is an
    object, ``notes``, a discrepancy's ``path``, a fact's ``citations``);
    ``None`` when it holds none of these.
    """
    for m in rec.get("measures") or ():
        return 1 if isinstance(m, str) else 2
    if rec.get("notes"):
        return 2
    for d in rec.get("discrepancies") or ():
        if isinstance(d, dict):
            return 2 if "path" in d else 1
    return _fact_format({k: v for k, v in rec.items() if k not in ("citations", "discrepancies")})


def _side_format(records: Iterable[Mapping[str, Any]], stated: int | None) -> int | None:
    """What the records show (1 if any is of format 1), else what the input states."""
    shown = {record_format(r) for r in records} - {None}
    if shown:
        return min(f for f in shown if f is not None)
    return stated


def _normal(value: Any) -> Any:
    """*value* with absent-like fields (``null``, ``[]``, ``{}``) dropped from objects."""
    if isinstance(value, dict):
        out = {k: _normal(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def _is_record(doc: Any) -> bool:
    return (
        isinstance(doc, dict)
        and all(k in doc for k in _RECORD_KEYS)
        and isinstance(doc["id"], str)
        and bool(doc["id"])
        and isinstance(doc["milestones"], list)
    )


_NOT_A_RECORD = (
    "is not a reform record (expected an object with "
    + ", ".join(repr(k) for k in _RECORD_KEYS)
    + ")"
)


def _records(
    where: str, docs: list[tuple[str, Any]], version: str | None, stated: int | None = None
) -> _Side:
    """
    Check that *docs* (``(place, doc)`` pairs) are reform records with
    distinct ids; *stated* is the data format the input says it holds.
    """
    out: dict[str, Any] = {}
    for i, (place, doc) in enumerate(docs):
        if not _is_record(doc):
            what = "not kzreforms data" if i == 0 else "a corrupt export"
            raise DiffInputError(where, f"{what}: {place} {_NOT_A_RECORD}; expected {ACCEPTED}")
        rid = doc["id"]
        if rid in out:
            raise DiffInputError(where, f"a corrupt export: id {rid!r} appears twice ({place})")
        out[rid] = _normal(doc)
    return _Side(where, version, MappingProxyType(out), _side_format(out.values(), stated))


def _check_format(where: str, doc: dict[str, Any]) -> str | None:
    """The data version an export object states; refuse a newer (or a nonsense) format."""
    fmt = doc.get("format", DATA_FORMAT)
    if isinstance(fmt, bool) or not isinstance(fmt, int) or fmt < 1:
        raise DiffInputError(
            where, f"a corrupt export: 'format' is {fmt!r}; expected a whole number >= 1"
        )
    if fmt > DATA_FORMAT:
        raise DiffInputError(
            where,
            f"written in kzreforms data format {fmt}, newer than this version reads "
            f"(format {DATA_FORMAT}); upgrade kzreforms (pip install -U kzreforms) to compare it",
        )
    version = doc.get("data_version")
    return version if isinstance(version, str) and version else None


def _stated(doc: dict[str, Any]) -> int | None:
    """The data format an export object states (checked by :func:`_check_format`), or ``None``."""
    fmt = doc.get("format")
    return fmt if isinstance(fmt, int) and not isinstance(fmt, bool) else None


def _from_doc(where: str, doc: Any) -> _Side:
    if isinstance(doc, list):
        return _records(where, [(f"item {i}", d) for i, d in enumerate(doc)], None)
    if isinstance(doc, dict) and "format" in doc:
        _check_format(where, doc)
    if isinstance(doc, dict) and "reforms" in doc:
        version = _check_format(where, doc)
        reforms = doc["reforms"]
        if not isinstance(reforms, list):
            raise DiffInputError(where, "a corrupt export: 'reforms' is not a JSON list")
        docs = [(f"reforms[{i}]", d) for i, d in enumerate(reforms)]
        return _records(where, docs, version, _stated(doc))
    if isinstance(doc, dict) and "id" in doc:
        return _records(where, [("the object", doc)], None)
    raise DiffInputError(where, f"not kzreforms data; expected {ACCEPTED}")


def _jsonl(where: str, text: str) -> _Side:
    docs: list[tuple[str, Any]] = []
    version: str | None = None
    stated: int | None = None
    # Only "\n" ends a line: JSON text may hold U+2028 and other breaks raw.
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except ValueError as e:
            raise DiffInputError(
                where,
                f"a corrupt export: line {n} is not valid JSON ({e}); is the file truncated?",
            ) from None
        if not docs and version is None and isinstance(doc, dict) and "id" not in doc:
            if "format" not in doc:
                raise DiffInputError(where, f"not kzreforms data: line {n} {_NOT_A_RECORD}")
            version = _check_format(where, doc)  # a header line: {"format": N, ...}
            stated = _stated(doc)
            continue
        docs.append((f"line {n}", doc))
    return _records(where, docs, version, stated)


def _read(path: Path, budget: Any) -> bytes:
    from ._store import _read_regular  # noqa: PLC0415

    try:
        return _read_regular(path, budget)
    except DataLoadError as e:
        reason = e.problems[0].removeprefix(f"{path}: ") if e.problems else str(e)
        raise DiffInputError(str(path), reason) from None


def _gunzip(where: str, raw: bytes, budget: Any) -> bytes:
    """*raw* decompressed when it is gzip data (``.json.gz``), reading at most the budget."""
    if not raw.startswith(b"\x1f\x8b"):
        return raw
    import gzip  # noqa: PLC0415
    import io  # noqa: PLC0415
    import zlib  # noqa: PLC0415

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
            out = f.read(budget.left + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise DiffInputError(
            where, f"a corrupt export: not valid gzip data ({e}); is the file truncated?"
        ) from None
    if len(out) > budget.left:
        raise DiffInputError(
            where, f"more than {budget.max_bytes:,} bytes of data once decompressed"
        )
    budget.left -= len(out)
    return out.removeprefix(b"\xef\xbb\xbf")


def _text(where: str, raw: bytes) -> str:
    if raw.startswith(b"PAR1"):
        raise DiffInputError(
            where,
            "not kzreforms data in a form diff reads: a Parquet file holds flat tables; "
            "export the records with 'kzreforms export --format json'",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DiffInputError(
            where, f"not kzreforms data: not UTF-8 text (byte {e.start}); expected {ACCEPTED}"
        ) from None


def _from_file(path: Path, budget: Any) -> _Side:
    where = str(path)
    text = _text(where, _gunzip(where, _read(path, budget), budget))
    head = text.lstrip()
    if not head:
        raise DiffInputError(where, f"an empty file; expected {ACCEPTED}")
    if head[0] not in "[{":
        raise DiffInputError(where, f"not kzreforms data (not JSON); expected {ACCEPTED}")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" or path.name.lower().endswith(_JSONL):
            return _jsonl(where, text)
        raise DiffInputError(
            where,
            f"a corrupt export: not valid JSON at line {e.lineno}, column {e.colno} "
            f"({e.msg}); is the file truncated?",
        ) from None
    return _from_doc(where, doc)


def _from_dir(path: Path, budget: Any) -> _Side:
    where = str(path)
    folder = path / "reforms" if (path / "reforms").is_dir() else path
    files = sorted(folder.glob("*.json"))
    if not files:
        raise DiffInputError(where, f"no record files in this directory; expected {ACCEPTED}")
    docs: list[tuple[str, Any]] = []
    for p in files:
        text = _text(str(p), _read(p, budget))
        try:
            docs.append((p.name, json.loads(text)))
        except ValueError as e:
            raise DiffInputError(
                where, f"a corrupt record file: {p.name} is not valid JSON ({e})"
            ) from None
    return _records(where, docs, None)


def read_records(source: object) -> tuple[str, str | None, Mapping[str, Any]]:
    """
    The records of one input of :func:`diff` in their JSON form (absent-like
    fields dropped), keyed by id: ``(label, data version or None, records)``.

    Raises:
        DiffInputError: The input is not kzreforms data, is of a newer
            format, or is corrupt.
        InvalidTypeError: *source* is not a path, ``"installed"``, or records.
    """
    side = _side(source)
    return side.label, side.version, side.records


def _side(source: object) -> _Side:
    from ._store import MAX_BYTES, _Budget  # noqa: PLC0415

    if isinstance(source, str) and source == INSTALLED:
        from . import DATA_VERSION  # noqa: PLC0415
        from ._store import dataset  # noqa: PLC0415
        from ._tables import to_records  # noqa: PLC0415

        recs = to_records(dataset().reforms)
        return _records(INSTALLED, [(r["id"], r) for r in recs], DATA_VERSION)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not str(source).strip():
            raise DiffInputError(repr(source), f"an empty path; expected {ACCEPTED}")
        budget = _Budget(MAX_BYTES)
        if path.is_dir():
            return _from_dir(path, budget)
        if not path.exists():
            raise DiffInputError(str(source), f"no such file or directory; expected {ACCEPTED}")
        return _from_file(path, budget)
    if isinstance(source, Iterable) and not isinstance(source, (bytes, Mapping)):
        from ._tables import to_records  # noqa: PLC0415

        recs = to_records(source)  # refuses anything but reforms
        label = f"<{len(recs)} records>"
        return _records(label, [(r["id"], r) for r in recs], None)
    raise InvalidTypeError(
        "source",
        source,
        f"{INSTALLED!r}, the path of an export or of a directory of record files "
        "(str or os.PathLike), or a ReformSet",
    )


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------


def _flat_list(value: Any) -> bool:
    """A list of plain values (compared whole), not of objects or lists."""
    return isinstance(value, list) and not any(isinstance(v, (dict, list)) for v in value)


def _walk(path: str, a: Any, b: Any, out: list[FactChange]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in [*a, *(k for k in b if k not in a)]:
            _walk(f"{path}.{k}" if path else k, a.get(k), b.get(k), out)
        return
    lists = [v for v in (a, b) if v is not None]
    if lists and all(isinstance(v, list) for v in lists) and not all(map(_flat_list, lists)):
        xs, ys = a or [], b or []
        for i in range(max(len(xs), len(ys))):
            x = xs[i] if i < len(xs) else None
            y = ys[i] if i < len(ys) else None
            _walk(f"{path}[{i}]", x, y, out)
        return
    out.append(FactChange(path, a, b))


def _cited_sources(value: Any) -> Any:
    """
    *value* (a part of a record) with each fact's ``citations`` (format 2) or
    ``sources`` (format 1) as ``sources``: the sorted set of source ids it cites.
    """
    if isinstance(value, list):
        return [_cited_sources(v) for v in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for k, v in value.items():
        refs = v if k == "citations" and isinstance(v, list) else None
        if refs is not None and all(isinstance(c, dict) and "source" in c for c in refs):
            out["sources"] = sorted({str(c["source"]) for c in refs})
        elif k == "sources" and isinstance(v, list):
            out["sources"] = sorted({json.dumps(x) if not isinstance(x, str) else x for x in v})
        else:
            out[k] = _cited_sources(v)
    return out


def _text_of(measure: Any) -> Any:
    """A measure's text: the string itself (format 1), or ``text`` (format 2)."""
    return measure.get("text") if isinstance(measure, dict) else measure


def common_form(rec: Mapping[str, Any]) -> dict[str, Any]:
    """
    A record (JSON form, any data format) as what every data format says:
    each fact's citations as the set of their source ids (``sources``), each
    measure as its text, each discrepancy without its ``path``; the record's
    bibliography (``citations``) and everything else as they are.
    """
    out: dict[str, Any] = {}
    for k, v in rec.items():
        if k == "measures" and isinstance(v, list):
            out[k] = [_text_of(m) for m in v]
        elif k == "discrepancies" and isinstance(v, list):
            out[k] = [
                {kk: vv for kk, vv in d.items() if kk != "path"} if isinstance(d, dict) else d
                for d in v
            ]
        elif k == "citations":
            out[k] = v
        else:
            out[k] = _cited_sources(v)
    return _normal(out)  # type: ignore[no-any-return]


def _unmatched(xs: list[Any], ys: list[Any]) -> list[tuple[list[int], list[int]]]:
    """The blocks of *xs* and *ys* (item indices) outside their longest common runs."""
    sm = difflib.SequenceMatcher(None, xs, ys, autojunk=False)
    return [
        (list(range(i1, i2)), list(range(j1, j2)))
        for op, i1, i2, j1, j2 in sm.get_opcodes()
        if op != "equal"
    ]


_TEXTS = ("measures", "notes")


def _texts(a: Mapping[str, Any], b: Mapping[str, Any], out: list[FactChange]) -> None:
    """
    Measures and notes (as texts) of two records: unchanged runs are skipped,
    a text that went from the measures to the notes (or back) is moved, and
    what is left in each changed block is changed in place, removed or added.
    """
    old = {name: list(a.get(name) or []) for name in _TEXTS}
    new = {name: list(b.get(name) or []) for name in _TEXTS}
    blocks = {name: _unmatched(old[name], new[name]) for name in _TEXTS}
    # The indices outside the common runs, on each side.
    left_a = {name: {i for olds, _ in blocks[name] for i in olds} for name in _TEXTS}
    left_b = {name: {j for _, news in blocks[name] for j in news} for name in _TEXTS}
    moves: dict[tuple[str, int], FactChange] = {}
    for src, dst in (_TEXTS, _TEXTS[::-1]):
        for i in sorted(left_a[src]):
            j = next((j for j in sorted(left_b[dst]) if new[dst][j] == old[src][i]), None)
            if j is not None:
                moves[src, i] = FactChange(f"{src}[{i}]", old[src][i], new[dst][j], f"{dst}[{j}]")
                left_a[src].discard(i)
                left_b[dst].discard(j)
    for name in _TEXTS:
        for olds, news in blocks[name]:
            out.extend(moves[name, i] for i in olds if (name, i) in moves)
            xs = [i for i in olds if i in left_a[name]]
            ys = [j for j in news if j in left_b[name]]
            for i, j in zip(xs, ys, strict=False):
                where = None if i == j else f"{name}[{j}]"
                out.extend(_changed_item(f"{name}[{i}]", old[name][i], new[name][j], where))
            out.extend(FactChange(f"{name}[{i}]", old[name][i], None) for i in xs[len(ys) :])
            out.extend(FactChange(f"{name}[{j}]", None, new[name][j]) for j in ys[len(xs) :])


def _changed_item(path: str, x: Any, y: Any, new_path: str | None) -> list[FactChange]:
    """One list item changed in place (*new_path* when its index differs)."""
    if new_path is None:
        found: list[FactChange] = []
        _walk(path, x, y, found)
        return found
    return [FactChange(path, x, y, new_path)]


def _facts(
    a: Mapping[str, Any], b: Mapping[str, Any], *, across: bool = False
) -> tuple[FactChange, ...]:
    """
    The changed facts of one record from *a* to *b*; *across* two data
    formats, on their :func:`common_form`, with measures and notes matched
    by text (:func:`_texts`).
    """
    out: list[FactChange] = []
    if not across:
        _walk("", dict(a), dict(b), out)
        return tuple(out)
    ca, cb = common_form(a), common_form(b)
    texts_done = False
    for k in [*ca, *(k for k in cb if k not in ca)]:
        if k in ("measures", "notes"):
            if not texts_done:
                _texts(ca, cb, out)
                texts_done = True
            continue
        _walk(k, ca.get(k), cb.get(k), out)
    return tuple(out)


def _without_id(rec: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in rec.items() if k != "id"}


def _registry_link(reg: IdRegistry, a: str, b: str) -> str | None:
    """The reason *a* and *b* are one record renamed (an alias either way), or ``None``."""
    for x, y in ((a, b), (b, a)):
        try:
            alias = reg.resolve(x)
        except WithdrawnReformError:
            continue
        if alias is not None and alias.new == y:
            return alias.reason
    return None


def _links(reg: IdRegistry, only_a: Iterable[str], only_b: Iterable[str]) -> list[tuple[str, str]]:
    """Candidate renames ``(old id, new id)``: aliases from *only_a*, or back from *only_b*."""
    out: list[tuple[str, str]] = []
    for ids, forward in ((only_a, True), (only_b, False)):
        for rid in ids:
            try:
                alias = reg.resolve(rid)
            except WithdrawnReformError:
                continue
            if alias is not None:
                out.append((rid, alias.new) if forward else (alias.new, rid))
    return out


def _notes(reg: IdRegistry, rids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for rid in rids:
        dead = reg.tombstones.get(rid)
        if dead is not None:
            out[rid] = f"withdrawn in {dead.version}: {dead.reason}"
    return out


def diff(old: object, new: object, *, registry: IdRegistry | None = None) -> DataDiff:
    """
    What changed in the data from *old* to *new*.

    Each side is ``"installed"`` (the packaged data), the path of a JSON or
    JSON Lines export (``kzreforms export``; gzip-compressed or not), of a
    directory of record files
    (``reforms/*.json``, or ``*.json``), or a :class:`ReformSet` (or other
    iterable of reforms).

    Records are matched by id; an id missing on one side that the id
    registry (*registry*, by default the packaged one) links to an id
    missing on the other is a rename.  Changed facts are found on the JSON
    form of the records, generic over their fields: objects key by key,
    lists of objects item by item by position, lists of plain values whole;
    absent, ``null``, ``[]`` and ``{}`` are the same.

    A record written in another data format than its counterpart (format 1
    against format 2) is compared on what both formats say
    (:func:`common_form`): each fact's set of source ids, each measure's
    text, with measures and notes matched by text (a measure that became a
    note is a :attr:`FactChange.moved` fact), each discrepancy without its
    path.  The result's :meth:`DataDiff.format_note` says so once.

    >>> import kzreforms
    >>> d = kzreforms.diff("installed", "installed")
    >>> bool(d), d.added, d.changed
    (False, (), ())

    Raises:
        DiffInputError: An input is not kzreforms data, is written in a
            newer data format, or is a corrupt export (nothing is compared).

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.2.0 Comparison across data formats; gzip inputs.
    """
    a, b = _side(old), _side(new)
    if registry is None:
        from ._registry import packaged_registry  # noqa: PLC0415

        registry = packaged_registry()

    def facts(x: Mapping[str, Any], y: Mapping[str, Any]) -> tuple[FactChange, ...]:
        fx, fy = record_format(x) or a.format, record_format(y) or b.format
        across = fx is not None and fy is not None and fx != fy
        return _facts(x, y, across=across)

    only_a = sorted(set(a.records) - set(b.records))
    only_b = sorted(set(b.records) - set(a.records))
    renamed: dict[str, Renamed] = {}
    gone, new_ids = set(only_a), set(only_b)
    for x, y in _links(registry, only_a, only_b):
        if x in gone and y in new_ids:
            changes = facts(_without_id(a.records[x]), _without_id(b.records[y]))
            renamed[x] = Renamed(x, y, _registry_link(registry, x, y) or "", changes)
            gone.discard(x)
            new_ids.discard(y)
    changed = [
        RecordChange(rid, found)
        for rid in sorted(set(a.records) & set(b.records))
        if (found := facts(a.records[rid], b.records[rid]))
    ]
    added = tuple(sorted(new_ids))
    withdrawn = tuple(sorted(gone))
    titles = {rid: b.records[rid].get("title") for rid in added}
    titles.update({rid: a.records[rid].get("title") for rid in withdrawn})
    return DataDiff(
        old=a.label,
        new=b.label,
        old_version=a.version,
        new_version=b.version,
        old_count=len(a.records),
        new_count=len(b.records),
        added=added,
        withdrawn=withdrawn,
        renamed=tuple(renamed[k] for k in sorted(renamed)),
        changed=tuple(changed),
        notes=MappingProxyType(_notes(registry, (*added, *withdrawn))),
        old_format=a.format,
        new_format=b.format,
        titles=MappingProxyType({k: v for k, v in titles.items() if isinstance(v, str)}),
    )

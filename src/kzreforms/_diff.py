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

.. versionadded:: 0.2.0
"""

from __future__ import annotations

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
    "INSTALLED",
    "DataDiff",
    "FactChange",
    "RecordChange",
    "Renamed",
    "diff",
    "read_records",
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
    "(one reform per line), a directory of record files (reforms/*.json or *.json, one "
    f"reform each), or {INSTALLED!r} for the packaged data"
)
"""What :func:`diff` reads (quoted by its errors)."""
_RECORD_KEYS = ("id", "title", "kind", "milestones")
"""The fields every reform record of every data format has."""
_SHOW = 80
"""How many characters of a value the text and markdown outputs show."""

# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


def _show(value: Any, limit: int = _SHOW) -> str:
    """A value for a line of text: strings as they are, others as compact JSON, cut."""
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _code(text: str) -> str:
    """*text* as a markdown code span (backticks inside are allowed)."""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_ids(rids: Iterable[str], notes: Mapping[str, str]) -> str:
    return ", ".join(_code(r) + (f" ({notes[r]})" if r in notes else "") for r in rids)


def _md_facts(changes: Iterable[FactChange]) -> list[str]:
    return [
        f"    - {_code(c.path)}: {_code(_show(c.old))} → {_code(_show(c.new))}" for c in changes
    ]


@attrs.frozen
class FactChange:
    """
    One changed fact of a record: its *path* in the record's JSON form
    (``milestones[2].date``) and its *old* and *new* value as JSON data
    (``None`` when absent on that side).
    """

    path: str
    old: Any
    new: Any

    def reversed(self) -> FactChange:
        """The same change seen the other way (old and new swapped)."""
        return FactChange(self.path, self.new, self.old)

    def __str__(self) -> str:
        return f"{self.path}: {_show(self.old)} -> {_show(self.new)}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"path", "old", "new"}`` (``null`` for absent)."""
        return {"path": self.path, "old": self.old, "new": self.new}


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

    An empty diff is false: ``if kzreforms.diff(a, b): ...``.
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

    def __bool__(self) -> bool:
        return bool(self.added or self.withdrawn or self.renamed or self.changed)

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

    def to_markdown(self) -> str:
        """
        A markdown list, as in the Data section of CHANGELOG.md
        (``python tools/dev.py changelog-data OLD`` writes it there).
        """
        lines: list[str] = []
        if self.new_version and self.new_version != self.old_version:
            was = f" (was {self.old_version})" if self.old_version else ""
            lines.append(f"- Data version {self.new_version}{was}.")
        if not self:
            lines.append("- No record was added, withdrawn, renamed or changed.")
            return "\n".join(lines) + "\n"

        if self.added:
            lines.append(f"- Added ({len(self.added)}): {_md_ids(self.added, self.notes)}.")
        if self.withdrawn:
            ids = _md_ids(self.withdrawn, self.notes)
            lines.append(f"- Withdrawn ({len(self.withdrawn)}): {ids}.")
        if self.renamed:
            lines.append(f"- Renamed ({len(self.renamed)}):")
            for r in self.renamed:
                lines.append(f"  - {_code(r.old)} → {_code(r.new)} ({r.reason})")
                lines.extend(_md_facts(r.changes))
        if self.changed:
            lines.append(f"- Changed ({len(self.changed)}):")
            for rc in self.changed:
                lines.append(f"  - {_code(rc.id)}")
                lines.extend(_md_facts(rc.changes))
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The whole diff as JSON-ready data (values whole, ``null`` for absent)."""
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
            "added": list(self.added),
            "withdrawn": list(self.withdrawn),
            "renamed": [r.to_dict() for r in self.renamed],
            "changed": [c.to_dict() for c in self.changed],
            "notes": dict(self.notes),
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


def _records(where: str, docs: list[tuple[str, Any]], version: str | None) -> _Side:
    """Check that *docs* (``(place, doc)`` pairs) are reform records with distinct ids."""
    out: dict[str, Any] = {}
    for i, (place, doc) in enumerate(docs):
        if not _is_record(doc):
            what = "not kzreforms data" if i == 0 else "a corrupt export"
            raise DiffInputError(where, f"{what}: {place} {_NOT_A_RECORD}; expected {ACCEPTED}")
        rid = doc["id"]
        if rid in out:
            raise DiffInputError(where, f"a corrupt export: id {rid!r} appears twice ({place})")
        out[rid] = _normal(doc)
    return _Side(where, version, MappingProxyType(out))


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
        return _records(where, [(f"reforms[{i}]", d) for i, d in enumerate(reforms)], version)
    if isinstance(doc, dict) and "id" in doc:
        return _records(where, [("the object", doc)], None)
    raise DiffInputError(where, f"not kzreforms data; expected {ACCEPTED}")


def _jsonl(where: str, text: str) -> _Side:
    docs: list[tuple[str, Any]] = []
    version: str | None = None
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
            continue
        docs.append((f"line {n}", doc))
    return _records(where, docs, version)


def _read(path: Path, budget: Any) -> bytes:
    from ._store import _read_regular  # noqa: PLC0415

    try:
        return _read_regular(path, budget)
    except DataLoadError as e:
        reason = e.problems[0].removeprefix(f"{path}: ") if e.problems else str(e)
        raise DiffInputError(str(path), reason) from None


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
    text = _text(where, _read(path, budget))
    head = text.lstrip()
    if not head:
        raise DiffInputError(where, f"an empty file; expected {ACCEPTED}")
    if head[0] not in "[{":
        raise DiffInputError(where, f"not kzreforms data (not JSON); expected {ACCEPTED}")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" or path.suffix.lower() in (".jsonl", ".ndjson"):
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


def _facts(a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[FactChange, ...]:
    out: list[FactChange] = []
    _walk("", dict(a), dict(b), out)
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
    JSON Lines export (``kzreforms export``), of a directory of record files
    (``reforms/*.json``, or ``*.json``), or a :class:`ReformSet` (or other
    iterable of reforms).

    Records are matched by id; an id missing on one side that the id
    registry (*registry*, by default the packaged one) links to an id
    missing on the other is a rename.  Changed facts are found on the JSON
    form of the records, generic over their fields: objects key by key,
    lists of objects item by item by position, lists of plain values whole;
    absent, ``null``, ``[]`` and ``{}`` are the same.

    >>> import kzreforms
    >>> d = kzreforms.diff("installed", "installed")
    >>> bool(d), d.added, d.changed
    (False, (), ())

    Raises:
        DiffInputError: An input is not kzreforms data, is written in a
            newer data format, or is a corrupt export (nothing is compared).

    .. versionadded:: 0.2.0
    """
    a, b = _side(old), _side(new)
    if registry is None:
        from ._registry import packaged_registry  # noqa: PLC0415

        registry = packaged_registry()
    only_a = sorted(set(a.records) - set(b.records))
    only_b = sorted(set(b.records) - set(a.records))
    renamed: dict[str, Renamed] = {}
    gone, new_ids = set(only_a), set(only_b)
    for x, y in _links(registry, only_a, only_b):
        if x in gone and y in new_ids:
            changes = _facts(_without_id(a.records[x]), _without_id(b.records[y]))
            renamed[x] = Renamed(x, y, _registry_link(registry, x, y) or "", changes)
            gone.discard(x)
            new_ids.discard(y)
    changed = [
        RecordChange(rid, facts)
        for rid in sorted(set(a.records) & set(b.records))
        if (facts := _facts(a.records[rid], b.records[rid]))
    ]
    added = tuple(sorted(new_ids))
    withdrawn = tuple(sorted(gone))
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
    )

# SPDX-License-Identifier: MIT
"""
The id registry: every reform id ever released, with the aliases of renamed
or merged ids and the tombstones of withdrawn ones (``data/ids.json``).

A released id never simply disappears: it stays listed, and either still
names a record, or has an alias (``old -> new``, with the reason) that
:func:`kzreforms.get` follows with a :class:`~kzreforms.RenamedIdWarning`,
or a tombstone (the reason and the data version that withdrew it) that makes
:func:`kzreforms.get` raise :class:`~kzreforms.WithdrawnReformError`.
``python tools/data.py ids`` adds the current ids (docs/releases.md).

Standard library only; read once, on first use.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from ._errors import DataLoadError, WithdrawnReformError

__all__ = [
    "IDS_FILE",
    "REGISTRY_FORMAT",
    "Alias",
    "IdRegistry",
    "Tombstone",
    "packaged_registry",
    "registry_from_json",
    "registry_problems",
    "updated_registry",
]

IDS_FILE = "ids.json"
"""The registry's file in the package's ``data/`` folder."""
REGISTRY_FORMAT = 1
UPDATE_HINT = "run `python tools/data.py ids` and commit data/ids.json"
"""What to do when the registry is out of date (quoted by its checks)."""


@attrs.frozen
class Alias:
    """A renamed or merged id: *old* now names the record *new*."""

    old: str
    new: str
    reason: str
    version: str


@attrs.frozen
class Tombstone:
    """A withdrawn id: *id* names no record since data version *version*."""

    id: str
    reason: str
    version: str


@attrs.frozen
class IdRegistry:
    """
    Every id ever released (``released``), the aliases of renamed ids and the
    tombstones of withdrawn ones, each keyed by the old id.
    """

    released: tuple[str, ...]
    aliases: Mapping[str, Alias] = attrs.field(factory=lambda: MappingProxyType({}))
    tombstones: Mapping[str, Tombstone] = attrs.field(factory=lambda: MappingProxyType({}))

    def resolve(self, rid: str) -> Alias | None:
        """
        The alias that leads from *rid* to a current id, following chains
        (``a -> b -> c`` gives ``a -> c``, reasons joined); ``None`` when *rid*
        has no alias.

        Raises:
            WithdrawnReformError: *rid*, or an id its aliases lead to, was
                withdrawn.
        """
        seen = [rid]
        reasons: list[str] = []
        version = ""
        cur = rid
        while True:
            dead = self.tombstones.get(cur)
            if dead is not None:
                reason = dead.reason if cur == rid else f"renamed to {cur!r}, which {dead.reason}"
                raise WithdrawnReformError(rid, reason, dead.version)
            alias = self.aliases.get(cur)
            if alias is None:
                break
            if alias.new in seen:  # a cycle: the registry check refuses it
                break
            reasons.append(alias.reason)
            version = alias.version
            cur = alias.new
            seen.append(cur)
        if cur == rid:
            return None
        return Alias(rid, cur, "; then ".join(reasons), version)

    def to_json(self) -> str:
        """The registry as the canonical text of ``data/ids.json``."""
        doc: dict[str, Any] = {
            "format": REGISTRY_FORMAT,
            "released": sorted(self.released),
            "aliases": {
                k: {"to": a.new, "reason": a.reason, "version": a.version}
                for k, a in sorted(self.aliases.items())
            },
            "tombstones": {
                k: {"reason": t.reason, "version": t.version}
                for k, t in sorted(self.tombstones.items())
            },
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _str(doc: Any, key: str, where: str) -> str:
    value = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(value, str) or not value:
        raise DataLoadError([f"{where}: {key!r} must be a non-empty string"])
    return value


def _alias(old: str, doc: Any, where: str) -> Alias:
    return Alias(
        old, _str(doc, "to", where), _str(doc, "reason", where), _str(doc, "version", where)
    )


def registry_from_json(text: str | bytes, where: str = f"data/{IDS_FILE}") -> IdRegistry:
    """
    Read a registry from its JSON text.

    Raises:
        DataLoadError: The text is not a registry of a format this version reads.
    """
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise DataLoadError([f"{where}: not valid JSON ({e})"]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("released"), list):
        raise DataLoadError([f"{where}: expected an object with a 'released' list of ids"])
    fmt = doc.get("format")
    if not isinstance(fmt, int) or fmt > REGISTRY_FORMAT:
        raise DataLoadError(
            [f"{where}: format {fmt!r}; this version reads format {REGISTRY_FORMAT}"]
        )
    released = doc["released"]
    if not all(isinstance(i, str) and i for i in released):
        raise DataLoadError([f"{where}: 'released' must list ids (non-empty strings)"])
    aliases_doc = doc.get("aliases", {})
    tombs_doc = doc.get("tombstones", {})
    if not isinstance(aliases_doc, dict) or not isinstance(tombs_doc, dict):
        raise DataLoadError([f"{where}: 'aliases' and 'tombstones' must be objects keyed by id"])
    aliases = {k: _alias(k, v, f"{where} aliases.{k}") for k, v in aliases_doc.items()}
    tombs = {
        k: Tombstone(
            k,
            _str(v, "reason", f"{where} tombstones.{k}"),
            _str(v, "version", f"{where} tombstones.{k}"),
        )
        for k, v in tombs_doc.items()
    }
    return IdRegistry(tuple(released), MappingProxyType(aliases), MappingProxyType(tombs))


_cached: IdRegistry | None = None
_lock = threading.Lock()


def packaged_registry() -> IdRegistry:
    """The registry shipped in ``data/ids.json``, read on first use."""
    global _cached  # noqa: PLW0603 - one immutable registry, read once
    reg = _cached
    if reg is not None:
        return reg
    with _lock:
        if _cached is None:
            path = resources.files("kzreforms").joinpath("data").joinpath(IDS_FILE)
            try:
                raw = path.read_bytes()
            except OSError as e:
                msg = f"data/{IDS_FILE}: cannot read the id registry ({e.strerror or e})"
                raise DataLoadError([msg]) from None
            _cached = registry_from_json(raw)
        return _cached


def registry_problems(reg: IdRegistry, current: Iterable[str]) -> list[str]:
    """
    What is wrong with *reg* for the records whose ids are *current*: a
    released id that names no record and has neither alias nor tombstone, a
    current id not listed yet, an alias to an id that leads nowhere (or in a
    circle), an id both current and aliased or tombstoned.  One line each.
    """
    now = set(current)
    released = set(reg.released)
    problems = [
        f"released id {rid!r} names no record and has neither an alias nor a "
        "tombstone: give it an alias (renamed or merged) or a tombstone (withdrawn) "
        f"in data/{IDS_FILE} (docs/releases.md)"
        for rid in sorted(released - now)
        if rid not in reg.aliases and rid not in reg.tombstones
    ]
    problems.extend(
        f"id {rid!r} is not in the registry yet: {UPDATE_HINT}" for rid in sorted(now - released)
    )
    for rid in sorted({*reg.aliases, *reg.tombstones}):
        if rid in now:
            problems.append(f"id {rid!r} names a record but also has an alias or a tombstone")
        if rid in reg.aliases and rid in reg.tombstones:
            problems.append(f"id {rid!r} has both an alias and a tombstone")
        if rid not in released:
            problems.append(f"aliased or withdrawn id {rid!r} is not listed as released")
    for rid, alias in sorted(reg.aliases.items()):
        try:
            hit = reg.resolve(rid)
        except WithdrawnReformError:
            continue  # an alias to an id withdrawn later: get() says so
        if hit is None or hit.new not in now:
            problems.append(f"alias {rid!r} -> {alias.new!r} leads to no record (or in a circle)")
    return problems


def updated_registry(reg: IdRegistry, current: Iterable[str]) -> IdRegistry:
    """*reg* with every id of *current* listed as released (nothing is ever removed)."""
    return attrs.evolve(reg, released=tuple(sorted({*reg.released, *current})))

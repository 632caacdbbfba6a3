# SPDX-License-Identifier: MIT
"""
Nothing reachable from ``kzreforms.reforms()`` can be changed by a caller (issue 7).

Every object reachable from the packaged data (records and their parts,
collections, views, the source registry, the taxonomy, enum members, and the
cached indexes once queries have built them) is probed with setattr, delattr,
item assignment and deletion and the mutating methods of the builtin
containers.  Every attempt must raise, and the data must dump to the same
text afterwards.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import attrs
import pytest

import kzreforms
from kzreforms import TAXONOMY, PartialDate, PenaltyView, ReformSet, Stage, Topic, _store, dumps

SENTINEL = object()
PROBE = "__kzreforms_probe__"
MUTATORS = (
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "sort",
    "reverse",
    "add",
    "discard",
    "update",
    "clear",
    "setdefault",
    "popitem",
    "__setitem__",
    "__delitem__",
)
# Immutable builtins: probing every string and number adds nothing.
ATOMS = (str, bytes, int, float, Decimal, bool, type(None), dt.date)


def children(obj: Any, *, private: bool) -> Iterator[tuple[str, object]]:  # noqa: C901
    """The objects *obj* holds, with a label for each."""
    if isinstance(obj, enum.Enum):
        return  # members hold only their value and name, probed as attributes
    if attrs.has(type(obj)):
        for a in attrs.fields(type(obj)):
            yield f".{a.name}", getattr(obj, a.name)
    elif isinstance(obj, (ReformSet, PenaltyView)):
        yield from ((f"[{i}]", x) for i, x in enumerate(obj))
        if private:
            for cls in type(obj).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    yield f".{slot}", getattr(obj, slot)
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            yield f"[{k!r}]", k
            yield f"[{k!r}]", v
    elif isinstance(obj, (tuple, list, set, frozenset)):
        yield from ((f"[{i}]", x) for i, x in enumerate(obj))


def attempts(obj: Any) -> Iterator[tuple[str, Any]]:
    """Each way a caller might try to change *obj*, as (label, thunk)."""
    names = [PROBE]
    if attrs.has(type(obj)):
        names += [a.name for a in attrs.fields(type(obj))]
    if isinstance(obj, enum.Enum):
        names += ["_value_", "_name_", "value", "name"]
    for name in names:
        yield f"setattr {name}", lambda n=name: setattr(obj, n, SENTINEL)
        yield f"delattr {name}", lambda n=name: delattr(obj, n)
    yield "item assignment", lambda: obj.__setitem__(0, SENTINEL)
    yield "item deletion", lambda: obj.__delitem__(0)


def mutable_paths(roots: dict[str, object], *, private: bool = False) -> list[str]:
    """Walk everything reachable from *roots*; return the paths that could be changed."""
    found: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[str, object]] = list(roots.items())
    while stack:
        path, obj = stack.pop()
        if isinstance(obj, ATOMS) or id(obj) in seen:
            continue
        seen.add(id(obj))
        found.extend(f"{path}: has {m}()" for m in MUTATORS if hasattr(obj, m))
        for label, thunk in attempts(obj):
            if label.startswith("item") and any(f.startswith(f"{path}: has") for f in found):
                continue  # a mutable container: do not actually change it
            try:
                thunk()
            except (AttributeError, TypeError):
                continue  # refused, as it should be (FrozenInstanceError is an AttributeError)
            found.append(f"{path}: {label} succeeded")
            if label == f"setattr {PROBE}":
                object.__delattr__(obj, PROBE)  # undo, keeping the shared data intact
        stack.extend((path + label, child) for label, child in children(obj, private=private))
    return found


def snapshot() -> str:
    """The text of everything the walk reaches, to compare before and after."""
    rs = kzreforms.reforms()
    return "".join(
        [
            dumps(list(rs)),
            dumps(list(kzreforms.sources().values())),
            repr(dict(TAXONOMY)),
            repr([(e.reform.id, dumps(e.change)) for e in rs.penalties()]),
            repr([(m, m.value, m.name, hash(m)) for m in [*Topic, *Stage]]),
        ]
    )


def roots() -> dict[str, object]:
    """The packaged data after queries that build every kind of cached index."""
    rs = kzreforms.reforms()
    queried = [
        rs.topic("justice"),
        rs.kind("law", "code"),
        rs.since("2020"),
        rs.between("2019", "2021", on="any"),
        rs.during("2022", on=["signed", "in-force"]),
        rs.search("law"),
        rs.search("criminal code"),
        rs.body("Senate"),
        rs.cites(next(iter(kzreforms.sources()))),
        rs.get(rs.ids()[0]),
        rs.penalties().min_gravity("grave"),
        rs.penalties().liability("criminal").article("CC"),
        rs.penalties().of_kind("harsher"),
    ]
    return {
        "reforms()": rs,
        "penalties()": rs.penalties(),
        "queries": tuple(queried),
        "group_by": tuple(rs.group_by(k) for k in ("year", "topic", "kind")),
        "timeline()": rs.timeline(),
        "sources()": kzreforms.sources(),
        "TAXONOMY": TAXONOMY,
        "Topic": tuple(Topic),
        "dataset": _store.dataset(),
        "PartialDate": PartialDate(2020, 2, 29),
    }


def test_nothing_reachable_can_be_changed() -> None:
    before = snapshot()
    found = mutable_paths(roots())
    assert found == []
    assert snapshot() == before


def test_the_walk_sees_every_record_part() -> None:
    """The walk reaches each kind of record and would flag a mutable object."""
    rs = kzreforms.reforms()
    assert "x: has append()" in mutable_paths({"x": [1]})
    assert mutable_paths({"x": {"a": 1}}) != []
    assert mutable_paths({"x": Stage.SIGNED}) == []
    kinds: set[str] = set()
    stack: list[object] = [rs]
    while stack:
        obj = stack.pop()
        kinds.add(type(obj).__name__)
        stack.extend(c for _, c in children(obj, private=False) if not isinstance(c, ATOMS))
    expected = {"Reform", "Milestone", "Citation", "LegalAct", "PenaltyChange", "Penalty"}
    expected |= {"Term", "Quantity", "Figure", "Discrepancy", "PartialDate", "Topic", "Stage"}
    assert expected <= kinds


def test_private_caches_cannot_be_changed() -> None:
    """Walking private state too (after queries built indexes), nothing is mutable."""
    found = mutable_paths(roots(), private=True)
    assert found == []


@pytest.mark.parametrize(
    "member", [Topic.JUSTICE, Stage.SIGNED, kzreforms.Precision.DAY, kzreforms.DateMode.WITHIN]
)
def test_enum_members_refuse_changes(member: enum.Enum) -> None:
    """Changing a member's name would change its hash and break every set of topics."""
    h = hash(member)
    for name in ("_name_", "_value_", "anything"):
        with pytest.raises(AttributeError):
            setattr(member, name, "x")
    with pytest.raises(AttributeError):
        delattr(member, "_name_")
    assert hash(member) == h
    r = next(r for r in kzreforms.reforms() if Topic.JUSTICE in r.all_topics)
    assert Topic.JUSTICE in r.all_topics

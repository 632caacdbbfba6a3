# SPDX-License-Identifier: MIT
"""
The entry points: the packaged dataset (:func:`reforms`, :func:`get`,
:func:`sources`) and a user's own data (:func:`load`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._collection import ReformSet
from ._errors import MAX_PROBLEMS, RenamedIdWarning, UnknownReformError
from ._store import (
    MAX_BYTES,
    Items,
    LazyRecords,
    build_from_items,
    dataset,
    packaged,
    packaged_sources,
    read_user_path,
    read_user_text,
)

if TYPE_CHECKING:
    from pathlib import Path  # PERF (benchmarks/): pathlib stays off the first query

    # PERF (benchmarks/, issue #14): no record classes before a record is read
    from ._articles import ArticleRef
    from ._history import ArticleHistory
    from ._model import Reform, Source
    from ._status import ActMatch  # PERF (benchmarks/): _status on first use (act())

__all__ = ["act", "article", "get", "load", "load_text", "reforms", "sources"]

_packaged: ReformSet | None = None
_packaged_lock = threading.Lock()


def _after_fork() -> None:
    # A lock held by another thread at fork time would never be released in
    # the child: start it with a fresh one.
    global _packaged_lock  # noqa: PLW0603 - replaced in the child only
    _packaged_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork)


def reforms() -> ReformSet:
    """
    The whole packaged dataset, in chronological order.

    The data is read on the first call (in any thread) and shared
    afterwards; each record is built the first time it is read.

    .. versionadded:: 0.1.0
    """
    global _packaged  # noqa: PLW0603 - one shared, immutable collection
    rs = _packaged
    if rs is not None:
        return rs
    with _packaged_lock:
        if _packaged is None:
            store = packaged()
            _packaged = ReformSet._trusted(LazyRecords(store, tuple(range(len(store)))))
        return _packaged


def get(rid: str) -> Reform:
    """
    The packaged reform with id *rid*.

    An id that was renamed or merged (an alias in the id registry,
    docs/releases.md) gives the record of its new id, with a
    :class:`RenamedIdWarning` naming the new id.

    Raises:
        UnknownReformError: No such id (close matches are suggested).
        WithdrawnReformError: The id was withdrawn (the message says when
            and why); a subclass of UnknownReformError.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       Renamed ids are followed; withdrawn ids say so.
    """
    rs = reforms()
    try:
        return rs.get(rid)
    except UnknownReformError:
        from ._registry import packaged_registry  # noqa: PLC0415 - on a miss only

        alias = packaged_registry().resolve(rid)
        if alias is None:
            raise
        warnings.warn(RenamedIdWarning(rid, alias.new, alias.reason), stacklevel=2)
        return rs.get(alias.new)


def article(ref: ArticleRef | str) -> ArticleHistory:
    """
    The history of one provision in the packaged data, e.g.
    ``kzreforms.article("CC 128(1)").at("2022-01-01")``
    (:meth:`ReformSet.article`).

    Raises:
        UnknownNameError: No change to *ref* is recorded (the message names
            its parts that have changes, or close matches).
        ArticleParseError: *ref* is not an article reference.

    .. versionadded:: 0.2.0
    """
    return reforms().article(ref)


def act(query: str) -> ActMatch:
    """
    The packaged act whose number or adilet code is *query*, in any common
    spelling (``"72-VIII"``, ``"№ 72-VIII"``, ``"Law No. 72-VIII"``,
    ``"Z2400000110"``), with the records that carry it
    (:meth:`ReformSet.act`).

    Raises:
        UnknownNameError: No act has that number or code (close matches listed).
        QueryError: *query* holds no act number.

    .. versionadded:: 0.2.0
    """
    return reforms().act(query)


def sources() -> Mapping[str, Source]:
    """
    The source registry: every source the packaged data cites, by id.

    .. versionadded:: 0.1.0
    """
    return packaged_sources()


def load(
    path: str | Path,
    *,
    with_packaged: bool = False,
    max_bytes: int = MAX_BYTES,
    max_problems: int = MAX_PROBLEMS,
) -> ReformSet:
    """
    Build a :class:`ReformSet` from your own records in the data format.

    *path* is a JSON file (a list of reforms, or an object with ``"reforms"``
    and optionally ``"sources"`` lists) or a directory laid out like the
    package data (``reforms/*.json``, ``sources/*.json``), as a
    :class:`pathlib.Path` or a ``str``: a ``str`` is always a path (JSON
    text goes to :func:`load_text`).  Only regular files are read (not
    devices, FIFOs or sockets), at most *max_bytes* in all (default
    :data:`~kzreforms._store.MAX_BYTES`, 50 MB).

    Loading is all or nothing: one bad record raises a
    :class:`~kzreforms.DataLoadError` naming the bad records and fields, up
    to *max_problems* of them (default 100; the rest are counted).
    Citations must name a packaged source or one given with the data; the
    collection carries both (:attr:`ReformSet.sources`), so citations and
    displays of your records name your own sources.

    With ``with_packaged=True`` the packaged reforms are included too (ids
    must not clash).

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       A ``str`` is always a path; JSON text goes to :func:`load_text`.
       *max_bytes* and *max_problems*.
    """
    items = read_user_path(path, max_bytes=max_bytes)
    return _build(items, with_packaged=with_packaged, max_problems=max_problems)


def load_text(
    text: str | bytes,
    *,
    with_packaged: bool = False,
    max_bytes: int = MAX_BYTES,
    max_problems: int = MAX_PROBLEMS,
) -> ReformSet:
    """
    Build a :class:`ReformSet` from JSON *text* (``str`` or ``bytes``; a
    leading byte-order mark is allowed) in the data format, as
    :func:`load` does from a file.  The text may be at most *max_bytes*
    long (characters for a ``str``).

    >>> import kzreforms
    >>> kzreforms.load_text("[]").ids()
    ()

    .. versionadded:: 0.2.0
    """
    items = read_user_text(text, max_bytes=max_bytes)
    return _build(items, with_packaged=with_packaged, max_problems=max_problems)


def _build(items: tuple[Items, Items], *, with_packaged: bool, max_problems: int) -> ReformSet:
    src_items, ref_items = items
    # PERF (benchmarks/): the packaged records are built only when they join
    # the user's (with_packaged); otherwise their ids and sources suffice
    ds = build_from_items(
        src_items,
        ref_items,
        known_sources=tuple(packaged_sources().values()),
        known_reforms=dataset().reforms if with_packaged else (),
        reference_ids=frozenset(packaged().ids),
        max_problems=max_problems,
    )
    return ReformSet._trusted(ds.reforms, ds.sources)

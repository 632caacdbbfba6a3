# SPDX-License-Identifier: MIT
"""
The store: reading, validating and publishing data, all or nothing.

The packaged dataset is read once, on first use.

The data lives in ``kzreforms/data/`` as one JSON file per record
(``reforms/<id>.json``) and per source (``sources/<id>.json``).  The build
(``python tools/data.py bundle``) reads every file, structures and validates
every record, checks every cross-reference, and writes the bundle, its index
and their digests.  The first call that needs the data reads the bundle and
its index and checks both digests, and then publishes one :class:`Packaged`
store in a single assignment under a lock (double-checked), so concurrent
first calls load exactly once and every thread sees the same data; the store
builds each record when it is first read, once (:class:`LazyRecords`).

A user's own data (a JSON file, a directory laid out like the package data,
or JSON text) goes through the same structuring and checks
(:func:`read_user_data`, :func:`build_from_items`).
"""

from __future__ import annotations

import itertools
import os
import stat
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import attrs

from ._errors import MAX_PROBLEMS, DataLoadError, InvalidTypeError, QueryError, close_matches

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from pathlib import Path

    from ._articles import ArticleRef
    from ._dates import PartialDate
    from ._model import Penalty, Reform, Source
    from ._topics import Topic
    from ._vocab import ReformKind

__all__ = [
    "BUNDLE",
    "BUNDLE_DIGEST",
    "INDEX",
    "MAX_BYTES",
    "Dataset",
    "LazyRecords",
    "Packaged",
    "build_bundle",
    "build_dataset",
    "build_from_items",
    "bundle_files",
    "chain_breaks",
    "dataset",
    "digest_text",
    "load_count",
    "packaged",
    "packaged_sources",
    "read_package_files",
    "read_user_data",
    "read_user_path",
    "read_user_text",
    "validate_dataset",
]

Items = Sequence[tuple[str, Any]]


class _Numbered(Sequence[tuple[str, Any]]):
    """
    ``(f"{where}[{i}]", doc)`` pairs, made when asked for.  Round two: made
    eagerly, the pairs of 1.7 million records (5 MB of ``[{}, {}, ...]``) took
    9 s, though loading stops after the first 100 problems.
    """

    def __init__(self, where: str, docs: list[Any]) -> None:
        self._where = where
        self._docs = docs

    def __len__(self) -> int:
        return len(self._docs)

    @overload
    def __getitem__(self, i: int) -> tuple[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, Any] | Sequence[tuple[str, Any]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return (f"{self._where}[{i}]", self._docs[i])

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for i, doc in enumerate(self._docs):
            yield (f"{self._where}[{i}]", doc)


class Dataset:
    """
    An immutable snapshot of sources and reforms (chronological).

    Written by hand as ``@attrs.frozen`` would write it (PERF (benchmarks/):
    attrs compiles a class's methods on every cold start): frozen, equal by
    its fields, ``Dataset(reforms=..., by_id=..., sources=...)``.
    """

    __slots__ = ("__weakref__", "by_id", "reforms", "sources")
    __match_args__ = ("reforms", "by_id", "sources")
    reforms: tuple[Reform, ...]
    by_id: Mapping[str, Reform]
    sources: Mapping[str, Source]

    def __init__(
        self,
        reforms: tuple[Reform, ...],
        by_id: Mapping[str, Reform],
        sources: Mapping[str, Source],
    ) -> None:
        object.__setattr__(self, "reforms", reforms)
        object.__setattr__(self, "by_id", by_id)
        object.__setattr__(self, "sources", sources)

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        o: Dataset = other
        return (self.reforms, self.by_id, self.sources) == (o.reforms, o.by_id, o.sources)

    def __hash__(self) -> int:
        # as attrs': hashing the read-only mappings raises TypeError
        return hash((Dataset, self.reforms, self.by_id, self.sources))

    def __repr__(self) -> str:
        return f"Dataset(reforms={self.reforms!r}, by_id={self.by_id!r}, sources={self.sources!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Dataset, (self.reforms, self.by_id, self.sources))


_lock = threading.Lock()
_package: Packaged | None = None
_loads = 0
_gc_paused = False  # set while _build_all keeps the cyclic collector off


def _after_fork() -> None:
    # Round two: a child forked while another thread held the lock (loading
    # the data) would wait forever for a thread it does not have.  The same
    # for the store's own lock (building its records), and a child forked
    # while the records were built starts with the collector back on.
    global _lock  # noqa: PLW0603 - replaced in the child only
    _lock = threading.Lock()
    if _package is not None:
        _package.after_fork()
    if _gc_paused:
        import gc  # noqa: PLC0415

        gc.enable()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork)


def load_count() -> int:
    """How many times the packaged data has been read (for tests)."""
    return _loads


def packaged() -> Packaged:
    """The packaged data, read (and its digests checked) on first call."""
    pkg = _package
    if pkg is not None:
        return pkg
    return _load_once()


def dataset() -> Dataset:
    """The packaged dataset with every record built, on first call."""
    return packaged().dataset()


def packaged_sources() -> Mapping[str, Source]:
    """The packaged source registry, by id (no reform is built for it)."""
    return packaged().sources()


def _load_once() -> Packaged:
    global _package, _loads  # noqa: PLW0603 - the one published snapshot
    with _lock:
        if _package is None:
            pkg = _read_package()
            _loads += 1
            _package = pkg
        return _package


def _data() -> Any:
    """
    The package's ``data`` folder: a plain directory next to this module when
    the package is installed as files (the usual case), else the
    ``importlib.resources`` traversable (e.g. a zip).  PERF (benchmarks/):
    ``importlib.resources`` imports ``tempfile``, ``shutil``, ``zipfile`` and
    the compressors, a large part of the cold first query's imports.
    """
    from pathlib import Path  # noqa: PLC0415 - not for the packaged bundle (_package_bytes)

    here = Path(__file__).parent / "data"
    if here.is_dir():
        return here
    from importlib import resources  # noqa: PLC0415 - only for a zipped package

    return resources.files("kzreforms").joinpath("data")


def _package_bytes(name: str) -> bytes:
    """
    The bytes of the package's ``data/<name>`` (as ``_data().joinpath(name)``).
    PERF (benchmarks/): read with ``os.path`` and ``open`` when the package is
    a directory, so the first query does not import ``pathlib`` (and
    ``urllib.parse``, ``ipaddress``, ``fnmatch`` with it).
    """
    here = os.path.join(os.path.dirname(__file__), "data")  # noqa: PTH118, PTH120 - see above
    if os.path.isdir(here):  # noqa: PTH112
        with open(os.path.join(here, name), "rb") as f:  # noqa: PTH118, PTH123
            return f.read()
    data: bytes = _data().joinpath(name).read_bytes()
    return data


def _files(folder: str) -> list[tuple[str, bytes]]:
    root = _data().joinpath(folder)
    out = [
        (f"data/{folder}/{p.name}", p.read_bytes())
        for p in root.iterdir()
        if p.name.endswith(".json")
    ]
    out.sort()
    return out


BUNDLE = "bundle.json"
"""The packaged data as shipped: every record, validated at build time."""
BUNDLE_DIGEST = "bundle.blake2b"
"""
The BLAKE2b-256 digests of :data:`BUNDLE` and :data:`INDEX` (one line each,
as ``b2sum -l 256`` writes them), written by the same build that validated
them.
"""
BUNDLE_FORMAT = 2


def bundle_digest(data: bytes) -> str:
    """
    The 32-byte BLAKE2b digest of *data* in hex: what
    ``hashlib.blake2b(data, digest_size=32).hexdigest()`` and
    ``b2sum -l 256`` give.

    PERF (benchmarks/): the interpreter's own BLAKE2b (``_blake2``, built
    into every CPython, no OpenSSL) hashes the 0.8 MB bundle in about 12
    million instructions, its own SHA-256 in about 40 million; ``hashlib``'s
    SHA-256 loads OpenSSL (3-4 MB of resident memory, issue #14 counts the
    peak) and is no faster here.
    """
    import importlib  # noqa: PLC0415

    try:
        own: Any = importlib.import_module("_blake2")
    except ImportError:  # pragma: no cover - every CPython builds it
        own = importlib.import_module("hashlib")
    digest: str = own.blake2b(data, digest_size=32).hexdigest()
    return digest


INDEX = "bundle-index.json"
"""
What a first query reads instead of building every record: for each record
of :data:`BUNDLE`, where its JSON stands in the bundle (byte offsets), and
for each reform its id, key date, kind and topics.  Derived from the bundle
by the same build and named in :data:`BUNDLE_DIGEST`.
"""
INDEX_FORMAT = 1


class Packaged:
    """
    The packaged data as read from the bundle, its records built on demand.

    PERF (benchmarks/, issue #14): a first query reads the bundle's bytes and
    checks their digest, then answers ``topic()`` and the date filters from
    the index (:data:`INDEX`): each :class:`~kzreforms.Reform` is decoded
    from its own slice of the bundle and built the first time it is read,
    and ``_model`` is imported only then.  :meth:`dataset` builds them all
    (once; the same objects :meth:`record` gives).
    """

    __slots__ = (
        "_built",
        "_dataset",
        "_lock",
        "_raw",
        "_source_spans",
        "_sources",
        "_spans",
        "ids",
        "key_dates",
        "kinds",
        "topics",
    )

    def __init__(self, raw: bytes, index: Mapping[str, Any]) -> None:
        from ._dates import PartialDate  # noqa: PLC0415
        from ._topics import Topic  # noqa: PLC0415
        from ._vocab import ReformKind  # noqa: PLC0415

        topic_of = {t.value: t for t in Topic}
        kind_of = {k.value: k for k in ReformKind}
        rows = index["reforms"]
        self._raw: bytes | None = raw
        self.ids: tuple[str, ...] = tuple(row[0] for row in rows)
        self._spans: tuple[tuple[int, int], ...] = tuple((row[1], row[2]) for row in rows)
        self.key_dates: tuple[PartialDate, ...] = tuple(PartialDate(*row[3]) for row in rows)
        self.kinds: tuple[ReformKind, ...] = tuple(kind_of[row[4]] for row in rows)
        self.topics: tuple[frozenset[Topic], ...] = tuple(
            frozenset(topic_of[t] for t in row[5]) for row in rows
        )
        self._source_spans: tuple[tuple[int, int], ...] = tuple(
            (row[1], row[2]) for row in index["sources"]
        )
        self._built: dict[int, Reform] = {}
        self._sources: Mapping[str, Source] | None = None
        self._dataset: Dataset | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"<packaged data: {len(self)} reforms, {len(self._built)} built>"

    def after_fork(self) -> None:
        """In a forked child: a fresh lock (another thread may have held this one)."""
        self._lock = threading.Lock()

    def raw_record(self, i: int) -> dict[str, Any]:
        """The *i*-th reform in the data format (``_codec.unstructure`` of :meth:`record`)."""
        raw = self._raw
        if raw is None:  # every record is built: the bytes are gone
            from ._codec import unstructure  # noqa: PLC0415

            made: dict[str, Any] = unstructure(self.record(i))
            return made
        import json  # noqa: PLC0415

        a, b = self._spans[i]
        doc: dict[str, Any] = json.loads(raw[a:b])
        return doc

    def record(self, i: int) -> Reform:
        """The *i*-th reform (chronological), built on first use."""
        built = self._built.get(i)
        if built is not None:
            return built
        from ._codec import structure_trusted  # noqa: PLC0415
        from ._model import Reform  # noqa: PLC0415

        new = structure_trusted(self.raw_record(i), Reform)
        # one object per record, whichever thread built it first
        return self._built.setdefault(i, new)

    def sources(self) -> Mapping[str, Source]:
        """Every packaged source by id, built once."""
        done = self._sources
        if done is not None:
            return done
        with self._lock:
            if self._sources is None:
                self._sources = self._build_sources()
            return self._sources

    def _build_sources(self) -> Mapping[str, Source]:
        import json  # noqa: PLC0415

        from ._codec import structure_trusted  # noqa: PLC0415
        from ._model import Source  # noqa: PLC0415

        raw = self._raw
        assert raw is not None  # noqa: S101 - dropped only after the sources are built
        out = {}
        for a, b in self._source_spans:
            x = structure_trusted(json.loads(raw[a:b]), Source)
            out[x.id] = x
        return MappingProxyType(out)

    def dataset(self) -> Dataset:
        """Every record built, as one :class:`Dataset` (built once)."""
        done = self._dataset
        if done is not None:
            return done
        sources = self.sources()
        with self._lock:
            if self._dataset is None:
                self._dataset = self._build_all(sources)
                self._raw = None  # PERF: every record is built; the bytes go
            return self._dataset

    def _build_all(self, sources: Mapping[str, Source]) -> Dataset:
        import gc  # noqa: PLC0415

        # PERF (benchmarks/): no cyclic garbage collection while the records
        # are built.  Every collection pass walks all the objects made so far
        # (and every module's), several passes per thousand records, though
        # records hold no cycles: a third of the load's time, and more as the
        # data grows.
        global _gc_paused  # noqa: PLW0603 - read by _after_fork
        collecting = gc.isenabled()
        gc.disable()
        _gc_paused = collecting
        try:
            reforms = tuple(self.record(i) for i in range(len(self)))
        finally:
            _gc_paused = False
            if collecting:
                gc.enable()
        return Dataset(
            reforms=reforms,
            by_id=MappingProxyType({r.id: r for r in reforms}),
            sources=sources,
        )


class LazyRecords(Sequence["Reform"]):
    """
    The reforms at some positions of the packaged data, built when read.

    The ``_records`` of a :class:`~kzreforms.ReformSet` on the packaged data
    and of what is filtered from it: a sequence of records like the tuple
    other collections hold (equal to it, with its hash), whose ids, key
    dates, kinds and topics come from the index without building a record.
    """

    __slots__ = ("pos", "store")

    def __init__(self, store: Packaged, pos: tuple[int, ...]) -> None:
        self.store = store
        self.pos = pos

    def __len__(self) -> int:
        return len(self.pos)

    @overload
    def __getitem__(self, i: int) -> Reform: ...
    @overload
    def __getitem__(self, i: slice) -> LazyRecords: ...
    def __getitem__(self, i: int | slice) -> Reform | LazyRecords:
        if isinstance(i, slice):
            return LazyRecords(self.store, self.pos[i])
        return self.store.record(self.pos[i])

    def __iter__(self) -> Iterator[Reform]:
        return map(self.store.record, self.pos)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyRecords):
            if other.store is self.store:
                return self.pos == other.pos
            return tuple(self) == tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the tuple of the same records

    def __repr__(self) -> str:
        return f"<{len(self)} packaged reforms>"

    def take(self, positions: Iterable[int]) -> LazyRecords:
        """The records at *positions* of this sequence."""
        return LazyRecords(self.store, tuple(map(self.pos.__getitem__, positions)))

    def ids(self) -> tuple[str, ...]:
        ids = self.store.ids
        return tuple(map(ids.__getitem__, self.pos))

    def key_dates(self) -> Iterator[PartialDate]:
        """Each record's key date (``Reform.date``)."""
        return map(self.store.key_dates.__getitem__, self.pos)

    def topics(self) -> Iterator[frozenset[Topic]]:
        """Each record's own topics (``Reform.topics``)."""
        return map(self.store.topics.__getitem__, self.pos)

    def all_topics(self) -> Iterator[frozenset[Topic]]:
        """Each record's topics and their parents (``Reform.all_topics``)."""
        from ._topics import with_parents  # noqa: PLC0415

        return map(with_parents, self.topics())

    def kind_tuples(self) -> Iterator[tuple[ReformKind]]:
        """Each record's kind, in a tuple (as ``_collection._kind_of``)."""
        kinds = self.store.kinds
        return ((kinds[p],) for p in self.pos)

    def raw(self) -> list[dict[str, Any]]:
        """Each record in the data format, decoded from the bundle (not built)."""
        return [self.store.raw_record(p) for p in self.pos]


def _read_package() -> Packaged:
    """
    The packaged data, from the bundle built (and fully validated) by
    ``python tools/data.py bundle``, with its index.

    Both files' digests are checked first: only the exact bytes that build
    validated are read, and they are read without validating again
    (:func:`kzreforms._codec.structure_trusted`), each record when it is
    first asked for, which is what makes the first query cheap
    (docs/performance.md).
    """
    import json  # noqa: PLC0415 - only on first load

    rebuild = "rebuild it with: python tools/data.py bundle"
    try:
        raw = _package_bytes(BUNDLE)
        index_raw = _package_bytes(INDEX)
        listed = _package_bytes(BUNDLE_DIGEST).decode("ascii").split()
    except OSError as e:
        msg = f"data/{BUNDLE}: cannot read the packaged data ({e.strerror or e}); {rebuild}"
        raise DataLoadError([msg]) from None
    except UnicodeDecodeError:
        msg = f"data/{BUNDLE_DIGEST}: not ASCII text (b2sum -l 256 lines); {rebuild}"
        raise DataLoadError([msg]) from None
    names = listed[1::2]
    if len(listed) % 2 or len(set(names)) != len(names) or set(names) - {BUNDLE, INDEX}:
        msg = (
            f"data/{BUNDLE_DIGEST}: expected one digest line for {BUNDLE} and one for "
            f"{INDEX}, got {' '.join(names)!r}; {rebuild}"
        )
        raise DataLoadError([msg])
    want = dict(zip(names, listed[::2], strict=True))
    for name, data in ((BUNDLE, raw), (INDEX, index_raw)):
        got = bundle_digest(data)
        if got != want.get(name):
            msg = (
                f"data/{name}: its digest ({got[:12]}...) is not the one its validating "
                f"build recorded in data/{BUNDLE_DIGEST}; the packaged data was changed "
                f"after it was validated ({rebuild})"
            )
            raise DataLoadError([msg])
    if not raw.startswith(b'{"format":%d,' % BUNDLE_FORMAT):
        head = raw[:40].decode("utf-8", "replace")
        msg = (
            f"data/{BUNDLE}: not written in bundle format {BUNDLE_FORMAT}, which this "
            f"version reads (facts cite passages since format 2; it starts {head!r}); {rebuild}"
        )
        raise DataLoadError([msg])
    index = json.loads(index_raw)
    if index.get("format") != INDEX_FORMAT:
        msg = (
            f"data/{INDEX}: written in index format {index.get('format')!r}, and this "
            f"version reads format {INDEX_FORMAT}; {rebuild}"
        )
        raise DataLoadError([msg])
    problem = _index_problem(index, raw, want[BUNDLE])
    if problem:
        raise DataLoadError([f"data/{INDEX}: {problem}; {rebuild}"])
    return Packaged(raw, index)


def _index_problem(index: Mapping[str, Any], raw: bytes, digest: str) -> str | None:
    """
    Why *index* is not the index of the bundle *raw* (whose digest is
    *digest*), or ``None``: it must name that digest, and its spans must
    lie in the bundle in ascending order, each one an object.
    """
    if index.get("bundle") != digest:
        return "written for another bundle (its bundle digest differs)"
    end = 0
    for row in (*index["sources"], *index["reforms"]):
        a, b = row[1], row[2]
        if not (end < a < b <= len(raw)) or raw[a : a + 1] != b"{" or raw[b - 1 : b] != b"}":
            return f"the span of {row[0]!r} ({a}-{b}) is not a record of the bundle"
        end = b
    return None


def read_package_files() -> Dataset:
    """
    The packaged data read from the per-record files (the contributors'
    source of truth), structured and validated in full, with the rules for
    packaged data (:func:`packaged_problems`).
    """
    ds = build_dataset(_files("sources"), _files("reforms"))
    problems = packaged_problems(ds.reforms)
    if problems:
        raise DataLoadError(problems)
    return ds


def packaged_problems(reforms: Iterable[Reform]) -> list[str]:
    """
    The rules the packaged data keeps beyond those of any data: every fact
    (milestone, act, penalty change, figure, measure, and any other object
    with citations) cites at least one passage.  Editorial caveats belong in
    ``notes``, which are not cited.  One line per problem.
    """
    from ._model import facts  # noqa: PLC0415

    return [
        f"reform {r.id}: a fact without citations (cite the passage that states it; "
        f"a caveat goes to notes) @ $.{path}"
        for r in reforms
        for path, fact in facts(r)
        if not fact.citations
    ]


def bundle_files(ds: Dataset) -> tuple[bytes, bytes]:
    """
    The canonical bundle of a validated dataset (compact JSON, UTF-8) and its
    index (:data:`INDEX`): the bundle is ``json.dumps`` of
    ``{"format", "sources", "reforms"}`` with compact separators, written
    one record at a time to know where each stands.
    """
    import json  # noqa: PLC0415

    from ._codec import unstructure  # noqa: PLC0415

    def dumps(x: Any) -> bytes:
        return json.dumps(x, ensure_ascii=False, separators=(",", ":")).encode()

    parts: list[bytes] = []
    at = 0

    def put(b: bytes) -> tuple[int, int]:
        nonlocal at
        parts.append(b)
        at += len(b)
        return at - len(b), at

    def records(items: Iterable[Any]) -> list[tuple[Any, int, int]]:
        out = []
        for n, x in enumerate(items):
            if n:
                put(b",")
            out.append((x, *put(dumps(unstructure(x)))))
        return out

    put(b'{"format":%d,"sources":[' % BUNDLE_FORMAT)
    sources = records(ds.sources.values())
    put(b'],"reforms":[')
    reforms = records(ds.reforms)
    put(b"]}\n")
    raw = b"".join(parts)
    index = {
        "format": INDEX_FORMAT,
        "bundle": bundle_digest(raw),
        "sources": [[x.id, a, b] for x, a, b in sources],
        "reforms": [
            [
                r.id,
                a,
                b,
                [p for p in (r.date.year, r.date.month, r.date.day) if p is not None],
                r.kind.value,
                sorted(t.value for t in r.topics),
            ]
            for r, a, b in reforms
        ],
    }
    return raw, dumps(index) + b"\n"


def build_bundle() -> tuple[bytes, bytes, str]:
    """
    Validate the per-record files in full and return the bundle's bytes, its
    index's bytes and the text of the digest file (``b2sum -l 256`` lines
    for both).

    Raises:
        DataLoadError: The per-record files are not valid (nothing is built).
    """
    raw, index = bundle_files(read_package_files())
    return raw, index, digest_text(raw, index)


def digest_text(bundle: bytes, index: bytes) -> str:
    """The text of :data:`BUNDLE_DIGEST` for these bytes of the bundle and its index."""
    return f"{bundle_digest(bundle)}  {BUNDLE}\n{bundle_digest(index)}  {INDEX}\n"


def build_dataset(
    source_files: Iterable[tuple[str, bytes | str]],
    reform_files: Iterable[tuple[str, bytes | str]],
) -> Dataset:
    """
    Decode, structure and cross-check package files given as ``(name, text)``;
    each file holds one record and is named after its id.

    Raises:
        DataLoadError: Listing every problem in every file.
    """
    from ._convert import decode_json  # noqa: PLC0415 - cattrs on first use

    problems: list[str] = []

    def decode(files: Iterable[tuple[str, bytes | str]]) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = []
        for name, text in files:
            try:
                out.append((name, decode_json(text, where=name)))
            except DataLoadError as e:
                problems.extend(e.problems)
        return out

    src_items = decode(source_files)
    ref_items = decode(reform_files)
    for name, data in [*src_items, *ref_items]:
        rid = data.get("id") if isinstance(data, dict) else None
        if isinstance(rid, str):
            problems.extend(_name_problem(name, rid))
    problems.extend(
        f"{name} ({data.get('id')}): a packaged record needs last_checked, the day its "
        'sources were last read (e.g. "last_checked": "2026-12-02") @ $.last_checked'
        for name, data in ref_items
        if isinstance(data, dict) and data.get("last_checked") is None
    )
    return build_from_items(src_items, ref_items, problems=problems)


def build_from_items(
    src_items: Sequence[tuple[str, Any]],
    ref_items: Sequence[tuple[str, Any]],
    *,
    known_sources: Sequence[Source] = (),
    known_reforms: Sequence[Reform] = (),
    reference_ids: frozenset[str] = frozenset(),
    problems: Sequence[str] = (),
    max_problems: int = MAX_PROBLEMS,
) -> Dataset:
    """
    Structure decoded JSON items (``(where, data)`` pairs) into a checked
    :class:`Dataset`, together with records already known to be valid.

    All or nothing: the problems found are collected into one
    :class:`DataLoadError`.  Structuring stops once *max_problems* problems
    are found (the records left are counted as unchecked, and the
    cross-record checks are skipped): nothing is returned either way.
    """
    from ._convert import structure_bounded  # noqa: PLC0415 - cattrs on first use
    from ._model import Reform, Source  # noqa: PLC0415

    _check_max_problems(max_problems)
    found = list(problems)

    # Issue 7: structure record by record and keep the good ones for the
    # cross-record checks below.  (With structure_many, one bad record left
    # no reforms to check, hiding every duplicated id and unknown source in
    # the rest of the file.)  Nothing is returned unless no problem is found.
    sources, skipped = structure_bounded(src_items, Source, found, max_problems)
    reforms, unchecked = structure_bounded(ref_items, Reform, found, max_problems)
    unchecked += skipped
    if unchecked:
        raise DataLoadError(found, max_problems=max_problems, unchecked=unchecked)
    # A user's copy of a packaged source is the same source, not a second one;
    # a different record under a packaged id is a conflict.
    known = {x.id: x for x in known_sources}
    found.extend(
        f"source {x.id}: differs from the packaged source with this id "
        "(give your source another id, or leave it out to cite the packaged one)"
        for x in sources
        if x.id in known and known[x.id] != x
    )
    own = tuple(x for x in sources if x.id not in known)
    all_sources = (*known_sources, *own)
    all_reforms = (*known_reforms, *reforms)
    # Records that could not be structured still exist (related ids may name
    # them) and their references are checked too, so one run reports all.
    raw = _unstructured(ref_items, reforms)
    raw_ids = frozenset(r.id for r in raw)
    found.extend(validate_dataset(all_sources, all_reforms, reference_ids=reference_ids | raw_ids))
    found.extend(_raw_problems(raw, all_sources, all_reforms, reference_ids))
    found.extend(p for p in _order_problems(raw) if p not in found)
    if found:
        raise DataLoadError(found, max_problems=max_problems)
    return Dataset(
        reforms=tuple(sorted(all_reforms, key=_chrono_key)),
        by_id=MappingProxyType({r.id: r for r in all_reforms}),
        sources=MappingProxyType({s.id: s for s in sorted(all_sources, key=lambda s: s.id)}),
    )


def _check_max_problems(n: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidTypeError("max_problems", n, "a whole number >= 1")
    if n < 1:
        raise QueryError(f"max_problems: {n!r} is not accepted; expected a whole number >= 1")


def _name_problem(name: str, rid: str) -> list[str]:
    stem = name.rsplit("/", 1)[-1].removesuffix(".json")
    return [] if stem == rid else [f"{name} ({rid}): file name must be {rid}.json"]


def _chrono_key(r: Reform) -> tuple[Any, ...]:
    return (r.date.sort_key, r.id)


def validate_dataset(
    sources: Iterable[Source],
    reforms: Iterable[Reform],
    *,
    reference_ids: frozenset[str] = frozenset(),
) -> list[str]:
    """
    Cross-record checks: unique ids, known sources, existing and symmetric
    ``related`` ids.  A related id may also name one of *reference_ids*
    (records outside this set, e.g. the packaged ones when loading a user's
    file); symmetry is only checked inside the set.  Returns one line per
    problem (empty when all is well).
    """
    problems: list[str] = []
    src_ids: set[str] = set()
    for s in sources:
        if s.id in src_ids:
            problems.append(f"source {s.id}: id used twice")
        src_ids.add(s.id)
    reforms = list(reforms)
    ids: dict[str, Reform] = {}
    for r in reforms:
        if r.id in ids:
            problems.append(f"reform {r.id}: id used twice")
        ids[r.id] = r
    for r in reforms:
        problems.extend(_source_problems(r.id, (c.source for c in r.citations), src_ids))
        problems.extend(_relation_problems(r, ids, reference_ids))
        problems.extend(_article_problems(r))
        problems.extend(status_problems(r, ids, reference_ids))
    problems.extend(chain_breaks(reforms))
    return problems


def status_problems(
    r: Reform, ids: Mapping[str, Reform], reference_ids: frozenset[str] = frozenset()
) -> list[str]:
    """
    Check the status rules of one record within a dataset (*ids*: every record by id).

    - ``background`` is true exactly when the earliest milestone is before
      2019-01-01 (:data:`kzreforms._model.BACKGROUND_BEFORE`);
    - every ``supersedes`` / ``superseded_by`` link names an existing record
      (or one of *reference_ids*, records outside this set) and is mirrored
      there, in the other list, with the same kind and date.

    Returns one line per problem.
    """
    from ._model import BACKGROUND_BEFORE  # noqa: PLC0415

    problems: list[str] = []
    first = r.milestones[0].date
    early = first.earliest < BACKGROUND_BEFORE
    if early != r.background:
        want = "true" if early else "false (or left out)"
        problems.append(
            f"reform {r.id}: background is {str(r.background).lower()}, but its earliest "
            f"milestone is {first}: background must be {want} (true exactly when the "
            f"earliest milestone is before {BACKGROUND_BEFORE.isoformat()}) @ $.background"
        )
    for name, back in (("supersedes", "superseded_by"), ("superseded_by", "supersedes")):
        for i, link in enumerate(getattr(r, name)):
            other = ids.get(link.reform)
            where = f"@ $.{name}[{i}]"
            if other is None:
                if link.reform not in reference_ids:
                    known = [k for k in (*ids, *reference_ids) if k != r.id]
                    hint = _did_you_mean(link.reform, known)
                    problems.append(
                        f"reform {r.id}: {name} names {link.reform!r}, which does not "
                        f"exist{hint} {where}"
                    )
                continue
            mirror = [k for k in getattr(other, back) if k.reform == r.id]
            if not any(k.kind is link.kind and k.date == link.date for k in mirror):
                said = (
                    f"lists it as {mirror[0].kind.value}, {mirror[0].date or 'no date'}"
                    if mirror
                    else "does not list it"
                )
                problems.append(
                    f"reform {r.id}: {name} {link.reform!r} ({link.kind.value}, "
                    f"{link.date or 'no date'}), but {link.reform}.{back} {said}; "
                    f"accepted: the same link in both records (same kind and date) {where}"
                )
    return problems


def _article_problems(r: Reform) -> list[str]:
    """Each penalty change names its provision, or says why it cannot."""
    return [
        f"reform {r.id}: give article or article_unknown (the reason the provision "
        f"is not known) @ $.penalty_changes[{i}]"
        for i, c in enumerate(r.penalty_changes)
        if c.article is None and c.article_unknown is None
    ]


def _bare(p: Penalty | None) -> Penalty | None:
    return None if p is None else attrs.evolve(p, note=None)


def chain_breaks(reforms: Iterable[Reform]) -> list[str]:
    """
    Breaks in the chain of changes to each provision: for consecutive reforms
    (in chronological order) that change one provision, the later change's
    ``before`` must be one of the earlier changes' ``after`` (penalty notes
    aside).  A break is excused when the later reform records a
    :class:`Discrepancy` that disputes that change (its path is at or below
    ``penalty_changes[i]``) or whose subject names the provision (e.g.
    "CC 128(1): penalty before the change").  Returns one line per break.
    """
    by_ref: dict[ArticleRef, list[tuple[Reform, int]]] = {}
    for r in sorted(reforms, key=_chrono_key):
        for i, c in enumerate(r.penalty_changes):
            if c.article is not None:
                by_ref.setdefault(c.article, []).append((r, i))
    problems: list[str] = []
    for ref, hits in sorted(by_ref.items()):
        groups: list[tuple[Reform, list[int]]] = []
        for r, i in hits:
            if groups and groups[-1][0] is r:
                groups[-1][1].append(i)
            else:
                groups.append((r, [i]))
        for (a, ai), (b, bi) in itertools.pairwise(groups):
            afters = [_bare(a.penalty_changes[i].after) for i in ai]
            excused = any(str(ref) in d.subject for d in b.discrepancies)
            for i in bi:
                before = b.penalty_changes[i].before
                if _bare(before) in afters or excused or b.disputed(f"penalty_changes[{i}]"):
                    continue
                was = " or ".join(str(x) for x in afters)
                problems.append(
                    f"reform {b.id}: {ref} before is {before or '(no offence)'}, but {a.id} "
                    f"left it at {was} (fix it, or record a Discrepancy with the path "
                    f"'penalty_changes[{i}].before') @ $.penalty_changes[{i}].before"
                )
    return problems


def _did_you_mean(name: str, choices: Iterable[str]) -> str:
    hits = close_matches(name, choices)
    return f" (did you mean {' or '.join(repr(h) for h in hits)}?)" if hits else ""


def _source_problems(rid: str, cited: Iterable[str], src_ids: Collection[str]) -> list[str]:
    """One line per unknown source a record cites (however often), with close matches."""
    return [
        f"reform {rid}: cites unknown source {s!r}{_did_you_mean(s, src_ids)} @ $.citations"
        for s in dict.fromkeys(cited)
        if s not in src_ids
    ]


class _Raw(NamedTuple):
    """The references of a record that could not be structured, read from its JSON."""

    id: str
    sources: tuple[str, ...]
    related: tuple[str, ...]
    where: str = ""
    milestones: Any = None


def _unstructured(items: Sequence[tuple[str, Any]], structured: Sequence[Reform]) -> list[_Raw]:
    """The ids and references of the reform *items* that did not structure."""
    pending = Counter(r.id for r in structured)
    out: list[_Raw] = []
    for where, data in items:
        rid = data.get("id") if isinstance(data, dict) else None
        if not isinstance(rid, str) or not rid:
            continue
        if pending[rid] > 0:
            pending[rid] -= 1
            continue
        cited = _strings(data.get("citations"), "source")
        out.append(_Raw(rid, cited, _strings(data.get("related")), where, data.get("milestones")))
    return out


def _strings(value: Any, key: str | None = None) -> tuple[str, ...]:
    """The strings in a JSON list (or in field *key* of its objects); malformed parts skipped."""
    vals = value if isinstance(value, list) else []
    if key is not None:
        vals = [v.get(key) for v in vals if isinstance(v, dict)]
    return tuple(v for v in vals if isinstance(v, str))


def _raw_problems(
    raw: Sequence[_Raw],
    sources: Iterable[Source],
    reforms: Iterable[Reform],
    reference_ids: frozenset[str],
) -> list[str]:
    """Unknown sources and related ids of the records that could not be structured."""
    src_ids = {s.id for s in sources}
    ids = {r.id: r for r in reforms}
    others = reference_ids | {r.id for r in raw}
    problems: list[str] = []
    for r in raw:
        problems.extend(_source_problems(r.id, r.sources, src_ids))
        problems.extend(_relation_problems(r, ids, others))
    return problems


def _order_problems(raw: Sequence[_Raw]) -> list[str]:
    """
    The milestone order of the records that could not be structured (a bad
    field stops the record's own order check), when their milestones are valid.
    """
    from ._convert import from_jsonable  # noqa: PLC0415
    from ._errors import InvalidRecordError  # noqa: PLC0415
    from ._model import Milestone, check_milestone_order  # noqa: PLC0415

    problems: list[str] = []
    for r in raw:
        try:
            ms = from_jsonable(r.milestones, tuple[Milestone, ...])
            check_milestone_order(ms)
        except DataLoadError:
            continue
        except InvalidRecordError as e:
            problems.append(f"{r.where} ({r.id}): {e} @ $")
    return problems


def _relation_problems(
    r: Reform | _Raw, ids: Mapping[str, Reform], reference_ids: frozenset[str]
) -> list[str]:
    problems: list[str] = []
    for rel in r.related:
        if rel in ids:
            if r.id not in ids[rel].related:
                problems.append(
                    f"reform {r.id}: related {rel!r} does not list {r.id!r} back @ $.related"
                )
        elif rel not in reference_ids:
            hint = _did_you_mean(rel, [i for i in (*ids, *reference_ids) if i != r.id])
            problems.append(f"reform {r.id}: related id {rel!r} does not exist{hint} @ $.related")
    return problems


# ---------------------------------------------------------------------------
# A user's own data
# ---------------------------------------------------------------------------


MAX_BYTES = 50_000_000
"""
The most a user's data may hold, in bytes (characters for JSON text given as
a ``str``): per file and in total over a directory.  ``load(...,
max_bytes=N)`` and ``load_text(..., max_bytes=N)`` override it.
"""

_BOM = "\ufeff"


class _Budget:
    """The bytes left to read, shared by every file of one load."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.left = max_bytes

    def too_big(self, where: str) -> DataLoadError:
        return DataLoadError(
            [f"{where}: more than {self.max_bytes:,} bytes of data; pass max_bytes= to read more"]
        )


def _check_max_bytes(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise InvalidTypeError("max_bytes", n, "a whole number of bytes >= 1")
    if n < 1:
        raise QueryError(f"max_bytes: {n!r} is not accepted; expected a whole number >= 1")
    return n


_FILE_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def _read_regular(path: Path, budget: _Budget) -> bytes:
    """
    The bytes of the regular file *path*, at most what *budget* has left.

    Round two: ``/dev/zero`` ended in a MemoryError and a FIFO blocked
    forever.  The file is opened without blocking (a FIFO opens at once) and
    checked on the open descriptor, so nothing but a regular file is read.
    """
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError) as e:
        reason = getattr(e, "strerror", None) or e
        raise DataLoadError([f"{where}: cannot read ({reason})"]) from None
    with os.fdopen(fd, "rb") as f:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DataLoadError(
                [f"{where}: cannot read {_kind(mode)}; accepted: a regular file or a directory"]
            )
        try:
            raw = f.read(budget.left + 1)
        except OSError as e:
            raise DataLoadError([f"{where}: cannot read ({e.strerror or e})"]) from None
    if len(raw) > budget.left:
        raise budget.too_big(where)
    budget.left -= len(raw)
    return raw.removeprefix(b"\xef\xbb\xbf")


def read_user_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[Items, Items]:
    """
    Decode a user's data from *path* (a JSON file, or a directory laid out
    like the package data) into ``(sources, reforms)`` lists of ``(where,
    decoded JSON)`` items, reading at most *max_bytes* in all.

    A ``str`` is always a path.  JSON text given as a ``str`` is refused
    with a pointer to :func:`read_user_text` (``kzreforms.load_text``).
    """
    from pathlib import Path  # noqa: PLC0415

    from ._convert import decode_json  # noqa: PLC0415 - cattrs on first use

    budget = _Budget(_check_max_bytes(max_bytes))
    if isinstance(path, str):
        t = path.lstrip(_BOM + " \t\r\n")
        if not t:
            raise DataLoadError(["load(): got an empty str; give the path of a file or directory"])
        if t[0] in "[{":
            msg = (
                "load(): got JSON text, not a path; give JSON text to "
                "kzreforms.load_text() (a file whose name starts with '[' or "
                "'{' can be given as a pathlib.Path)"
            )
            raise DataLoadError([msg])
        path = Path(path)
    if not isinstance(path, Path):
        raise InvalidTypeError(
            "path",
            path,
            "a pathlib.Path or a str naming a file or directory "
            "(JSON text goes to kzreforms.load_text())",
        )
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        # Issue 7: read both folders before failing, so that one error
        # lists the broken files of both (sources used to hide reforms).
        problems: list[str] = []
        sources, reforms = (
            _items(path / "sources", problems, budget),
            _items(path / "reforms", problems, budget),
        )
        if problems:
            raise DataLoadError(problems)
        return sources, reforms
    raw = _read_regular(path, budget)
    return _split(decode_json(raw, where=str(path)), str(path))


def read_user_text(text: str | bytes, *, max_bytes: int = MAX_BYTES) -> tuple[Items, Items]:
    """
    Decode JSON *text* (``str`` or ``bytes``, a leading BOM allowed, at most
    *max_bytes* long) into ``(sources, reforms)`` items.
    """
    from ._convert import decode_json  # noqa: PLC0415 - cattrs on first use

    limit = _check_max_bytes(max_bytes)
    if isinstance(text, bytearray):
        text = bytes(text)
    if isinstance(text, bytes):
        text = text.removeprefix(b"\xef\xbb\xbf")
    elif isinstance(text, str):
        text = text.removeprefix(_BOM)
    else:
        raise InvalidTypeError("text", text, "JSON text as str or bytes (a path goes to load())")
    if len(text) > limit:
        raise _Budget(limit).too_big("<json>")
    return _split(decode_json(text, where="<json>"), "<json>")


def read_user_data(data: str | bytes | Path) -> tuple[Items, Items]:
    """
    Decode a user's data: a ``Path`` or a ``str`` is a path
    (:func:`read_user_path`), ``bytes`` are JSON text (:func:`read_user_text`).
    """
    if isinstance(data, (bytes, bytearray)):
        return read_user_text(data)
    return read_user_path(data)


def _items(folder: Path, problems: list[str], budget: _Budget) -> Items:
    """Decode every ``*.json`` file in *folder*, adding failures to *problems*."""
    from ._convert import decode_json  # noqa: PLC0415

    if not folder.is_dir():
        return []
    out: list[tuple[str, Any]] = []
    for p in sorted(folder.glob("*.json")):
        try:
            out.append((str(p), decode_json(_read_regular(p, budget), where=str(p))))
        except DataLoadError as e:
            problems.extend(e.problems)
    return out


def _split(doc: Any, where: str) -> tuple[Items, Items]:
    if isinstance(doc, list):
        return [], _Numbered(where, doc)
    if isinstance(doc, dict) and "reforms" in doc:
        extra = sorted(set(doc) - {"reforms", "sources"})
        if extra:
            raise DataLoadError(
                [f"{where}: unknown top-level key(s) {extra}; accepted: reforms, sources"]
            )
        reforms, sources = doc.get("reforms"), doc.get("sources", [])
        if not isinstance(reforms, list) or not isinstance(sources, list):
            raise DataLoadError([f"{where}: 'reforms' and 'sources' must be JSON lists"])
        return _Numbered(f"{where} sources", sources), _Numbered(f"{where} reforms", reforms)
    if isinstance(doc, dict):
        return [], [(where, doc)]
    raise DataLoadError([f"{where}: expected a list of reforms or an object with 'reforms'"])

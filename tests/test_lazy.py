# SPDX-License-Identifier: MIT
"""
The packaged data's records built on demand (issue #14, cold start).

``reforms()`` holds :class:`kzreforms._store.LazyRecords`: positions in the
bundle, answered from its index (``data/bundle-index.json``) until a record
is read.  These tests hold it to the fully built collection: every query
answers the same records, in the same order, on both; the index says what
the records say; a first query and ``kzreforms list --format json`` leave
the record classes unimported.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import json
import os
import pickle
import re
import sys
import threading
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from _support import fresh_json
from kzreforms import DataLoadError, ReformSet, Stage, Topic, _store
from kzreforms._codec import unstructure
from kzreforms._store import (
    BUNDLE,
    BUNDLE_DIGEST,
    INDEX,
    LazyRecords,
    Packaged,
    _read_package,
    dataset,
    packaged,
)


def _lazy() -> ReformSet:
    """A new root collection on the packaged data: lazy, with no index built yet."""
    store = packaged()
    return ReformSet._trusted(LazyRecords(store, tuple(range(len(store)))))


def _eager() -> ReformSet:
    """The same records, every one built, in a plain tuple."""
    return ReformSet._trusted(tuple(dataset().reforms))


def _fresh_store() -> Packaged:
    """A store of its own (nothing built yet), read as reforms() reads the package."""
    return _read_package()


class TestColdPath:
    """What a first query imports (fresh interpreters)."""

    def test_first_query_builds_no_record(self) -> None:
        """The issue's query answers from the index: no _model, no record built."""
        code = (
            "import sys, json, kzreforms\n"
            "rs = kzreforms.reforms().topic('trafficking').since('2020')\n"
            "from kzreforms import _store\n"
            "print(json.dumps([rs.ids(), 'kzreforms._model' in sys.modules,\n"
            "                  len(_store.packaged()._built)]))\n"
        )
        ids, model_loaded, built = fresh_json(code)
        want = kzreforms.reforms().topic("trafficking").since("2020").ids()
        assert want
        assert tuple(ids) == want
        assert model_loaded is False
        assert built == 0

    def test_reading_a_record_builds_that_one(self) -> None:
        code = (
            "import sys, json, kzreforms\n"
            "rs = kzreforms.reforms().topic('trafficking')\n"
            "title = rs[0].title\n"
            "from kzreforms import _store\n"
            "print(json.dumps([title, 'kzreforms._model' in sys.modules,\n"
            "                  len(_store.packaged()._built)]))\n"
        )
        title, model_loaded, built = fresh_json(code)
        assert title == kzreforms.reforms().topic("trafficking")[0].title
        assert model_loaded is True
        assert built == 1

    def test_cli_list_json_builds_no_record(self) -> None:
        code = (
            "import sys, json, io, contextlib\n"
            "from kzreforms._cli import main\n"
            "out = io.StringIO()\n"
            "with contextlib.redirect_stdout(out):\n"
            "    status = main(['list', '--topic', 'trafficking', '--format', 'json'])\n"
            "print(json.dumps([status, json.loads(out.getvalue()),\n"
            "                  'kzreforms._model' in sys.modules]))\n"
        )
        status, printed, model_loaded = fresh_json(code)
        assert status == 0
        assert printed == [unstructure(r) for r in kzreforms.reforms().topic("trafficking")]
        assert model_loaded is False

    def test_load_builds_no_packaged_record(self) -> None:
        """Your own data needs the packaged ids and sources, not the packaged records."""
        code = (
            "import json, kzreforms\n"
            "kzreforms.load_text('[]')\n"
            "from kzreforms import _store\n"
            "print(json.dumps(len(_store.packaged()._built)))\n"
        )
        assert fresh_json(code) == 0


class TestIndexAgreesWithRecords:
    """The index says what the built records say, record by record."""

    def test_ids_dates_kinds_topics(self) -> None:
        store = packaged()
        reforms = dataset().reforms
        assert store.ids == tuple(r.id for r in reforms)
        assert store.key_dates == tuple(r.date for r in reforms)
        assert store.kinds == tuple(r.kind for r in reforms)
        assert store.topics == tuple(r.topics for r in reforms)
        lazy = LazyRecords(store, tuple(range(len(store))))
        assert list(lazy.all_topics()) == [r.all_topics for r in reforms]

    def test_raw_records_are_the_data_format(self) -> None:
        """Decoded from the bundle, each record is what unstructure() gives."""
        store = _fresh_store()
        for i in range(len(store)):
            assert store.raw_record(i) == unstructure(store.record(i)), store.ids[i]

    def test_every_record_built_once(self) -> None:
        """dataset() holds the very objects record() gave, then drops the bytes."""
        store = _fresh_store()
        first = store.record(3)
        ds = store.dataset()
        assert ds.reforms[3] is first
        assert all(ds.reforms[i] is store.record(i) for i in range(len(store)))
        assert store._raw is None
        assert store.raw_record(3) == unstructure(first)  # from the record now
        assert store.dataset() is ds
        assert dict(ds.sources) == dict(packaged().sources())

    def test_threads_get_one_object(self) -> None:
        """Concurrent first reads of one record agree on one object."""
        store = _fresh_store()
        got: list[Any] = []
        barrier = threading.Barrier(8)

        def read() -> None:
            barrier.wait()
            got.append(store.record(5))

        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(got) == 8
        assert all(x is store.record(5) for x in got)


class TestLazyRecords:
    """The lazy sequence behaves as the tuple of its records."""

    def test_equal_and_hash_as_tuple(self) -> None:
        lazy, eager = _lazy(), _eager()
        assert lazy._records == tuple(eager._records)
        assert tuple(eager._records) == lazy._records  # reflected
        assert hash(lazy._records) == hash(tuple(eager._records))
        assert lazy == eager
        assert hash(lazy) == hash(eager)
        assert isinstance(lazy._records, LazyRecords)
        assert lazy._records.__eq__([*eager._records]) is NotImplemented  # a list is no tuple

    def test_other_store_compares_by_records(self) -> None:
        a = LazyRecords(_fresh_store(), (0, 1, 2))
        b = LazyRecords(packaged(), (0, 1, 2))
        assert a == b
        assert a != LazyRecords(packaged(), (0, 1, 3))

    def test_index_slice_take(self) -> None:
        lazy = _lazy()._records
        assert isinstance(lazy, LazyRecords)
        eager = dataset().reforms
        assert lazy[-1] == eager[-1]
        assert lazy[5] == eager[5]
        part = lazy[2:9:3]
        assert isinstance(part, LazyRecords)
        assert tuple(part) == eager[2:9:3]
        assert tuple(part.take([2, 0])) == (eager[8], eager[2])
        with pytest.raises(IndexError):
            lazy[len(eager)]
        assert repr(part) == "<3 packaged reforms>"

    def test_pickle_gives_built_records(self) -> None:
        rs = _lazy().topic("trafficking")
        back = pickle.loads(pickle.dumps(rs))  # noqa: S301 - our own bytes
        assert back == rs
        assert not isinstance(back._records, LazyRecords)

    def test_repr_names_ids(self) -> None:
        assert repr(_lazy()) == repr(_eager())


_TOPICS = st.sampled_from(sorted(t.value for t in Topic))
_KINDS = st.sampled_from(sorted({r.kind.value for r in dataset().reforms}))
_DAY = st.dates(dt.date(2017, 1, 1), dt.date(2027, 12, 31))
_PARTIAL = st.one_of(
    _DAY.map(lambda d: d.isoformat()),
    _DAY.map(lambda d: d.isoformat()[:7]),
    _DAY.map(lambda d: d.isoformat()[:4]),
)
_ON = st.sampled_from(["key", "any", Stage.SIGNED, Stage.IN_FORCE])
_MODE = st.sampled_from(["overlaps", "within"])
_WORDS = st.sampled_from(["law", "trafficking", "torture", "child", "code", "media", "zzzz"])

_STEP = st.one_of(
    st.tuples(st.just("topic"), st.lists(_TOPICS, min_size=1, max_size=3)),
    st.tuples(st.just("kind"), st.lists(_KINDS, min_size=1, max_size=2)),
    st.tuples(st.just("since"), _PARTIAL, _MODE, _ON),
    st.tuples(st.just("until"), _PARTIAL, _MODE, _ON),
    st.tuples(st.just("during"), _PARTIAL, _MODE, _ON),
    st.tuples(st.just("search"), _WORDS),
    st.tuples(st.just("slice"), st.integers(-20, 20), st.integers(-20, 120)),
    st.tuples(st.just("or-topic"), _TOPICS),
    st.tuples(st.just("minus-topic"), _TOPICS),
)


def _apply(rs: ReformSet, step: tuple[Any, ...]) -> ReformSet:
    op, *args = step
    if op == "topic":
        return rs.topic(*args[0])
    if op == "kind":
        return rs.kind(*args[0])
    if op in ("since", "until", "during"):
        when, mode, on = args
        out: ReformSet = getattr(rs, op)(when, mode=mode, on=on)
        return out
    if op == "search":
        return rs.search(args[0])
    if op == "slice":
        return rs[args[0] : args[1]]
    if op == "or-topic":
        return rs | rs.topic(args[0])
    return rs - rs.topic(args[0])


class TestSameAnswers:
    """Any chain of queries answers the same on the lazy and the built collection."""

    @given(steps=st.lists(_STEP, min_size=1, max_size=4))
    def test_chains(self, steps: list[tuple[Any, ...]]) -> None:
        lazy, eager = _lazy(), _eager()
        for step in steps:
            lazy, eager = _apply(lazy, step), _apply(eager, step)
            assert lazy.ids() == eager.ids()
        assert len(lazy) == len(eager)
        assert lazy == eager
        assert tuple(lazy) == tuple(eager)
        assert lazy.first() == eager.first()
        assert lazy.last() == eager.last()
        assert lazy._data_records() == eager._data_records()

    @given(steps=st.lists(_STEP, min_size=1, max_size=3))
    def test_chains_on_the_shared_collection(self, steps: list[tuple[Any, ...]]) -> None:
        """The same through kzreforms.reforms(), whose indexes persist between examples."""
        lazy, eager = kzreforms.reforms(), _eager()
        for step in steps:
            lazy, eager = _apply(lazy, step), _apply(eager, step)
        assert lazy.ids() == eager.ids()
        assert lazy == eager

    @given(rid=st.sampled_from(packaged().ids), probe=st.text(max_size=12))
    def test_lookups(self, rid: str, probe: str) -> None:
        lazy, eager = _lazy(), _eager()
        assert lazy.get(rid) == eager.get(rid)
        assert rid in lazy  # type: ignore[comparison-overlap]
        assert lazy.get(rid) in lazy
        assert (probe in lazy) == (probe in eager)  # type: ignore[comparison-overlap]


class TestCliJson:
    """``list --format json`` prints the same bytes from the bundle as from built records."""

    @pytest.mark.parametrize(
        "args",
        [
            ["list", "--topic", "trafficking", "--format", "json"],
            ["list", "--since", "2024", "--format", "jsonl", "--limit", "5"],
            ["list", "--kind", "law", "--format", "json"],
        ],
    )
    def test_same_output(self, args: list[str]) -> None:
        from kzreforms import _cli

        out = io.StringIO()
        with redirect_stdout(out):
            assert _cli.main(args) == 0
        # the same records built and dumped one by one
        fmt = args[args.index("--format") + 1]
        limit = int(args[args.index("--limit") + 1]) if "--limit" in args else None
        want = _eager()
        for flag, method in (("--topic", "topic"), ("--since", "since"), ("--kind", "kind")):
            if flag in args:
                want = getattr(want, method)(args[args.index(flag) + 1])
        records = [unstructure(r) for r in list(want)[:limit]]
        text = _cli._json_text(records) if fmt == "json" else _cli._jsonl_text(records)
        assert out.getvalue() == text


def _files() -> dict[str, bytes]:
    data = Path(_store.__file__).parent / "data"
    return {n: (data / n).read_bytes() for n in (BUNDLE, INDEX, BUNDLE_DIGEST)}


def _digests(files: dict[str, bytes]) -> bytes:
    return _store.digest_text(files[BUNDLE], files[INDEX]).encode()


class TestDamagedPackage:
    """What the digests cannot catch alone is refused too (read in-process)."""

    def _read(self, monkeypatch: pytest.MonkeyPatch, files: dict[str, bytes]) -> str:
        monkeypatch.setattr(_store, "_package_bytes", files.__getitem__)
        with pytest.raises(DataLoadError) as e:
            _read_package()
        text = str(e.value)
        assert "python tools/data.py bundle" in text
        return text

    def test_intact_files_are_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_store, "_package_bytes", _files().__getitem__)
        assert _read_package().ids == packaged().ids

    def test_stale_index(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bundle edited and re-digested, its index left as it was: refused."""
        files = _files()
        raw = files[BUNDLE]
        a, b = json.loads(files[INDEX])["reforms"][0][1:3]
        date = re.search(rb'"(\d{4})-\d\d-\d\d"', raw[a:b])
        assert date is not None
        year = date.group(1)
        other = str(int(year) + 10).encode()  # same length: the spans still fit
        files[BUNDLE] = raw[:a] + raw[a:b].replace(year, other, 1) + raw[b:]
        files[BUNDLE_DIGEST] = _digests(files)
        assert "another bundle" in self._read(monkeypatch, files)

    def test_spans_out_of_the_bundle(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An index whose spans do not cut the bundle into its records: refused."""
        files = _files()
        index = json.loads(files[INDEX])
        index["reforms"][1][1] -= 1  # one byte early: not the start of a record
        files[INDEX] = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode()
        files[BUNDLE_DIGEST] = _digests(files)
        assert "is not a record of the bundle" in self._read(monkeypatch, files)

    def test_index_of_another_format(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An index this version cannot read says which format it is in."""
        files = _files()
        index = json.loads(files[INDEX])
        index["format"] = 99
        files[INDEX] = json.dumps(index).encode()
        files[BUNDLE_DIGEST] = _digests(files)
        assert "index format 99" in self._read(monkeypatch, files)

    @pytest.mark.parametrize("damage", ["bom", "twice", "unknown", "odd"])
    def test_digest_file(self, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
        files = _files()
        lines = files[BUNDLE_DIGEST]
        files[BUNDLE_DIGEST] = {
            "bom": b"\xef\xbb\xbf" + lines,
            "twice": lines + lines.splitlines(keepends=True)[0],
            "unknown": lines + f"{'0' * 64}  other.json\n".encode(),
            "odd": lines + b"0000\n",
        }[damage]
        assert BUNDLE_DIGEST in self._read(monkeypatch, files)


class TestFork:
    """A child forked while the store builds starts unlocked, with the collector on."""

    def test_child_gets_collector_back(self) -> None:
        if not hasattr(os, "fork"):
            assert sys.platform == "win32"
            return
        packaged()
        was = gc.isenabled()
        gc.disable()
        _store._gc_paused = True  # as during Packaged._build_all
        try:
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child reports by its exit status
                os._exit(0 if gc.isenabled() else 1)
        finally:
            _store._gc_paused = False
            if was:
                gc.enable()
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0

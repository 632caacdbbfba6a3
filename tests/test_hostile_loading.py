# SPDX-License-Identifier: MIT
"""
Hostile input, round two: loading, bounds, search cost, fork safety, wrong types.

Each class pins one attack from the issue (docs/reliability.md, "Round two")
and fails on the code before the fix: unbounded problem lists, unbounded or
blocking reads, strings taken for paths, unbounded numbers, unbounded search
text, a lock held across ``fork()``, raw ``TypeError`` on wrong types, and
whole bad values repeated in error messages.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import json
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    DataLoadError,
    Figure,
    InvalidRecordError,
    InvalidTypeError,
    KzReformsError,
    Liability,
    PartialDate,
    Penalty,
    Quantity,
    QueryError,
    Term,
    _api,
    _cli,
    _errors,
    _index,
    _model,
    _store,
    _text,
)
from kzreforms._cite import format_source


def packaged_doc(rid: str) -> dict[str, Any]:
    """A packaged reform as decoded JSON, to be changed by a test."""
    doc: dict[str, Any] = json.loads(kzreforms.dumps(kzreforms.get(rid)))
    return doc


# ---------------------------------------------------------------------------
# 1. A bounded number of problems
# ---------------------------------------------------------------------------


class TestProblemBound:
    """Loading stops collecting after MAX_PROBLEMS problems and counts the rest."""

    def test_default_bound_is_documented(self) -> None:
        """The bound is a module constant, 100 by default."""
        assert _errors.MAX_PROBLEMS == 100

    def test_many_empty_records_stop_early(self) -> None:
        """20,000 empty records: 100 lines, the rest of the records left unchecked."""
        n = 20_000
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text("[" + ",".join(["{}"] * n) + "]")
        e = info.value
        assert len(e.problems) == _errors.MAX_PROBLEMS
        assert e.total >= len(e.problems)
        assert n - 100 < e.unchecked < n
        message = str(e)
        assert message.startswith(f"at least {e.total} problem(s) in the data:")
        assert f"... and {e.unchecked:,} more records not checked" in message
        assert len(message) < 20_000

    def test_more_problems_are_counted(self) -> None:
        """150 copies of one reform: 149 'id used twice', 100 listed, 49 counted."""
        text = kzreforms.dumps([kzreforms.get("national-kurultai")] * 150)
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text(text)
        e = info.value
        assert (e.total, len(e.problems), e.unchecked) == (149, 100, 0)
        assert str(e).endswith("... and 49 more problems")

    def test_keyword_overrides_the_bound(self) -> None:
        """max_problems=3 keeps three lines."""
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text("[{}, {}, {}]", max_problems=3)
        assert len(info.value.problems) == 3

    @pytest.mark.parametrize(
        ("value", "error"), [(0, QueryError), (-1, QueryError), ("5", InvalidTypeError)]
    )
    def test_bad_bound_refused(self, value: object, error: type[Exception]) -> None:
        """max_problems must be a whole number >= 1."""
        with pytest.raises(error, match="max_problems"):
            kzreforms.load_text("[]", max_problems=value)  # type: ignore[arg-type]

    def test_error_built_directly_is_bounded(self) -> None:
        """A DataLoadError given 10,000 lines keeps 100 and counts 10,000."""
        e = DataLoadError([f"line {i}" for i in range(10_000)])
        assert (e.total, len(e.problems)) == (10_000, 100)
        assert "... and 9,900 more problems" in str(e)

    def test_few_problems_unchanged(self) -> None:
        """Below the bound the message is as before."""
        e = DataLoadError(["a", "b"])
        assert str(e) == "2 problem(s) in the data:\n  a\n  b"
        assert (e.total, e.unchecked) == (2, 0)


# ---------------------------------------------------------------------------
# 2. Bounded reads, regular files only, paths and text kept apart
# ---------------------------------------------------------------------------


def returns_within(fn: Callable[[], object], seconds: float) -> BaseException | None:
    """Run *fn* in a thread; fail if it has not returned after *seconds*."""
    out: list[BaseException | None] = [None]

    def run() -> None:
        try:
            fn()
        except BaseException as e:  # noqa: BLE001 - handed back to the test
            out[0] = e

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still running after {seconds} s"
    return out[0]


class TestReads:
    """load() reads only regular files, at most max_bytes; text has its own entry point."""

    def test_default_size_is_documented(self) -> None:
        """50 MB per load."""
        assert _store.MAX_BYTES == 50_000_000

    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
    def test_device_refused(self) -> None:
        """/dev/zero used to end in a MemoryError."""
        with pytest.raises(DataLoadError, match="cannot read a character device"):
            kzreforms.load("/dev/zero")

    def test_fifo_refused_without_blocking(self, tmp_path: Path) -> None:
        """A FIFO with no writer used to block forever."""
        if not hasattr(os, "mkfifo"):
            assert sys.platform == "win32"
            return
        fifo = tmp_path / "pipe.json"
        os.mkfifo(fifo)
        error = returns_within(lambda: kzreforms.load(fifo), 10)
        assert isinstance(error, DataLoadError)
        assert "cannot read a FIFO (named pipe)" in str(error)

    def test_file_larger_than_max_bytes(self, tmp_path: Path) -> None:
        """A file over the limit is refused, saying how to raise it."""
        path = tmp_path / "big.json"
        path.write_text("[" + " " * 100 + "]", encoding="utf-8")
        with pytest.raises(DataLoadError, match="more than 50 bytes of data; pass max_bytes="):
            kzreforms.load(path, max_bytes=50)
        assert kzreforms.load(path, max_bytes=102).ids() == ()

    def test_directory_total_is_bounded(self, tmp_path: Path) -> None:
        """The limit holds for all files of a directory together."""
        (tmp_path / "reforms").mkdir()
        for name in ("a", "b"):
            (tmp_path / "reforms" / f"{name}.json").write_text("{}" + " " * 38, encoding="utf-8")
        with pytest.raises(DataLoadError) as info:
            kzreforms.load(tmp_path, max_bytes=60)
        assert [p for p in info.value.problems if "b.json: more than 60 bytes" in p]

    def test_text_larger_than_max_bytes(self) -> None:
        """JSON text is bounded too."""
        with pytest.raises(DataLoadError, match="more than 3 bytes"):
            kzreforms.load_text("[  ]", max_bytes=3)

    @pytest.mark.parametrize("value", [0, True, "1"])
    def test_bad_max_bytes(self, value: object) -> None:
        """max_bytes must be a whole number >= 1."""
        with pytest.raises(KzReformsError, match="max_bytes"):
            kzreforms.load_text("[]", max_bytes=value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("text", ["[]", ' {"reforms": []}', '\ufeff[{"a": "/"}]'])
    def test_json_text_given_to_load(self, text: str) -> None:
        """JSON text as a str is not guessed at: the error names load_text()."""
        with pytest.raises(DataLoadError, match=r"kzreforms\.load_text\(\)"):
            kzreforms.load(text)

    def test_bracket_file_name_as_path(self, tmp_path: Path) -> None:
        """A file named '[x].json' is read when given as a Path (the error says so)."""
        path = tmp_path / "[x].json"
        path.write_text("[]", encoding="utf-8")
        assert kzreforms.load(path).ids() == ()
        with pytest.raises(DataLoadError, match=r"can be given as a pathlib\.Path"):
            kzreforms.load("[x].json")

    def test_empty_str_is_not_the_current_directory(self) -> None:
        """Path('') is '.', which load() used to read as a data directory."""
        with pytest.raises(DataLoadError, match="empty str"):
            kzreforms.load("")

    @pytest.mark.parametrize("value", [b"[]", 5, None])
    def test_load_refuses_non_paths(self, value: object) -> None:
        """Bytes and other types go nowhere near the file system."""
        with pytest.raises(InvalidTypeError, match="load_text"):
            kzreforms.load(value)  # type: ignore[arg-type]

    @pytest.mark.parametrize("value", [Path("x.json"), 5, None])
    def test_load_text_refuses_non_text(self, value: object) -> None:
        """load_text() takes str or bytes only."""
        with pytest.raises(InvalidTypeError, match="JSON text as str or bytes"):
            kzreforms.load_text(value)  # type: ignore[arg-type]

    def test_a_str_is_always_a_path(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A relative str names a file (no JSON-or-path guessing)."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "secrets").mkdir()
        (tmp_path / "secrets" / "app.json").write_text("[]", encoding="utf-8")
        assert kzreforms.load("secrets/app.json").ids() == ()

    @pytest.mark.parametrize(
        "text", ["\ufeff[]", b"\xef\xbb\xbf[]", "\ufeff[ ]\n", bytearray(b"[]")]
    )
    def test_bom_allowed_in_text(self, text: str | bytes) -> None:
        """A leading byte-order mark is allowed in JSON text (and '/' is just text)."""
        assert kzreforms.load_text(text).ids() == ()

    def test_bom_allowed_in_files(self, tmp_path: Path) -> None:
        """Editors on Windows write a BOM: files may start with one."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf[]")
        assert kzreforms.load(path).ids() == ()

    @pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
    @pytest.mark.parametrize("argv", [["validate", "/dev/zero"], ["--data", "/dev/zero", "list"]])
    def test_cli_refuses_devices(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        """The CLI exits 1 with a message, not a MemoryError traceback."""
        assert _cli.main(argv) == 1
        captured = capsys.readouterr()
        assert "character device" in captured.out + captured.err
        assert "Traceback" not in captured.err

    def test_cli_validate_counts_every_problem(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """validate lists 100 problems, says how many more, and counts them all."""
        path = tmp_path / "dups.json"
        path.write_text(kzreforms.dumps([kzreforms.get("national-kurultai")] * 150), "utf-8")
        assert _cli.main(["validate", str(path)]) == 1
        captured = capsys.readouterr()
        assert len(captured.out.splitlines()) == 101
        assert captured.out.endswith("... and 49 more problems\n")
        assert "149 problems found" in captured.err

    def test_cli_validate_says_records_were_not_checked(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When loading stopped early, validate says so and counts 'at least'."""
        path = tmp_path / "empty-records.json"
        path.write_text("[" + ",".join(["{}"] * 500) + "]", "utf-8")
        assert _cli.main(["validate", str(path)]) == 1
        captured = capsys.readouterr()
        lines = captured.out.splitlines()
        assert len(lines) == 102
        assert lines[-2] == "... and 5 more problems"
        assert lines[-1].startswith("... and 485 more records not checked")
        assert ": at least 105 problems found" in captured.err


# ---------------------------------------------------------------------------
# 3. Bounded numbers
# ---------------------------------------------------------------------------


class TestNumberBounds:
    """Every number has a documented ceiling, checked at construction and so at load."""

    def test_documented_values(self) -> None:
        """The ceilings docs/data-model.md lists."""
        assert (
            _model.MAX_TERM_MONTHS,
            _model.MAX_FINE_MCI,
            _model.MAX_ARREST_DAYS,
            _model.MAX_COMMUNITY_WORK_HOURS,
            _model.MAX_FIGURE,
            _model.MAX_FIGURE_PLACES,
        ) == (360, 100_000, 90, 1_200, 10**15, 6)

    @given(st.integers(0, 360), st.integers(361, 2**70))
    def test_terms(self, ok: int, too_long: int) -> None:
        """Terms of up to 30 years are built; longer ones refused with a short message."""
        assert ok == Term(None, ok).max_months
        with pytest.raises(InvalidRecordError, match="from 0 to 360 months") as info:
            Term(0, too_long)
        assert len(str(info.value)) < 200

    @given(st.integers(0, 100_000), st.integers(100_001, 10**30))
    def test_quantities(self, ok: int, too_big: int) -> None:
        """Quantities up to the fine ceiling."""
        assert ok == Quantity(ok, None).min
        with pytest.raises(InvalidRecordError, match="100,000"):
            Quantity(None, too_big)

    def test_huge_number_message_is_short(self) -> None:
        """10**5000 cannot even be printed by repr(); the message gives its size."""
        with pytest.raises(InvalidRecordError, match="about 5,001 digits") as info:
            Quantity(None, 10**5000)
        assert len(str(info.value)) < 200
        with pytest.raises(InvalidRecordError):
            Quantity(-(10**5000), None)

    @pytest.mark.parametrize(
        ("field", "limit"), [("arrest_days", 90), ("community_work_hours", 1_200)]
    )
    def test_penalty_units(self, field: str, limit: int) -> None:
        """Arrest and community works have their own, lower ceilings."""
        crim = Liability.CRIMINAL
        ok: dict[str, Any] = {field: Quantity(None, limit)}
        too_big: dict[str, Any] = {field: Quantity(limit + 1, None)}
        assert getattr(Penalty(crim, **ok), field).max == limit
        with pytest.raises(InvalidRecordError, match=f"Penalty.{field}.*at most {limit:,}"):
            Penalty(crim, **too_big)

    @pytest.mark.parametrize(
        "value",
        [10**15, -(10**15), Decimal("1E+15"), Decimal("0.1234567"), Decimal("1E+999999999")],
    )
    def test_figure_refused(self, value: int | Decimal) -> None:
        """Figure values: |value| < 10**15, at most 6 decimal places."""
        with pytest.raises(InvalidRecordError, match="6 decimal places"):
            Figure("x", value, "u")

    @pytest.mark.parametrize(
        "value", [10**15 - 1, Decimal("-999999999999999.999999"), Decimal("0.123456")]
    )
    def test_figure_accepted(self, value: int | Decimal) -> None:
        """Values just inside the bounds are kept exactly."""
        assert value == Figure("x", value, "u").value

    def test_load_refuses_a_huge_term(self) -> None:
        """A term of 2**63 months used to load, then break to_pandas()."""
        doc = packaged_doc("criminal-code-amendments-2019-12")
        doc["id"] = "huge-term"
        doc["penalty_changes"][0]["after"]["imprisonment"] = {"max_months": 2**63}
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text(json.dumps([doc]))
        assert [p for p in info.value.problems if "(huge-term)" in p and "max_months" in p]

    def test_load_refuses_a_huge_fine(self) -> None:
        """A fine of 10**4000 MCI (JSON allows it) is refused at load."""
        doc = packaged_doc("criminal-code-amendments-2019-12")
        doc["id"] = "huge-fine"
        doc["penalty_changes"][0]["after"]["fine_mci"] = {"max": 10**4000}
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text(json.dumps([doc]))
        assert [p for p in info.value.problems if "fine_mci" in p]
        assert len(str(info.value)) < 2_000

    def test_packaged_data_within_bounds(self) -> None:
        """The packaged data loads under the bounds (it is validated on load)."""
        assert len(kzreforms.reforms()) > 0


# ---------------------------------------------------------------------------
# 4. Bounded search text
# ---------------------------------------------------------------------------


class TestQueryBounds:
    """search() and body() refuse long text before folding it."""

    def test_documented_values(self) -> None:
        """200 characters, 20 words."""
        assert (_text.MAX_QUERY_CHARS, _text.MAX_QUERY_WORDS) == (200, 20)

    @pytest.mark.parametrize("derived", [False, True])
    def test_long_query_refused_at_once(self, derived: bool) -> None:
        """A 1 MB query took 30-45 s; now it is refused in well under a second."""
        rs = kzreforms.reforms()
        rs = rs.since("2020") if derived else rs
        start = time.perf_counter()
        with pytest.raises(QueryError, match="1,000,000 characters long; accepted: at most 200"):
            rs.search("law " * 250_000)
        assert time.perf_counter() - start < 1

    def test_expanding_characters_refused(self) -> None:
        """U+FDFA folds to 18 characters: 20 of them exceed the limit once folded."""
        with pytest.raises(QueryError, match="once folded"):
            kzreforms.reforms().search("\ufdfa" * 20)

    def test_too_many_words(self) -> None:
        """21 short words are refused; 20 are searched."""
        with pytest.raises(QueryError, match="21 words is too many; accepted: at most 20"):
            kzreforms.reforms().search(" ".join(["a"] * 21))
        assert isinstance(kzreforms.reforms().search(" ".join(["a"] * 20)), kzreforms.ReformSet)

    def test_limit_itself_accepted(self) -> None:
        """200 characters are searched (nothing matches, nothing is refused)."""
        assert len(kzreforms.reforms().search("q" * 200)) == 0

    def test_body_bounded(self) -> None:
        """body() folds its argument too."""
        with pytest.raises(QueryError, match=r"body\(\)"):
            kzreforms.reforms().body("x" * 201)


# ---------------------------------------------------------------------------
# 5. fork() while another thread holds a lock
# ---------------------------------------------------------------------------


CHILDREN = 20


def _child() -> int:
    """In a forked child: query, then take each lock (with a timeout)."""
    try:
        rs = kzreforms.ReformSet(list(kzreforms.reforms()))  # a new collection: a new index
        rs.search("law")
        rs.topic("courts")
        kzreforms.sources()  # the packaged store builds its sources under its own lock
        if not gc.isenabled():  # a build's paused collector is not inherited
            return 4
        locks = (_index._CACHE_LOCK, _store._lock, _api._packaged_lock, _store.packaged()._lock)
        for lock in locks:
            if not lock.acquire(timeout=10):
                return 3
            lock.release()
    except BaseException:  # noqa: BLE001 - the exit status is the report
        return 2
    return 0


def _wait(pid: int, deadline: float) -> int | None:
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


class TestFork:
    """A child forked while another thread holds the library's locks does not deadlock."""

    def test_children_do_not_deadlock(self) -> None:
        """20 children forked while a thread holds every lock all exit 0."""
        if not hasattr(os, "fork"):
            assert sys.platform == "win32"
            return
        kzreforms.reforms()
        held, release = threading.Event(), threading.Event()
        # the store's own lock too: held while it builds its sources or records
        locks = (_index._CACHE_LOCK, _store._lock, _api._packaged_lock, _store.packaged()._lock)

        def hold() -> None:
            for lock in locks:
                lock.acquire()
            held.set()
            release.wait(120)
            for lock in reversed(locks):
                lock.release()

        holder = threading.Thread(target=hold, daemon=True)
        holder.start()
        assert held.wait(10)
        pids: list[int] = []
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads
                for _ in range(CHILDREN):
                    pid = os.fork()
                    if pid == 0:  # pragma: no cover - the child
                        os._exit(_child())
                    pids.append(pid)
            deadline = time.monotonic() + 120
            codes = [_wait(pid, deadline) for pid in pids]
        finally:
            release.set()
            holder.join(10)
        assert codes == [0] * CHILDREN


# ---------------------------------------------------------------------------
# 6. Wrong types raise the library's error
# ---------------------------------------------------------------------------


WRONG = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.binary(max_size=5),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.integers(), st.integers(), max_size=2),
    st.tuples(st.integers()),
    st.builds(object),
)
FUNCTIONS = sorted(
    name
    for name in kzreforms.__all__
    if inspect.isfunction(getattr(kzreforms, name))
    and name != "plot_timeline"  # needs the plot extra; checked in its own tests
)


def _required(fn: Callable[..., Any]) -> int:
    params = inspect.signature(fn).parameters.values()
    return sum(1 for p in params if p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD)


class TestWrongTypes:
    """Every public function refuses wrong types with InvalidTypeError (or another own error)."""

    @pytest.mark.parametrize(
        "call",
        [
            lambda: kzreforms.sources_bibtex(None),  # type: ignore[arg-type]
            lambda: kzreforms.sources_bibtex(5),  # type: ignore[arg-type]
            lambda: kzreforms.sources_csl_json(5),  # type: ignore[arg-type]
            lambda: kzreforms.sources_csl_json(1.5),  # type: ignore[arg-type]
            lambda: kzreforms.sources_csl_json("my-source"),  # type: ignore[arg-type]
            lambda: format_source(None),  # type: ignore[arg-type]
            lambda: PartialDate(2020).contains(None),  # type: ignore[arg-type]
            lambda: PartialDate(2020).overlaps(5, None),  # type: ignore[arg-type]
            lambda: PartialDate(2020).within("2020", "2021"),  # type: ignore[arg-type]
            lambda: PartialDate.from_date(None),  # type: ignore[arg-type]
        ],
    )
    def test_raw_type_errors_fixed(self, call: Callable[[], object]) -> None:
        """These raised a raw TypeError or AttributeError before."""
        with pytest.raises(InvalidTypeError, match="expected"):
            call()

    @pytest.mark.parametrize("name", FUNCTIONS)
    @given(data=st.data())
    def test_every_public_function(self, name: str, data: st.DataObject) -> None:
        """Wrong-typed arguments to any public function raise only the library's errors."""
        fn = getattr(kzreforms, name)
        args = [data.draw(WRONG) for _ in range(_required(fn))]
        with contextlib.suppress(KzReformsError):
            fn(*args)


# ---------------------------------------------------------------------------
# 7. Short excerpts in DataLoadError lines
# ---------------------------------------------------------------------------


class TestExcerpts:
    """A huge bad value is quoted by its head and tail only."""

    def test_huge_date_in_load(self) -> None:
        """A 2 MB date gave a 2 MB DataLoadError; now a short one, path kept."""
        doc = packaged_doc("national-kurultai")
        doc["milestones"][0]["date"] = "2" * 2_000_000
        with pytest.raises(DataLoadError) as info:
            kzreforms.load_text(json.dumps([doc]))
        assert len(str(info.value)) < 2_000
        assert [p for p in info.value.problems if p.endswith("@ $.milestones[0].date")]

    def test_long_line_cut_in_the_middle(self) -> None:
        """Lines keep their head (record) and tail (field path)."""
        e = DataLoadError(["file.json (an-id): " + "x" * 10**6 + " @ $.title"])
        (line,) = e.problems
        assert len(line) < _errors.MAX_LINE + 50
        assert line.startswith("file.json (an-id): xxx")
        assert line.endswith("x @ $.title")
        assert "characters cut" in line


# ---------------------------------------------------------------------------
# 8. DateMode members are immutable
# ---------------------------------------------------------------------------


class TestDateMode:
    """reliability.md said DateMode members took attributes: they refuse them."""

    def test_refuses_attributes(self) -> None:
        """Setting an attribute on a member fails and leaves it as it was."""
        with pytest.raises(AttributeError, match="immutable"):
            kzreforms.DateMode.WITHIN._name_ = "X"
        assert kzreforms.DateMode.WITHIN.name == "WITHIN"

# SPDX-License-Identifier: MIT
"""
The cold-start work of issue #14 keeps behaviour: hand-written frozen
records behave as the attrs classes they replace, the fast canonical
reference reader and the ISO-first date parser give what the full parsers
give, the CLI parses alike with one sub-parser built, and the first query
stays off the modules and regular expressions it does not need.

No timing is asserted here: the targets are measured by ``benchmarks/``.
"""

from __future__ import annotations

import argparse
import calendar
import copy
import datetime as dt
import json
import pickle
import sys
import weakref
from pathlib import Path
from types import MappingProxyType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from _support import fresh_json
from kzreforms import _cli
from kzreforms import strategies as kst
from kzreforms._articles import ArticleRef, Code
from kzreforms._dates import PartialDate, Precision, _days_in_month
from kzreforms._errors import ArticleParseError, DateParseError, KzReformsError
from kzreforms._history import ArticleState
from kzreforms._index import DateIndex
from kzreforms._penalties import Effective
from kzreforms._store import Dataset

ROOT = Path(__file__).resolve().parent.parent

# The attrs classes the hand-written records replace, field for field.


@attrs.frozen
class AttrsEffective:
    date: PartialDate | None
    basis: str
    reason: str | None = None


@attrs.frozen
class AttrsArticleState:
    ref: ArticleRef
    on: dt.date
    status: str
    penalty: Any = None
    candidates: tuple[Any, ...] = ()
    since: Any = None
    reason: str = ""


@attrs.frozen
class AttrsDateIndex:
    precision: Precision
    earliest: tuple[dt.date, ...]
    latest: tuple[dt.date, ...]
    pos: tuple[int, ...]


REF = ArticleRef(Code.CC, "128", "1")
DAY = dt.date(2022, 1, 1)


def cases() -> list[tuple[Any, Any, Any]]:
    """(hand-written record, the attrs original with the same values, a different record)."""
    ds_args: tuple[Any, ...] = ((), MappingProxyType({}), MappingProxyType({}))
    return [
        (
            Effective(PartialDate(2020, 1), "reform"),
            AttrsEffective(PartialDate(2020, 1), "reform"),
            Effective(PartialDate(2020, 1), "change"),
        ),
        (
            Effective(None, "unknown", "no date"),
            AttrsEffective(None, "unknown", "no date"),
            Effective(None, "unknown", "other"),
        ),
        (
            ArticleState(REF, DAY, "known", None, (None,), None, "why"),
            AttrsArticleState(REF, DAY, "known", None, (None,), None, "why"),
            ArticleState(REF, DAY, "unknown", reason="why"),
        ),
        (
            DateIndex(Precision.DAY, (DAY,), (DAY,), (0,)),
            AttrsDateIndex(Precision.DAY, (DAY,), (DAY,), (0,)),
            DateIndex(Precision.DAY, (DAY,), (DAY,), (1,)),
        ),
        (Dataset(*ds_args), None, Dataset((), MappingProxyType({"x": 1}), ds_args[2])),  # type: ignore[dict-item]
    ]


class TestFrozenRecords:
    """Effective, ArticleState, DateIndex and Dataset behave as @attrs.frozen classes."""

    @pytest.mark.parametrize(("obj", "original", "other"), cases())
    def test_repr_is_attrs(self, obj: Any, original: Any, other: Any) -> None:
        """The repr is the one attrs wrote: Name(field=value, ...)."""
        del other
        if original is None:  # Dataset: its attrs original would be named alike
            expected = f"Dataset(reforms=(), by_id={obj.by_id!r}, sources={obj.sources!r})"
        else:
            expected = repr(original).replace("Attrs", "", 1)
        assert expected == repr(obj)

    @pytest.mark.parametrize(("obj", "original", "other"), cases())
    def test_frozen(self, obj: Any, original: Any, other: Any) -> None:
        """Setting or deleting any field, or a new name, raises attrs' FrozenInstanceError."""
        del original, other
        for name in (*type(obj).__match_args__, "new_name"):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(obj, name, None)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                delattr(obj, name)

    @pytest.mark.parametrize(("obj", "original", "other"), cases())
    def test_equality(self, obj: Any, original: Any, other: Any) -> None:
        """Equal to a copy with equal fields, not to other values or other classes."""
        same = type(obj)(*(getattr(obj, n) for n in type(obj).__match_args__))
        assert same == obj
        assert not same != obj  # noqa: SIM202 - __ne__ is tested too
        assert other != obj
        if original is not None:
            assert original != obj
            assert obj != original
        if type(obj) is not Dataset:  # Dataset holds mappings: unhashable, as it was
            assert hash(same) == hash(obj)
            assert {obj: 1}[same] == 1

    def test_dataset_unhashable_as_before(self) -> None:
        """attrs hashed the fields, and a mapping cannot be hashed: neither can this."""
        with pytest.raises(TypeError):
            hash(Dataset((), MappingProxyType({}), MappingProxyType({})))

    @pytest.mark.parametrize(("obj", "original", "other"), cases())
    def test_match_args_and_field_order(self, obj: Any, original: Any, other: Any) -> None:
        """Positional fields in the attrs order (pattern matching, positional construction)."""
        del other
        if original is not None:
            assert [a.name for a in attrs.fields(type(original))] == list(type(obj).__match_args__)
        assert set(type(obj).__match_args__) < set(type(obj).__slots__)

    @pytest.mark.parametrize(("obj", "original", "other"), cases())
    def test_copy_pickle_weakref(self, obj: Any, original: Any, other: Any) -> None:
        """Copies and pickles are equal records; a weak reference can be taken."""
        del original, other
        assert copy.copy(obj) == obj
        if type(obj) is not Dataset:  # a MappingProxyType neither pickles nor deep-copies
            assert copy.deepcopy(obj) == obj
            assert pickle.loads(pickle.dumps(obj)) == obj  # noqa: S301 - our own bytes
        assert weakref.ref(obj)() is obj

    def test_packaged_dataset_read_only(self) -> None:
        """
        The packaged Dataset's fields cannot be changed (the immutability walk
        descends into attrs classes only, so this checks what it checked).
        """
        from kzreforms._store import dataset

        ds = dataset()
        assert isinstance(ds.reforms, tuple)
        for mapping in (ds.by_id, ds.sources):
            assert isinstance(mapping, MappingProxyType)
            with pytest.raises(TypeError):
                mapping["x"] = None  # type: ignore[index]
        assert ds == Dataset(ds.reforms, ds.by_id, ds.sources)

    def test_defaults(self) -> None:
        """The defaults of the attrs classes."""
        assert Effective(None, "unknown").reason is None
        s = ArticleState(REF, DAY, "unknown")
        assert (s.penalty, s.candidates, s.since, s.reason) == (None, (), None, "")

    def test_packaged_history_states(self) -> None:
        """States and effective dates from the packaged data are the records above."""
        pv = kzreforms.reforms().penalties()
        eff = pv[0].effective
        assert isinstance(eff, Effective)
        ref = next(e.change.article for e in pv if e.change.article is not None)
        state = kzreforms.article(ref).at("2024-01-01")
        assert isinstance(state, ArticleState)
        assert state == copy.copy(state)
        assert repr(state).startswith(f"ArticleState(ref={state.ref!r}, on=")


def _full_canonical(text: str) -> ArticleRef:
    """parse_canonical as it was: the full parser, then the canonical check."""
    ref = ArticleRef.parse(text)
    if str(ref) != text:
        raise ArticleParseError(
            text, f"data files hold the canonical form; write {str(ref)!r}", canonical=True
        )
    return ref


def _outcome(fn: Any, text: str) -> tuple[str, str]:
    try:
        return ("ok", repr(fn(text)))
    except KzReformsError as e:
        return (type(e).__name__, str(e))


CANONICAL_ALPHABET = st.sampled_from(
    ["CC", "AdmC", "CPC", "PEC", "cc", " ", "(", ")", "1", "2", "0", "-", "12", "УК", "ч.", "x"]
)


class TestCanonicalReferences:
    """ArticleRef.parse_canonical reads canonical text without the full parser, alike."""

    @given(kst.article_refs())
    def test_canonical_text_round_trips(self, ref: ArticleRef) -> None:
        """Every reference's canonical text reads back as it, as the full parser reads it."""
        assert ref == ArticleRef.parse_canonical(str(ref))
        assert _full_canonical(str(ref)) == ArticleRef.parse_canonical(str(ref))

    @given(st.lists(CANONICAL_ALPHABET, max_size=8).map("".join))
    def test_any_text_same_outcome(self, text: str) -> None:
        """Near-canonical text: the same reference, or the same error and message."""
        assert _outcome(_full_canonical, text) == _outcome(ArticleRef.parse_canonical, text)

    @pytest.mark.parametrize(
        "text",
        ["CC 128()", "CC 128 (1)", "cc 128", "CC 0128", "CC 128(1)(2)(3)", "CC  128", "CC", ""],
    )
    def test_refused_alike(self, text: str) -> None:
        """Not canonical: refused with the full parser's message."""
        expected = _outcome(_full_canonical, text)
        assert expected[0] == "ArticleParseError"
        assert expected == _outcome(ArticleRef.parse_canonical, text)

    def test_parser_tables_built_on_use(self) -> None:
        """The parser's tables are what they were: every alias of every code is read."""
        for code in Code:
            for alias in code.aliases:
                assert code == Code.parse(alias)


class TestDates:
    """The date parser without calendar, with the ISO form first."""

    def test_days_in_month_is_calendars(self) -> None:
        """Every month of every year the library accepts."""
        for year in range(1, 10000):
            for month in range(1, 13):
                assert calendar.monthrange(year, month)[1] == _days_in_month(year, month)

    @given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.integers(0, 2))
    def test_iso_forms_parse_as_fromisoformat(self, day: dt.date, cut: int) -> None:
        """parse() of an ISO partial date is fromisoformat() of it."""
        text = day.isoformat()[: (4, 7, 10)[cut]]
        assert PartialDate.fromisoformat(text) == PartialDate.parse(text)
        assert PartialDate.fromisoformat(text) == PartialDate.parse(f"  {text} ")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2019-12-30 10:00:00+05:00", PartialDate(2019, 12, 30)),
            ("2019-7-1", PartialDate(2019, 7, 1)),
            ("27.12.2019", PartialDate(2019, 12, 27)),
            ("20191230", PartialDate(2019, 12, 30)),
        ],
    )
    def test_other_forms_still_read(self, text: str, expected: PartialDate) -> None:
        """The forms after the ISO one still go through their patterns."""
        assert expected == PartialDate.parse(text)

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("2019-02-30", "day 30 is out of range"),
            ("27.12.19", "two-digit year"),
            ("2019-12-30 25:00", "out of range"),
        ],
    )
    def test_refusals_unchanged(self, text: str, reason: str) -> None:
        """Out-of-range ISO dates and other refusals keep their reasons."""
        with pytest.raises(DateParseError, match=reason):
            PartialDate.parse(text)


_fresh = fresh_json


class TestColdPath:
    """What a first query loads (module names and built tables; no timing)."""

    def test_first_query_stays_off(self) -> None:
        """No importlib.resources, calendar or parser regexes for a first query."""
        found = _fresh(
            "import sys, json, gc, kzreforms\n"
            "kzreforms.reforms().topic('trafficking').since('2020')\n"
            "from kzreforms import _articles, _dates\n"
            "print(json.dumps({'modules': sorted(m for m in ('importlib.resources', 'calendar',"
            " 'tempfile', 'zipfile', 'cattrs', 'dateutil', '_hashlib') if m in sys.modules),"
            " 'articles': sorted(_articles._P.__dict__), 'dates': sorted(_dates._RE.__dict__),"
            " 'gc': gc.isenabled()}))"
        )
        assert found == {"modules": [], "articles": [], "dates": ["iso"], "gc": True}

    @pytest.mark.parametrize("size", [0, 3, 470_000, 2_000_001])
    def test_digest_is_hashlibs(self, size: int) -> None:
        """The bundle's digest, without OpenSSL, is hashlib's BLAKE2b-256."""
        import hashlib

        from kzreforms._store import bundle_digest

        data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
        assert hashlib.blake2b(data, digest_size=32).hexdigest() == bundle_digest(data)

    def test_gc_left_as_found(self) -> None:
        """A caller who disabled the collector finds it disabled after the load."""
        found = _fresh(
            "import gc, json, kzreforms\ngc.disable()\nkzreforms.reforms()\n"
            "print(json.dumps(gc.isenabled()))"
        )
        assert found is False


class TestLazyParser:
    """The CLI builds only the given command's sub-parser, and parses alike."""

    @pytest.mark.parametrize(
        ("words", "expected"),
        [
            ([], None),
            (["list"], "list"),
            (["--data", "x.json", "list"], "list"),
            (["--data=x.json", "show", "id"], "show"),
            (["--da", "x", "penalties"], "penalties"),
            (["--version"], None),
            (["--", "topics"], "topics"),
            (["--bogus", "list"], "list"),
        ],
    )
    def test_command_named(self, words: list[str], expected: str | None) -> None:
        """The command as the top-level parser reads it (options and --data PATH first)."""
        assert expected == _cli._command_named(words)

    def test_hollow_sub_parsers(self) -> None:
        """Only the named command has options; every command is still listed."""
        full, lazy = _cli.build_parser(), _cli.build_parser("list")
        subs = [
            next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
            for p in (full, lazy)
        ]
        assert list(subs[0].choices) == list(subs[1].choices)
        assert isinstance(subs[1].choices["show"], _cli._Hollow)
        assert not isinstance(subs[1].choices["list"], _cli._Hollow)
        assert full.format_help() == lazy.format_help()
        assert subs[0].choices["list"].format_help() == subs[1].choices["list"].format_help()

    @pytest.mark.parametrize(
        "argv",
        [
            ["list", "--topic", "trafficking", "--format", "json"],
            ["--data", "x.json", "penalties", "--min-gravity", "grave"],
            ["article", "CC 128(1)", "--on", "2022-01-01"],
        ],
    )
    def test_a_wrong_guess_parses_alike(
        self, argv: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Parsing into a hollow sub-parser starts again with all of them built."""
        expected = _cli._parse(_cli.build_parser(), argv)
        assert expected == _cli._parse_command_line(argv)
        monkeypatch.setattr(_cli, "_command_named", lambda _words: "show")
        assert expected == _cli._parse_command_line(argv)

    def test_version_made_when_asked(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the version text; building the parser does not make it."""
        assert _cli.main(["--version"]) == 0
        assert capsys.readouterr().out == _cli._version() + "\n"
        found = _fresh(
            "import sys, json\nfrom kzreforms import _cli\n_cli.build_parser('list')\n"
            "print(json.dumps('importlib.metadata' in sys.modules))"
        )
        assert found is False


class TestGrowthBundle:
    """The benchmark's tenfold bundle: the packaged reforms under new ids."""

    def test_grown_bundle(self) -> None:
        """Ids distinct, related reforms point at the same copy, the shape unchanged."""
        sys.path.insert(0, str(ROOT))
        try:
            from benchmarks.startup import grown_bundle
        finally:
            sys.path.remove(str(ROOT))
        doc = json.loads((ROOT / "src" / "kzreforms" / "data" / "bundle.json").read_bytes())
        big = grown_bundle(doc, 3)
        ids = [r["id"] for r in big["reforms"]]
        assert len(ids) == len(set(ids)) == 3 * len(doc["reforms"])
        assert big["sources"] == doc["sources"]
        known = set(ids)
        for r in big["reforms"]:
            assert set(r.get("related", ())) <= known
            suffix = r["id"][-6:] if "-copy" in r["id"] else None
            if suffix is not None:
                assert all(x.endswith(suffix) for x in r.get("related", ()))

# SPDX-License-Identifier: MIT
"""
The generated builders and dumpers (``_codec_gen.py``, issue #14 round four)
are current, are the ones in use, and give exactly what the reflective
functions of ``_codec`` give; a stale file is not used.  ``list`` and ``act``
print whole records from ``_codec`` exactly as ``_tables.to_records`` does.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

import kzreforms
from _support import fresh_json
from kzreforms import _cli, _codec, _codec_gen
from kzreforms import strategies as kst
from kzreforms._articles import ArticleRef
from kzreforms._dates import PartialDate
from kzreforms._model import Reform, Source
from kzreforms._tables import to_records

ROOT = Path(__file__).resolve().parent.parent
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


def _walk(value: Any) -> Iterator[tuple[type[Any], Any]]:
    """Every value inside *value* with its exact type, depth first (sets in sorted order)."""
    yield type(value), value if not attrs.has(type(value)) else None
    if isinstance(value, (tuple, list)):
        for v in value:
            yield from _walk(v)
    elif isinstance(value, frozenset):
        for v in sorted(value, key=repr):
            yield from _walk(v)
    elif attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            yield from _walk(getattr(value, a.name))


def _packaged() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(
        (Path(kzreforms.__file__).parent / "data/bundle.json").read_bytes()
    )
    return doc


class TestGeneratedModule:
    """``_codec_gen.py`` is what ``tools/data.py codec`` writes, and it is used."""

    def test_current(self) -> None:
        """The checked-in module is what the record classes generate now."""
        expected = _codec.generated_source()
        actual = (ROOT / "src" / "kzreforms" / _codec.GENERATED).read_text(encoding="utf-8")
        assert expected == actual, "run: python tools/data.py codec"

    def test_check_command(self) -> None:
        """``tools/data.py codec --check`` passes on the checked-in module (as CI runs it)."""
        proc = subprocess.run(
            [sys.executable, "tools/data.py", "codec", "--check"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        assert (proc.returncode, proc.stdout) == (0, "ok: _codec_gen.py is current\n")

    def test_in_use(self) -> None:
        """The packaged path builds and dumps with the generated functions."""
        kzreforms.reforms()
        _codec.unstructure(kzreforms.reforms()[0])
        assert _codec_gen.BUILDERS[Reform] is _codec._BUILDERS[Reform]
        assert _codec_gen.DUMPERS[Source] is _codec._DUMPERS[Source]

    def test_covers_every_record_class(self) -> None:
        """Every attrs class reachable from Reform and Source has a builder and a dumper."""
        assert set(_codec_gen.FIELDS) == set(_codec_gen.BUILDERS) == set(_codec_gen.DUMPERS)
        assert {Reform, Source} <= set(_codec_gen.FIELDS)
        assert PartialDate not in _codec_gen.FIELDS  # a string in the data: its own reader


class TestSameAsReflective:
    """The generated functions give what the functions made from type hints give."""

    def test_packaged_builds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every packaged record and source: equal, and every value inside of the same type."""
        doc = _packaged()
        fast = [_codec.structure_trusted(x, Reform) for x in doc["reforms"]]
        fast_s = [_codec.structure_trusted(x, Source) for x in doc["sources"]]
        with monkeypatch.context() as m:
            self._reflective(m)
            slow = [_codec.structure_trusted(x, Reform) for x in doc["reforms"]]
            slow_s = [_codec.structure_trusted(x, Source) for x in doc["sources"]]
            assert _codec._BUILDERS[Reform] is not _codec_gen.BUILDERS[Reform]
        assert slow == fast
        assert slow_s == fast_s
        assert list(_walk(slow)) == list(_walk(fast))
        assert list(_walk(slow_s)) == list(_walk(fast_s))

    def test_packaged_dumps(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every packaged record dumps to the same text (key order included)."""
        ds = kzreforms.reforms()
        fast = json.dumps([_codec.unstructure(r) for r in ds], ensure_ascii=False)
        with monkeypatch.context() as m:
            self._reflective(m)
            slow = json.dumps([_codec.unstructure(r) for r in ds], ensure_ascii=False)
        assert slow == fast

    @FEWER
    @given(kst.reforms())
    def test_generated_records(self, r: Reform) -> None:
        """Generated records: the same dump, and built back to an equal record of the same types."""
        data = _codec.unstructure(r)
        back = _codec.structure_trusted(data, Reform)
        with pytest.MonkeyPatch.context() as m:
            self._reflective(m)
            slow_data = _codec.unstructure(r)
            slow_back = _codec.structure_trusted(data, Reform)
        assert json.dumps(slow_data) == json.dumps(data)
        assert slow_back == back == r
        assert list(_walk(slow_back)) == list(_walk(back))

    def test_numbers(self) -> None:
        """A figure's value keeps its type both ways: int stays int, Decimal stays Decimal."""
        build = _codec_gen.BUILDERS[kzreforms.Figure]
        dump = _codec_gen.DUMPERS[kzreforms.Figure]
        for value, text in ((3, 3), (Decimal("2.5"), "2.5")):
            f = build({"label": "x", "value": text, "unit": "u"})
            assert (type(value), value) == (type(f.value), f.value)
            assert {"label": "x", "value": text, "unit": "u"} == dump(f)

    @staticmethod
    def _reflective(m: pytest.MonkeyPatch) -> None:
        base = {PartialDate: _codec._date_in, ArticleRef: ArticleRef.parse_canonical}
        m.setattr(_codec, "_BUILDERS", {**base, dt.date: dt.date.fromisoformat})
        m.setattr(
            _codec, "_DUMPERS", {PartialDate: str, ArticleRef: str, dt.date: dt.date.isoformat}
        )
        m.setattr(_codec, "_SEEDED", [True])


class TestStale:
    """A generated module that no longer matches a class is not used."""

    def test_changed_field_falls_back(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A class whose fields changed since generation: every class is built from its hints."""
        fields = dict(_codec_gen.FIELDS)
        fields[kzreforms.Milestone] = (*fields[kzreforms.Milestone], ("extra", "str", "''"))
        monkeypatch.setattr(_codec_gen, "FIELDS", fields)
        monkeypatch.setattr(_codec, "_SEEDED", [])
        monkeypatch.setattr(
            _codec,
            "_BUILDERS",
            {
                PartialDate: _codec._date_in,
                ArticleRef: ArticleRef.parse_canonical,
                dt.date: dt.date.fromisoformat,
            },
        )
        monkeypatch.setattr(
            _codec, "_DUMPERS", {PartialDate: str, ArticleRef: str, dt.date: dt.date.isoformat}
        )
        r = kzreforms.reforms()[0]
        assert r == _codec.structure_trusted(_codec.unstructure(r), Reform)
        assert _codec._BUILDERS[Reform] is not _codec_gen.BUILDERS[Reform]
        assert _codec._DUMPERS[Reform] is not _codec_gen.DUMPERS[Reform]

    def test_resolved_types_keep_the_fingerprint(self) -> None:
        """``attrs.resolve_types`` (which cattrs calls) does not turn the generated path off."""
        for cls in _codec_gen.FIELDS:
            attrs.resolve_types(cls)
        assert all(_codec.fingerprint(c) == f for c, f in _codec_gen.FIELDS.items())
        assert not isinstance(attrs.fields(kzreforms.Milestone).stage.type, str)

    def test_fingerprint_sees_types_and_defaults(self) -> None:
        """The fingerprint holds each field's name, annotation and default."""
        assert ("note", "str | None", "None") in _codec.fingerprint(kzreforms.Milestone)
        assert _codec.fingerprint(kzreforms.Milestone)[0] == ("stage", "Stage", None)


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = _cli.main(argv)
    return code, out.getvalue()


class TestCliRecords:
    """``list`` / ``act`` with --format json or jsonl: the records of ``_tables.to_records``."""

    @pytest.mark.parametrize("fmt", ["json", "jsonl"])
    def test_list_whole_data(self, fmt: str) -> None:
        """Every packaged record, printed as ``to_records`` gives it."""
        code, text = _run(["list", "--format", fmt])
        recs = to_records(kzreforms.reforms())
        if fmt == "json":
            expected = json.dumps(recs, ensure_ascii=False, indent=2) + "\n"
        else:
            expected = "".join(
                json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in recs
            )
        assert (0, expected) == (code, text)

    def test_list_topic(self) -> None:
        """The benchmark's command prints the trafficking records in the data format."""
        code, text = _run(["list", "--topic", "trafficking", "--format", "json"])
        expected = to_records(kzreforms.reforms().topic("trafficking"))
        assert (0, expected) == (code, json.loads(text))

    def test_act(self) -> None:
        """``act`` prints the records carrying the act as ``to_records`` gives them."""
        act = next(a for r in kzreforms.reforms() for a in r.acts if a.number)
        code, text = _run(["act", act.number or "", "--format", "json"])
        expected = to_records(kzreforms.reforms().act(act.number or "").reforms)
        assert code == 0
        assert list({r["id"]: r for r in expected}.values()) == json.loads(text)

    def test_list_json_stays_off_tables(self) -> None:
        """``list --format json`` imports neither _tables nor cattrs."""
        code = (
            "import sys, io, contextlib, json\n"
            "from kzreforms._cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['list', '--topic', 'trafficking', '--format', 'json'])\n"
            "print(json.dumps(sorted(m for m in ('kzreforms._tables', 'kzreforms._convert',"
            " 'cattrs', 'shutil', 'textwrap') if m in sys.modules)))\n"
        )
        assert fresh_json(code) == ["shutil"]  # argparse's help formatter imports shutil

# SPDX-License-Identifier: MIT
"""
The shipped bundle (issue: cold start): built from the per-record files by
the validating build, read back by digest without validating again.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import kzreforms
from kzreforms import DataLoadError, Reform, Source
from kzreforms import strategies as kst
from kzreforms._codec import structure_trusted, unstructure
from kzreforms._convert import converter
from kzreforms._store import BUNDLE, BUNDLE_DIGEST, INDEX, build_bundle, read_package_files

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(kzreforms.__file__).parent / "data"

# Reforms from kzreforms.strategies are slow to draw: a third of the profile's examples
# here (the slow suite, `python tools/dev.py slow`, runs the full profile).
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


def _text(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)  # order-sensitive, unlike ==


class TestCodec:
    @FEWER
    @given(kst.reforms())
    def test_unstructure_is_the_converters(self, r: Reform) -> None:
        """The fast form is the cattrs converter's, key order included."""
        assert _text(converter.unstructure(r)) == _text(unstructure(r))

    @given(kst.sources())
    def test_sources_too(self, s: Source) -> None:
        assert _text(converter.unstructure(s)) == _text(unstructure(s))
        assert structure_trusted(unstructure(s), Source) == s

    @FEWER
    @given(kst.reforms())
    def test_trusted_round_trip(self, r: Reform) -> None:
        """Building from the canonical form gives back an equal record."""
        back = structure_trusted(unstructure(r), Reform)
        assert back == r
        assert hash(back) == hash(r)
        assert kzreforms.dumps(back) == kzreforms.dumps(r)

    def test_packaged_records_round_trip(self) -> None:
        """Every packaged record is the same through the fast path and through cattrs."""
        ds = read_package_files()
        for r in ds.reforms:
            assert _text(unstructure(r)) == _text(converter.unstructure(r)), r.id
            assert structure_trusted(unstructure(r), Reform) == r, r.id


class TestBundle:
    def test_shipped_bundle_is_current(self) -> None:
        """The bundle is exactly what the per-record files build (else: tools/data.py bundle)."""
        raw, index, digest = build_bundle()
        assert (DATA / BUNDLE).read_bytes() == raw, "run: python tools/data.py bundle"
        assert (DATA / INDEX).read_bytes() == index, "run: python tools/data.py bundle"
        assert (DATA / BUNDLE_DIGEST).read_text(encoding="ascii") == digest

    def test_reading_the_bundle_equals_validating_the_files(self) -> None:
        """What reforms() reads is what the full validation gives, record by record."""
        validated = read_package_files()
        rs = kzreforms.reforms()
        assert tuple(rs) == validated.reforms
        assert dict(rs.sources) == dict(validated.sources)

    def test_digest_names_the_bundle_and_its_index(self) -> None:
        """One ``b2sum -l 256`` line per file: the bundle, then its index."""
        lines = (DATA / BUNDLE_DIGEST).read_text(encoding="ascii").splitlines()
        want = [
            f"{hashlib.blake2b((DATA / name).read_bytes(), digest_size=32).hexdigest()}  {name}"
            for name in (BUNDLE, INDEX)
        ]
        assert lines == want

    def test_bundle_is_the_json_of_the_whole_dataset(self) -> None:
        """Written record by record (for the index), the bundle is json.dumps of it all."""
        raw = (DATA / BUNDLE).read_bytes()
        doc = json.loads(raw)
        assert raw == (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode()

    @pytest.mark.parametrize(
        "damage", ["edit", "digest", "missing", "index-edit", "index-missing", "format"]
    )
    def test_a_changed_bundle_is_refused(self, tmp_path: Path, damage: str) -> None:
        """A bundle whose bytes are not the validated ones is never read as data."""
        pkg = tmp_path / "kzreforms"
        src = Path(kzreforms.__file__).parent
        # a copy of the package (code and data), damaged
        subprocess.run(["cp", "-r", str(src), str(pkg)], check=True)
        bundle, digest = pkg / "data" / BUNDLE, pkg / "data" / BUNDLE_DIGEST
        index = pkg / "data" / INDEX
        if damage == "edit":
            bundle.write_bytes(bundle.read_bytes().replace(b'"grave"', b'"minor"', 1))
        elif damage == "digest":
            digest.write_text("0" * 64 + f"  {BUNDLE}\n", encoding="ascii")
        elif damage == "index-edit":  # e.g. a record's topics changed in the index alone
            index.write_bytes(index.read_bytes().replace(b'"trafficking"', b'"torture"', 1))
        elif damage == "index-missing":
            index.unlink()
        elif damage == "format":  # an old bundle with a matching digest file
            old = bundle.read_bytes().replace(b'{"format":2,', b'{"format":1,', 1)
            bundle.write_bytes(old)
            lines = digest.read_text(encoding="ascii").splitlines()
            lines[0] = f"{hashlib.blake2b(old, digest_size=32).hexdigest()}  {BUNDLE}"
            digest.write_text("\n".join(lines) + "\n", encoding="ascii")
        else:
            bundle.unlink()
        code = (
            "import kzreforms\n"
            "try:\n"
            "    kzreforms.reforms()\n"
            "except kzreforms.DataLoadError as e:\n"
            "    print('refused:', e)\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert out.startswith("refused:"), out
        assert "tools/data.py bundle" in out

    def test_the_build_validates(self) -> None:
        """The build refuses invalid files instead of bundling them."""
        from kzreforms._store import build_dataset

        bad = (DATA / "reforms" / "e-otinish.json").read_bytes().replace(b'"id"', b'"idd"', 1)
        with pytest.raises(DataLoadError):
            build_dataset([], [("data/reforms/e-otinish.json", bad)])

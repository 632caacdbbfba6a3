# SPDX-License-Identifier: MIT
"""
Issue #14, round four: the first query and the CLI's ``list --format json``
stay off modules they do not need (``pathlib`` and what it imports,
``difflib``, ``_status``), reading the packaged files without ``pathlib``
reads the same bytes, and the CLI's faster indented JSON is ``json.dumps``'s
text.  No timing is asserted here: the targets are measured by
``benchmarks/``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import _cli
from kzreforms._codec import unstructure
from kzreforms._errors import close_matches
from kzreforms._store import BUNDLE, BUNDLE_DIGEST, INDEX, _data, _package_bytes
from kzreforms._topics import Topic

ROOT = Path(__file__).resolve().parent.parent
OFF = (
    "pathlib",
    "urllib.parse",
    "ipaddress",
    "difflib",
    "kzreforms._tables",
    "kzreforms._status",
    "cattrs",
)


def _loaded(code: str) -> list[str]:
    """Which of :data:`OFF` a fresh process running *code* has imported."""
    probe = f"\nimport sys, json\nprint(json.dumps([m for m in {OFF!r} if m in sys.modules]))\n"
    out = subprocess.run(
        [sys.executable, "-c", code + probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    ).stdout
    found: list[str] = json.loads(out.splitlines()[-1])
    return found


class TestStaysOff:
    """Modules a first query or ``list --format json`` does not import."""

    def test_first_query(self) -> None:
        """The issue's first query imports none of them."""
        code = "import kzreforms\nkzreforms.reforms().topic('trafficking').since('2020')"
        assert _loaded(code) == []

    def test_cli_list_json(self) -> None:
        """The benchmark's CLI command imports none of them."""
        code = (
            "import io, contextlib\nfrom kzreforms._cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['list', '--topic', 'trafficking', '--format', 'json'])"
        )
        assert _loaded(code) == []

    def test_a_path_still_works(self) -> None:
        """``load()`` with a path imports pathlib when it needs it."""
        code = f"import kzreforms\nkzreforms.load({str(ROOT / 'src' / 'kzreforms' / 'data')!r})"
        assert "pathlib" in _loaded(code)


class TestPackageBytes:
    """The packaged files read with os.path are the bytes pathlib reads."""

    @pytest.mark.parametrize("name", [BUNDLE, INDEX, BUNDLE_DIGEST])
    def test_same_bytes(self, name: str) -> None:
        """The bundle, its index and their digests, byte for byte."""
        assert _data().joinpath(name).read_bytes() == _package_bytes(name)

    def test_missing_file_is_os_error(self) -> None:
        """A file that is not there raises OSError, as reading it with pathlib does."""
        with pytest.raises(FileNotFoundError):
            _package_bytes("no-such-file.json")


class TestCloseMatches:
    """``difflib`` imported on use: suggestions unchanged."""

    def test_suggests(self) -> None:
        """A near name is suggested, normalised alike."""
        assert close_matches("Domestic Violence", ["domestic-violence", "tax"]) == [
            "domestic-violence"
        ]


class TestStatusOnUse:
    """``_status`` is imported by ``act()`` only."""

    def test_act_loads_status_on_use(self) -> None:
        """``kzreforms.act`` still works with _status imported on first use."""
        code = "import kzreforms\nkzreforms.act('72-VIII')"
        assert "kzreforms._status" in _loaded(code)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


class TestIndentedJson:
    """The CLI's JSON text is ``json.dumps(..., ensure_ascii=False, indent=2)``, byte for byte."""

    @given(_JSON)
    def test_plain_data(self, payload: object) -> None:
        """Any plain JSON data: the same text as json.dumps."""
        expected = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        assert _cli._json_text(payload) == expected

    @pytest.mark.parametrize(
        "payload",
        [
            (1, [2, (3,)]),
            {"a": (1, 2)},
            {1: "int key"},
            {"e": Topic.TRAFFICKING},
            [Decimal("1.5")],
        ],
        ids=["tuple", "nested-tuple", "int-key", "enum", "decimal"],
    )
    def test_other_types_left_to_json(self, payload: object) -> None:
        """Tuples, non-str keys, str subclasses: json.dumps's text (or its refusal)."""
        try:
            expected = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        except TypeError as e:
            with pytest.raises(TypeError, match=re.escape(str(e))):
                _cli._json_text(payload)
            return
        assert _cli._json_text(payload) == expected

    def test_whole_data(self) -> None:
        """Every packaged record in the data format."""
        recs = [unstructure(r) for r in kzreforms.reforms()]
        assert _cli._json_text(recs) == json.dumps(recs, ensure_ascii=False, indent=2) + "\n"

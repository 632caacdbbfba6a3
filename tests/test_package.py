# SPDX-License-Identifier: MIT
"""The package as users install it: imports, laziness, metadata, typing marker."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata, resources

import pytest

import kzreforms


def run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


class TestImport:
    def test_import_is_cheap(self) -> None:
        """import kzreforms loads neither cattrs, dateutil.parser, hypothesis nor the data."""
        mods = json.loads(
            run(
                "import sys, json, kzreforms; "
                "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
                "('cattrs', 'dateutil', 'hypothesis', 'pandas', 'pyarrow', 'matplotlib'))))"
            )
        )
        assert mods == []
        assert run("import kzreforms, kzreforms._store as d; print(d.load_count())") == "0"
        # Every public name is lazy: the bare import defines no record class.
        loaded = run(
            "import sys, kzreforms; print(sorted(m for m in sys.modules if 'kzreforms' in m))"
        )
        assert loaded == "['kzreforms']"

    def test_dumps_pulls_in_cattrs_only_when_used(self) -> None:
        """The converter (and cattrs) are imported on first use of dumps/loads."""
        assert (
            run("import sys, kzreforms; kzreforms.dumps; print('cattrs' in sys.modules)") == "True"
        )

    def test_version(self) -> None:
        """__version__ is the installed distribution's version."""
        assert kzreforms.__version__ == metadata.version("kzreforms")

    def test_all_sorted_and_resolvable(self) -> None:
        """__all__ has no repeats (ruff RUF022 keeps it sorted), and every name resolves."""
        assert len(kzreforms.__all__) == len(set(kzreforms.__all__))
        for name in kzreforms.__all__:
            assert getattr(kzreforms, name) is not None
        assert set(kzreforms.__all__) <= set(dir(kzreforms))

    def test_unknown_attribute(self) -> None:
        """A missing attribute is an AttributeError naming it."""
        with pytest.raises(AttributeError, match="no_such_thing"):
            _ = kzreforms.no_such_thing

    def test_py_typed(self) -> None:
        """The package ships its py.typed marker."""
        assert resources.files("kzreforms").joinpath("py.typed").is_file()


class TestMetadata:
    def test_runtime_dependencies_exact(self) -> None:
        """Runtime dependencies are exactly attrs, cattrs and python-dateutil."""
        reqs = metadata.requires("kzreforms") or []
        runtime = sorted(
            r.split(">")[0].split("=")[0].split("<")[0].strip() for r in reqs if "extra ==" not in r
        )
        assert runtime == ["attrs", "cattrs", "python-dateutil"]

    def test_console_script(self) -> None:
        """The kzreforms console script points at the CLI."""
        eps = [e for e in metadata.entry_points(group="console_scripts") if e.name == "kzreforms"]
        assert [e.value for e in eps] == ["kzreforms._cli:main"]

    def test_strategies_need_hypothesis(self) -> None:
        """Without hypothesis, kzreforms.strategies says which extra to install."""
        code = (
            "import sys; sys.modules['hypothesis'] = None\n"
            "try:\n import kzreforms.strategies\nexcept ImportError as e:\n print(e)"
        )
        assert 'pip install "kzreforms[hypothesis]"' in run(code)

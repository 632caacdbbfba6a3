# SPDX-License-Identifier: MIT
"""Helpers shared by several test files (not tests themselves)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def load_tool(name: str) -> ModuleType:
    """The script ``tools/<name>`` loaded as a module (the tools are not a package)."""
    spec = importlib.util.spec_from_file_location(f"kzreforms_tool_{name}", ROOT / "tools" / name)
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fresh_json(code: str) -> Any:
    """The JSON *code* prints last, run in a fresh interpreter with this tree first on the path."""
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    ).stdout
    return json.loads(out.splitlines()[-1])

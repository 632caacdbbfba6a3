# SPDX-License-Identifier: MIT
"""Sphinx configuration: MyST pages, doctest builder, warnings are errors (-W in tools/dev.py)."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "kzreforms"
author = "kzreforms developers"
copyright = "2026, kzreforms developers"  # noqa: A001
release = _version("kzreforms")
version = release

extensions = ["myst_parser", "sphinx.ext.doctest"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "*.ipynb_checkpoints"]
html_theme = "alabaster"
html_static_path = ["_static"]
suppress_warnings = ["myst.xref_missing"]

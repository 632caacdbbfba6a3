# SPDX-License-Identifier: MIT
"""Every code example in the docs and the README is executed here."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import kzreforms

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
FENCE = re.compile(
    r"^(```+|:::+)\s*(\{doctest\}|python|pycon|py)?[^\n]*\n(.*?)^\1\s*$", re.DOTALL | re.MULTILINE
)


def blocks(page: Path) -> list[tuple[str, str]]:
    return [
        (m.group(2) or "", m.group(3)) for m in FENCE.finditer(page.read_text(encoding="utf-8"))
    ]


# exports.md queries the exports with the publishing clients (polars, DuckDB,
# frictionless): the runs without the tests-publish extra leave it out.
PUBLISH_PAGES = {"exports.md"}
EXAMPLE_PAGES = [
    pytest.param(p, id=p.name, marks=[pytest.mark.publish] if p.name in PUBLISH_PAGES else [])
    for p in PAGES
]


@pytest.mark.parametrize("page", EXAMPLE_PAGES)
def test_examples_run(page: Path) -> None:
    """
    Each {doctest} block runs and gives the output it shows, in a fresh
    namespace per page (nothing is imported for it: a page imports what it
    uses, as a reader's session would), shared by the page's blocks in order.
    """
    found = [body for kind, body in blocks(page) if kind == "{doctest}"]
    globs: dict[str, object] = {"__name__": "__main__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for i, body in enumerate(found):
        test = parser.get_doctest(body, globs, f"{page.name}[{i}]", str(page), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)  # DocTest copies its globals; share them like Sphinx does
    assert runner.failures == 0, f"{runner.failures} failing example(s) in {page.name}"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_unexecuted_examples(page: Path) -> None:
    """A python fence with >>> would be skipped by Sphinx doctest: use {doctest} instead."""
    stray = [
        body for kind, body in blocks(page) if kind in ("python", "pycon", "py") and ">>>" in body
    ]
    assert stray == []


def test_docs_have_examples() -> None:
    """The guides that promise worked examples carry executed ones."""
    for name in ("README.md", "queries.md", "data-model.md", "tutorial.md"):
        page = ROOT / name if name == "README.md" else ROOT / "docs" / name
        assert any(k == "{doctest}" for k, _ in blocks(page)), name


class TestReadmeNumbers:
    """The counts the README quotes are the packaged data's, not a past version's."""

    def _quoted(self, pattern: str) -> list[int]:
        text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
        found = [int(n) for n in re.findall(pattern, text)]
        assert found, f"the README no longer quotes {pattern!r}: update this test"
        return found

    def test_reforms_and_sources(self) -> None:
        """'N reforms cite M sources' matches the records and the registry."""
        pairs = re.findall(
            r"(\d+) reforms cite (\d+) sources",
            " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()),
        )
        assert pairs, "the README no longer quotes 'N reforms cite M sources'"
        rs = kzreforms.reforms()
        expected = {(len(rs), len(rs.cited_sources()))}
        assert expected == {(int(a), int(b)) for a, b in pairs}
        assert len(kzreforms.sources()) == len(rs.cited_sources())  # no source goes uncited

    def test_disagreements(self) -> None:
        """'N disagreements' counts every Discrepancy in the data."""
        rs = kzreforms.reforms()
        expected = {sum(len(r.discrepancies) for r in rs)}
        assert expected == set(self._quoted(r"(\d+) disagreements"))

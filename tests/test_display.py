# SPDX-License-Identifier: MIT
"""Jupyter display (escaped HTML, source links), entry reprs, and the timeline plot."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import attrs
import matplotlib as mpl
import pytest

mpl.use("Agg")

import kzreforms
from kzreforms import ReformSet, Source, _display
from kzreforms._penalties import PenaltyView, change_kinds
from kzreforms._plot import plot_timeline

DATA = Path(__file__).parent / "fixtures" / "data"


@pytest.fixture(scope="module")
def rs() -> ReformSet:
    return kzreforms.load(DATA)


@pytest.fixture(scope="module")
def registry() -> dict[str, Source]:
    out: dict[str, Source] = {}
    for p in sorted((DATA / "sources").glob("*.json")):
        s = kzreforms.loads(p.read_text(encoding="utf-8"), Source)
        out[s.id] = s
    return out


class Collect(HTMLParser):
    """Collects tags, links and text, and fails on unbalanced tables."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.depth += 1
        if tag == "a":
            self.links.extend(v or "" for k, v in attrs if k == "href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Collect:
    c = Collect()
    c.feed(html)
    c.close()
    assert c.depth == 0
    return c


class TestHtml:
    def test_reform_set(self, rs: ReformSet, registry: dict[str, Source]) -> None:
        html = _display.reform_set_html(rs, registry)
        c = parse(html)
        assert "ReformSet: 3 reforms" in "".join(c.text)
        assert c.tags.count("tr") == 4  # header + 3 rows
        assert "https://example.com/news/senate-bill" in c.links

    def test_escapes_record_text(self, rs: ReformSet, registry: dict[str, Source]) -> None:
        html = _display.reform_html(rs.get("fixture-penalties-law-2024"), registry)
        assert "<b>" not in html
        assert "&lt;b&gt;&amp; tags&lt;/b&gt;" in html
        c = parse(html)
        assert "Example law toughening penalties <b>& tags</b>" in "".join(c.text)
        # the URL keeps its query string, escaped in the attribute
        assert 'href="https://example.org/law/1-viii?lang=en&amp;x=&lt;1&gt;"' in html
        assert "https://example.org/law/1-viii?lang=en&x=<1>" in c.links
        assert "Sixty days after publication" in "".join(c.text)

    def test_only_http_links(self, rs: ReformSet, registry: dict[str, Source]) -> None:
        evil = attrs.evolve(registry["fixture-news-report"], url="javascript:alert(1)")
        html = _display.reform_set_html(rs, {**registry, evil.id: evil})
        assert "javascript:" not in parse(html).links
        assert 'title="Senate passes &quot;example&quot; bill &amp; more' in html

    def test_unknown_sources_are_plain_ids(self, rs: ReformSet) -> None:
        html = _display.reform_set_html(rs, {})
        assert parse(html).links == []
        assert "<code>fixture-news-report</code>" in html

    def test_default_registry_is_packaged(self) -> None:
        every = kzreforms.reforms()
        html = _display.reform_set_html(every[:3])
        assert parse(html).links  # packaged sources carry addresses

    def test_default_registry_survives_broken_data(
        self, rs: ReformSet, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from kzreforms import _store

        def broken() -> object:
            raise kzreforms.DataLoadError(["broken"])

        monkeypatch.setattr(_store, "dataset", broken)
        bare = ReformSet(list(rs))  # no sources of its own: the packaged ones
        assert "<code>fixture-news-report</code>" in _display.reform_set_html(bare)

    def test_long_sets_are_cut(self) -> None:
        every = kzreforms.reforms()
        html = _display.reform_set_html(every, max_rows=5)
        c = parse(html)
        assert c.tags.count("tr") == 1 + 5 + 1
        assert f"... and {len(every) - 5} more" in html

    def test_empty(self) -> None:
        html = _display.reform_set_html(ReformSet())
        assert "ReformSet: 0 reforms" in html
        assert "0 penalty changes" in _display.penalty_view_html(PenaltyView())

    def test_penalty_view(self, rs: ReformSet, registry: dict[str, Source]) -> None:
        html = _display.penalty_view_html(rs.penalties(), registry)
        c = parse(html)
        text = "".join(c.text)
        assert "PenaltyView: 3 penalty changes" in text
        assert text.index("CC 99(2)") < text.index("CC 109-1(1)") < text.index("CC 130")
        assert "criminalisation, harsher" in text
        assert "(none)" not in text
        one = _display.penalty_view_html(rs.penalties()[:1], registry)
        assert "1 penalty change<" in one


class TestRepr:
    def test_entries(self, rs: ReformSet) -> None:
        e = rs.penalties()[0]
        r = _display.penalty_entry_repr(e)
        assert r == (
            "PenaltyEntry(reform='fixture-penalties-law-2024', offence='Murder of a minor', "
            "article='CC 99(2)', after='criminal life')"
        )
        t = _display.timeline_entry_repr(rs.timeline()[0])
        assert t == (
            "TimelineEntry(date='2020-06-27', stage='signed', "
            "reform='fixture-decriminalisation-2020')"
        )

    def test_change_kinds(self, rs: ReformSet) -> None:
        kinds = [change_kinds(e.change) for e in rs.penalties()]
        assert kinds == [
            ["harsher"],
            ["criminalisation", "harsher"],
            ["decriminalisation", "milder"],
        ]


class TestPlot:
    def test_new_figure(self, rs: ReformSet) -> None:
        ax = plot_timeline(rs)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert set(labels) == {
            "justice",
            "women",
            "media-and-expression",
            "human-rights-institutions",
            "children",
        }
        assert ax.get_title() == "Milestones by topic"
        assert ax.figure.savefig  # type: ignore[union-attr]  # a real Figure

    def test_given_axes_and_range(self, rs: ReformSet, tmp_path: Path) -> None:
        from matplotlib.figure import Figure

        fig = Figure()
        ax = fig.add_subplot()
        assert plot_timeline(rs, ax, start="2021", end="2024-12", title=None) is ax
        assert ax.get_title() == ""
        lo, hi = ax.get_xlim()
        assert lo < hi
        fig.savefig(tmp_path / "t.png")
        assert (tmp_path / "t.png").stat().st_size > 0

    def test_empty(self) -> None:
        ax = plot_timeline([])
        assert ax.get_yticklabels() == [] or len(ax.get_yticklabels()) == 0

    def test_needs_matplotlib(self, rs: ReformSet, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in [m for m in sys.modules if m.split(".")[0] == "matplotlib"]:
            monkeypatch.setitem(sys.modules, name, None)
        wanted = r'pip install "kzreforms\[plot\]"'
        with pytest.raises(kzreforms.MissingExtraError, match=wanted) as e:
            plot_timeline(rs)
        assert isinstance(e.value, ImportError)  # still caught by `except ImportError`
        assert (e.value.extra, e.value.name) == ("plot", "matplotlib")

    def test_docs_image_exists(self) -> None:
        png = Path(__file__).parent.parent / "docs" / "_static" / "timeline.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class TestCollectionReadable:
    def test_source_cells_are_short_and_unique(self) -> None:
        """A collection row links each source once, at most MAX_LINKS, and counts the rest."""
        every = kzreforms.reforms()
        html = _display.reform_set_html(every, max_rows=len(every))
        rows = html.split("<tr>")[2:]
        assert len(rows) == len(every)
        for row, r in zip(rows, every, strict=True):
            links = re.findall(r">([a-z0-9-]+)</a>", row)
            assert len(links) == len(set(links)) <= _display.MAX_LINKS
            distinct = len(dict.fromkeys(c.source for c in r.citations))
            if distinct > _display.MAX_LINKS:
                assert f"+{distinct - _display.MAX_LINKS} more" in row

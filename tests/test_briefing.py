# SPDX-License-Identifier: MIT
"""
One record as a briefing: the notebook HTML (``Reform._repr_html_``) and
``kzreforms show`` list every part of the record and each source once; a
collection's display stays short; the example notebook leaves the plotting
backend alone.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

import kzreforms
from kzreforms import (
    Citation,
    Confidence,
    Discrepancy,
    Figure,
    LegalAct,
    Reform,
    ReformSet,
    Source,
    SourceKind,
    _cli,
    _display,
)
from kzreforms import strategies as kst

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "fixtures" / "data"
WCS = "women-children-safety-law-2024"

# Reforms from kzreforms.strategies are slow to draw: a third of the profile's examples
# here (the slow suite, `python tools/dev.py slow`, runs the full profile).
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


@pytest.fixture(scope="module")
def rs() -> ReformSet:
    return kzreforms.load(DATA)


class Brief(HTMLParser):
    """Splits the briefing into sections by <h4> heading; checks that tags balance."""

    VOID = frozenset({"br", "meta", "img", "hr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.sections: dict[str, list[str]] = {"": []}
        self.items: dict[str, int] = {"": 0}
        self.links: list[str] = []
        self.current = ""
        self.in_h4 = False
        self.in_style = False
        self.h3 = ""
        self.in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag == "h4":
            self.in_h4 = True
            self.current = ""
        elif tag == "h3":
            self.in_h3 = True
        elif tag == "style":
            self.in_style = True
        elif tag == "li":
            self.items[self.current] += 1
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> without an opening tag"
        assert self.stack.pop() == tag, f"</{tag}> closes the wrong tag"
        if tag == "h4":
            self.in_h4 = False
            self.sections[self.current] = []
            self.items[self.current] = 0
        elif tag == "h3":
            self.in_h3 = False
        elif tag == "style":
            self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            return
        if self.in_h4:
            self.current += data
        elif self.in_h3:
            self.h3 += data
        else:
            self.sections[self.current].append(data)

    def text(self, section: str) -> str:
        return "".join(self.sections[section])


def brief(html: str) -> Brief:
    b = Brief()
    b.feed(html)
    b.close()
    assert b.stack == []
    return b


class TestBriefing:
    def test_sections(self, rs: ReformSet) -> None:
        """Title, summary, key dates, acts, penalty changes, measures and sources, in order."""
        r = rs.get("fixture-penalties-law-2024")
        b = brief(_display.reform_html(r, rs.sources))
        assert b.h3 == r.title
        assert r.summary in b.text("")
        assert list(b.sections) == [
            "",
            "Key dates",
            "Legal acts",
            "Penalty changes",
            "Measures",
            "Sources (2)",
        ]
        dates = b.text("Key dates")
        for m in r.milestones:
            assert str(m.date) in dates
            assert m.stage.value in dates
        assert "Sixty days after publication" in dates
        assert "Law on Example Offences No.\xa01-VIII of 2024-04-15 (law)" in b.text("Legal acts")
        assert "Makes battery a criminal offence." in b.text("Measures")

    def test_penalty_changes_before_and_after(self, rs: ReformSet) -> None:
        """Each penalty change shows its article, the penalty before and after, and the kind."""
        r = rs.get("fixture-penalties-law-2024")
        text = brief(_display.reform_html(r, rs.sources)).text("Penalty changes")
        for c in r.penalty_changes:
            assert c.article is not None
            assert str(c.article) in text
            assert str(c.before) in text
            assert str(c.after) in text
        assert "criminalisation" in text

    def test_figures_and_discrepancies(self, rs: ReformSet) -> None:
        """Figures with unit and date; each disagreement: subject, who says what, what is kept."""
        plan = brief(_display.reform_html(rs.get("fixture-action-plan-2021"), rs.sources))
        assert "working groups set up: 3 groups (as of 2022)" in plan.text("Figures")
        dec = rs.get("fixture-decriminalisation-2020")
        b = brief(_display.reform_html(dec, rs.sources))
        text = b.text("Disagreements between sources")
        publisher = rs.sources["fixture-news-report"].publisher
        assert f"signing date: {publisher} (fixture-news-report), para 5 says:" in text
        assert "The report gives 26 June 2020." in text
        assert "Kept: The official text gives 27 June 2020." in text

    def test_sources_once_each(self) -> None:
        """A source cited at several passages is one entry, with all its locators."""
        r = kzreforms.get(WCS)
        distinct = list(dict.fromkeys(c.source for c in r.citations))
        assert len(distinct) < len(r.citations)  # the record cites some source twice or more
        html = _display.reform_html(r)
        b = brief(html)
        heading = f"Sources ({len(distinct)})"
        assert b.items[heading] == len(distinct)
        text = b.text(heading)
        assert [s for s in distinct if text.count(s) != 1] == []
        assert "at ¶1; ¶2; ¶3; ¶4; ¶5; ¶6; ¶7; ¶8; ¶9; confidence medium" in text
        assert "Figures" in b.sections
        assert "Disagreements between sources" in b.sections
        assert r._repr_html_() == html

    def test_escapes_everything(self, rs: ReformSet) -> None:
        """Text from every part is escaped; only http(s) addresses become links."""
        evil = "<script>alert(1)</script>"
        base = rs.get("fixture-penalties-law-2024")
        cit = Citation("fixture-news-report", evil, confidence=Confidence.LOW)
        r = attrs.evolve(
            base,
            measures=(evil,),
            acts=(
                LegalAct(kind=base.acts[0].kind, title=f"A {evil}", url="javascript:alert(1)"),
                LegalAct(kind=base.acts[0].kind, title="B", url="https://example.org/b?x=1&y=<2>"),
            ),
            figures=(Figure(label=evil, value=1, unit=evil, note=evil),),
            discrepancies=(
                Discrepancy(subject=evil, citation=cit, claim=evil, note=evil, path="summary"),
            ),
            bodies=(evil,),
        )
        evil_src = attrs.evolve(rs.sources["fixture-news-report"], title=evil, publisher=evil)
        html = _display.reform_html(r, {**rs.sources, evil_src.id: evil_src})
        assert "<script" not in html
        assert html.count("&lt;script&gt;") >= 10
        b = brief(html)
        assert not any(link.startswith("javascript:") for link in b.links)
        assert "https://example.org/b?x=1&y=<2>" in b.links
        assert 'href="https://example.org/b?x=1&amp;y=&lt;2&gt;"' in html

    def test_unknown_sources_are_named(self, rs: ReformSet) -> None:
        """With no registry, sources are listed by id, without links."""
        b = brief(_display.reform_html(rs.get("fixture-penalties-law-2024"), {}))
        assert b.links == []
        assert "(not in the source registry)" in b.text("Sources (2)")

    @FEWER
    @given(kst.reforms())
    def test_any_record(self, r: Reform) -> None:
        """Any valid record gives balanced HTML listing each distinct source once."""
        registry = {
            s: Source(id=s, title=f"T {s}", publisher="P", kind=SourceKind.NEWS) for s in r.sources
        }
        b = brief(_display.reform_html(r, registry))
        assert b.items[f"Sources ({len(r.sources)})"] == len(r.sources)
        assert b.h3 == r.title
        assert len(b.sections.get("Key dates", [])) >= len(r.milestones)


class TestShow:
    def test_sources_once_each(self, capsys: pytest.CaptureFixture[str]) -> None:
        """kzreforms show lists each source once, numbered, with all its locators."""
        r = kzreforms.get(WCS)
        assert _cli.main(["show", WCS]) == 0
        out = capsys.readouterr().out
        sources = out[out.index("\nSources\n") :]
        numbers = re.findall(r"^  \[(\d+)\] (\S+)$", sources, re.MULTILINE)
        distinct = list(dict.fromkeys(c.source for c in r.citations))
        assert [(str(i), s) for i, s in enumerate(distinct, start=1)] == numbers
        assert "at ¶1; ¶2; ¶3; ¶4; ¶5; ¶6; ¶7; ¶8; ¶9; confidence medium" in sources


class TestCollectionDisplay:
    def test_long_collection_stays_short(self) -> None:
        """A collection of 100+ records shows MAX_ROWS rows and counts the rest."""
        every = kzreforms.reforms()
        assert len(every) > 100
        html = _display.reform_set_html(every)
        assert html.count("<tr>") == 1 + _display.MAX_ROWS + 1
        assert f"... and {len(every) - _display.MAX_ROWS} more" in html


class TestNotebook:
    def test_backend_not_forced(self) -> None:
        """The example notebook leaves matplotlib's backend alone (inline in Jupyter)."""
        nb = json.loads((ROOT / "docs" / "example.ipynb").read_text(encoding="utf-8"))
        code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
        assert "plot_timeline()" in code
        assert "matplotlib.use(" not in code

    def test_headless_run_sets_the_backend(self) -> None:
        """tools/dev.py runs the notebook with MPLBACKEND=Agg instead."""
        dev = (ROOT / "tools" / "dev.py").read_text(encoding="utf-8")
        body = dev[dev.index("def notebook(") : dev.index("def wheel(")]
        assert '"MPLBACKEND": "Agg"' in body

# SPDX-License-Identifier: MIT
"""Citation help: plain text for a reform, BibTeX and CSL-JSON for the registry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs
import pytest

import kzreforms
from kzreforms import (
    InvalidTypeError,
    PartialDate,
    ReformSet,
    Source,
    SourceKind,
    UnknownSourceError,
)
from kzreforms._cite import CSL_TYPES, cite, format_source, sources_bibtex, sources_csl_json

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


def balanced(text: str) -> bool:
    depth = 0
    prev = ""
    for ch in text:
        if prev != "\\":
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth < 0:
                    return False
        prev = ch
    return depth == 0


class TestCite:
    def test_text(self, rs: ReformSet, registry: dict[str, Source]) -> None:
        text = cite(rs.get("fixture-penalties-law-2024"), registry)
        lines = text.splitlines()
        assert lines[0] == (
            "Example law toughening penalties <b>& tags</b> (2024-04-15; "
            "kzreforms record fixture-penalties-law-2024). Sources:"
        )
        assert lines[1] == (
            'Example Legal Database. "Law No. 1-VIII on Example Offences." Official text, '
            "2024-04-15. https://example.org/law/1-viii?lang=en&x=<1> At: Art. 1. "
            "Confidence: high."
        ).replace("Example Legal Database", "[1] Example Legal Database")
        assert lines[2].startswith('[2] Example Times. "Senate passes')
        assert lines[2].endswith("Confidence: medium.")

    def test_unknown_source(self, rs: ReformSet) -> None:
        """A source missing from the registry used is an error naming the way out."""
        with pytest.raises(UnknownSourceError) as info:
            cite(rs.get("fixture-action-plan-2021"), {})
        assert "fixture-news-report" in str(info.value)
        assert "ReformSet.cite" in str(info.value)

    def test_own_sources_come_with_the_collection(self, rs: ReformSet) -> None:
        """A loaded collection carries the user's sources; its citations name them."""
        assert "fixture-news-report" in rs.sources
        text = rs.cite("fixture-action-plan-2021")
        assert rs.sources["fixture-news-report"].title.rstrip(".") in text
        assert text == cite(rs.get("fixture-action-plan-2021"), rs.sources)
        assert rs[:1].sources is rs.sources  # filters keep them
        assert rs.penalties().reforms().sources is rs.sources

    def test_packaged_registry_by_default(self) -> None:
        r = kzreforms.reforms()[0]
        text = cite(r)
        assert len(text.splitlines()) == 1 + len(r.citations)
        assert "not in the registry" not in text

    def test_refuses_non_reforms(self) -> None:
        with pytest.raises(InvalidTypeError):
            cite("fixture-action-plan-2021")  # type: ignore[arg-type]

    def test_format_source_without_date_or_url(self) -> None:
        s = Source(id="x", title="A title.", publisher="P", kind=SourceKind.OP_ED)
        assert format_source(s) == 'P. "A title." Op-ed.'


class TestBibtex:
    def test_entries(self, registry: dict[str, Source]) -> None:
        bib = sources_bibtex(registry)
        assert bib.count("@misc{") == 2
        news = bib[bib.index("@misc{fixture-news-report,") :]
        assert '  title = {{Senate passes "example" bill \\& more}}' in news
        assert "  month = jul" in news
        assert "  year = {2023}" in news
        assert "  date = {2023-07}" in news
        assert "  url = {https://example.com/news/senate-bill}" in news
        assert "  howpublished = {News}" in news
        assert balanced(bib)

    def test_escapes_tex(self) -> None:
        s = Source(
            id="tex",
            title="100% of {cases} #1 a_b ^ ~ \\ $x$",
            publisher="A & B",
            kind=SourceKind.ACADEMIC,
            published=PartialDate(2024),
            url="https://x.org/{a}",
            note="See § 5",
        )
        bib = sources_bibtex([s])
        assert r"100\% of \{cases\} \#1 a\_b \textasciicircum{} \textasciitilde{} " in bib
        assert r"\textbackslash{} \$x\$" in bib
        assert "publisher = {A \\& B}" in bib
        assert "url = {https://x.org/%7Ba%7D}" in bib
        assert "month" not in bib
        assert "note = {See § 5}" in bib
        assert balanced(bib)

    def test_whole_registry(self) -> None:
        reg = kzreforms.sources()
        bib = sources_bibtex(reg)
        keys = re.findall(r"^@misc\{([^,]+),$", bib, flags=re.MULTILINE)
        assert keys == list(reg)
        assert balanced(bib)

    def test_refuses_non_sources(self) -> None:
        with pytest.raises(InvalidTypeError):
            sources_bibtex(["x"])  # type: ignore[list-item]


class TestCslJson:
    def test_items(self, registry: dict[str, Source]) -> None:
        items = sources_csl_json(registry)
        by_id = {i["id"]: i for i in items}
        news = by_id["fixture-news-report"]
        assert news["type"] == "article-newspaper"
        assert news["container-title"] == "Example Times"
        assert news["issued"] == {"date-parts": [[2023, 7]]}
        assert news["URL"] == "https://example.com/news/senate-bill"
        law = by_id["fixture-official-gazette"]
        assert law["type"] == "legislation"
        assert law["issued"] == {"date-parts": [[2024, 4, 15]]}
        assert "container-title" not in law
        json.dumps(items)  # JSON-ready

    def test_every_kind_has_a_type(self) -> None:
        assert set(CSL_TYPES) == set(SourceKind)

    def test_minimal_source(self) -> None:
        s = Source(id="m", title="T", publisher="P", kind=SourceKind.OTHER, note="n")
        (item,) = sources_csl_json([s])
        assert item == {"id": "m", "type": "document", "title": "T", "publisher": "P", "note": "n"}

    def test_order_kept(self, registry: dict[str, Source]) -> None:
        items = list(registry.values())
        assert [i["id"] for i in sources_csl_json(reversed(items))] == [
            s.id for s in reversed(items)
        ]
        assert attrs.has(Source)

# SPDX-License-Identifier: MIT
"""
Citing from Python: a record's and a collection's sources as BibTeX and
CSL-JSON, proper labels for the kinds of source, the dataset itself
(``cite_dataset``, ``kzreforms cite --dataset``) and ``CITATION.cff``.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from hypothesis import given, settings

import kzreforms
from kzreforms import (
    InvalidTypeError,
    ReformSet,
    Source,
    SourceKind,
    UnknownNameError,
    UnknownSourceError,
    _cli,
)
from kzreforms import strategies as kst
from kzreforms._cite import (
    KIND_LABELS,
    cite_dataset,
    cited_by,
    format_source,
    sources_bibtex,
    sources_csl_json,
    where_cited,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "fixtures" / "data"
WCS = "women-children-safety-law-2024"

# Reforms from kzreforms.strategies are slow to draw: a third of the profile's examples
# here (the slow suite, `python tools/dev.py slow`, runs the full profile).
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


@pytest.fixture(scope="module")
def rs() -> ReformSet:
    return kzreforms.load(DATA)


def keys(bib: str) -> list[str]:
    return re.findall(r"^@\w+\{([^,]+),$", bib, re.MULTILINE)


class TestRecord:
    def test_bibtex_names_each_cited_source_once(self) -> None:
        """Reform.bibtex(): one entry per source, in the order of first citation."""
        r = kzreforms.get(WCS)
        expected = list(dict.fromkeys(c.source for c in r.citations))
        assert len(r.citations) > len(expected)  # some sources are cited several times
        assert expected == keys(r.bibtex())
        assert sources_bibtex(cited_by(r)) == r.bibtex()

    def test_csl_names_each_cited_source_once(self) -> None:
        """Reform.csl(): the same sources as CSL-JSON items, JSON-ready."""
        r = kzreforms.get(WCS)
        expected = list(dict.fromkeys(c.source for c in r.citations))
        items = r.csl()
        assert expected == [i["id"] for i in items]
        assert items == json.loads(json.dumps(items))

    def test_own_sources(self, rs: ReformSet) -> None:
        """A record of the user's data is cited with the sources it is given."""
        r = rs.get("fixture-penalties-law-2024")
        assert keys(r.bibtex(rs.sources)) == ["fixture-official-gazette", "fixture-news-report"]
        assert [i["id"] for i in r.csl(rs.sources)] == keys(r.bibtex(rs.sources))

    def test_missing_source_is_an_error(self, rs: ReformSet) -> None:
        """A lone record whose sources are not packaged says how to pass them."""
        r = rs.get("fixture-action-plan-2021")
        with pytest.raises(UnknownSourceError) as info:
            r.bibtex()
        assert "fixture-news-report" in str(info.value)
        assert "sources=collection.sources" in str(info.value)
        with pytest.raises(UnknownSourceError):
            r.csl({})

    def test_sources_bibtex_refuses_a_record(self) -> None:
        """Passing a record where sources are expected names the record and the way out."""
        r = kzreforms.get(WCS)
        with pytest.raises(InvalidTypeError) as info:
            sources_bibtex(r)  # type: ignore[arg-type]
        msg = str(info.value)
        assert f"got Reform {WCS!r}" in msg
        assert "reform.bibtex()" in msg
        assert len(msg) < 300  # not the record's whole repr
        with pytest.raises(InvalidTypeError, match="got int 3"):
            sources_csl_json(3)  # type: ignore[arg-type]

    @FEWER
    @given(kst.reforms())
    def test_one_entry_per_distinct_source(self, r: kzreforms.Reform) -> None:
        """For any record, bibtex() and csl() list each distinct source once, first cited first."""
        registry = {
            sid: Source(id=sid, title=f"T {sid}", publisher="P", kind=SourceKind.NEWS)
            for sid in r.sources
        }
        expected = list(dict.fromkeys(c.source for c in r.citations))
        assert expected == keys(r.bibtex(registry))
        assert expected == [i["id"] for i in r.csl(registry)]


class TestCollection:
    def test_bibtex_and_csl(self, rs: ReformSet) -> None:
        """ReformSet.bibtex()/csl(): the sources its records cite, by id, from rs.sources."""
        assert keys(rs.bibtex()) == ["fixture-news-report", "fixture-official-gazette"]
        assert [i["id"] for i in rs.csl()] == keys(rs.bibtex())
        one = rs.where(lambda r: r.id == "fixture-action-plan-2021")
        assert keys(one.bibtex()) == ["fixture-news-report"]

    def test_packaged(self) -> None:
        """The packaged collection cites every packaged source."""
        every = kzreforms.reforms()
        assert keys(every.bibtex()) == sorted(every.sources)
        sub = every.topic("trafficking")
        assert keys(sub.bibtex()) == sorted({s for r in sub for s in r.sources})

    def test_empty(self) -> None:
        """An empty collection has nothing to cite."""
        assert ReformSet().bibtex() == ""
        assert ReformSet().csl() == []

    def test_missing_source(self, rs: ReformSet) -> None:
        """Records whose sources the collection does not carry: an error naming them."""
        bare = ReformSet(list(rs))  # the packaged registry, which lacks the fixture sources
        with pytest.raises(UnknownSourceError) as info:
            bare.bibtex()
        assert "fixture-news-report" in str(info.value)
        assert "kzreforms.load" in str(info.value)


class TestKindLabels:
    def test_every_kind_has_a_label(self) -> None:
        assert set(SourceKind) == set(KIND_LABELS)

    @pytest.mark.parametrize(
        ("kind", "label"),
        [
            (SourceKind.NGO, "NGO"),
            (SourceKind.OP_ED, "Op-ed"),
            (SourceKind.OFFICIAL_TEXT, "Official text"),
            (SourceKind.NEWS, "News"),
        ],
    )
    def test_labels_in_bibtex_and_text(self, kind: SourceKind, label: str) -> None:
        """howpublished and the text citation say NGO and Op-ed, not Ngo and Op ed."""
        s = Source(id="x", title="A title", publisher="P", kind=kind)
        assert f"  howpublished = {{{label}}}" in sources_bibtex([s])
        assert format_source(s) == f'P. "A title." {label}.'


class TestWhereCited:
    def test_one_confidence(self) -> None:
        r = kzreforms.get(WCS)
        cits = [c for c in r.citations if c.source == "news-2024-04-women-children-law"]
        assert where_cited(cits) == "at ¶1; ¶2; ¶3; ¶4; ¶5; ¶6; ¶7; ¶8; ¶9; confidence medium"

    def test_mixed_confidence(self) -> None:
        c = kzreforms.Citation
        conf = kzreforms.Confidence
        cits = [c("s", "p. 1", confidence=conf.HIGH), c("s", confidence=conf.LOW)]
        assert where_cited(cits) == "at p. 1 (high); the whole source (low)"
        assert where_cited([c("s", confidence=conf.LOW)]) == "confidence low"


class TestDataset:
    def test_text(self) -> None:
        """The dataset's citation names the package version and DATA_AS_OF."""
        text = kzreforms.cite_dataset()
        assert f"Version {version('kzreforms')}" in text
        assert f"data as of {kzreforms.DATA_AS_OF.isoformat()}" in text
        assert text == cite_dataset("text")

    def test_bibtex(self) -> None:
        bib = cite_dataset("bibtex")
        assert bib.startswith("@software{kzreforms,\n")
        assert f"  version = {{{version('kzreforms')}}}" in bib
        assert f"  date = {{{kzreforms.DATA_AS_OF.isoformat()}}}" in bib
        assert bib.count("{") == bib.count("}")

    def test_csl(self) -> None:
        (item,) = json.loads(cite_dataset("csl"))
        d = kzreforms.DATA_AS_OF
        assert item["type"] == "software"
        assert item["version"] == version("kzreforms")
        assert item["issued"] == {"date-parts": [[d.year, d.month, d.day]]}

    @pytest.mark.parametrize("bad", ["csl-json", "BibTeX", "", None])
    def test_bad_format(self, bad: object) -> None:
        """An unknown format names the accepted ones."""
        with pytest.raises(UnknownNameError) as info:
            cite_dataset(bad)  # type: ignore[arg-type]
        assert "citation format" in str(info.value)
        assert "bibtex" in str(info.value)
        assert "csl" in str(info.value)

    def test_exported(self) -> None:
        assert "cite_dataset" in kzreforms.__all__
        assert kzreforms.cite_dataset is cite_dataset


class TestCli:
    @pytest.mark.parametrize(
        ("fmt", "api"), [("text", "text"), ("bibtex", "bibtex"), ("csl-json", "csl")]
    )
    def test_cite_dataset(self, fmt: str, api: str, capsys: pytest.CaptureFixture[str]) -> None:
        """kzreforms cite --dataset [--format ...] prints what cite_dataset() returns."""
        assert _cli.main(["cite", "--dataset", "--format", fmt]) == 0
        assert capsys.readouterr().out == cite_dataset(api)

    def test_needs_ids_or_dataset(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert _cli.main(["cite"]) == 2
        assert "give one or more reform ids, or --dataset" in capsys.readouterr().err

    def test_not_both(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert _cli.main(["cite", "--dataset", WCS]) == 2
        assert "not both" in capsys.readouterr().err


class TestCitationCff:
    def _field(self, text: str, name: str) -> str:
        m = re.search(rf"^{name}:\s*(.+?)\s*$", text, re.MULTILINE)
        assert m, f"{name} missing"
        return m.group(1).strip("\"'")

    def test_version_matches_pyproject(self) -> None:
        """CITATION.cff's version is the package's (pyproject.toml and the installed one)."""
        cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
        pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
        m = re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.MULTILINE)
        assert m
        assert m.group(1) == self._field(cff, "version")
        assert version("kzreforms") == self._field(cff, "version")

    def test_required_fields(self) -> None:
        """CFF 1.2.0 needs cff-version, message, title and authors; MIT like the package."""
        cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
        assert self._field(cff, "cff-version") == "1.2.0"
        assert self._field(cff, "license") == "MIT"
        assert "kzreforms" in self._field(cff, "title")
        assert re.search(r"^authors:\n  - name: kzreforms developers$", cff, re.MULTILINE)
        assert re.search(r"^message:", cff, re.MULTILINE)

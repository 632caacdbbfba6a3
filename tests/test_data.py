# SPDX-License-Identifier: MIT
"""Checks over the whole packaged dataset."""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzreforms
from kzreforms import DATA_AS_OF, Reform, Source, Stage, dumps, loads
from kzreforms._model import SLUG

DATA = resources.files("kzreforms").joinpath("data")
ROOT = Path(__file__).resolve().parent.parent
SECTIONS = json.loads((ROOT / "tools" / "source_sections.json").read_text(encoding="utf-8"))
FIVE = sorted(SECTIONS)

ALL = kzreforms.reforms()
SOURCES = kzreforms.sources()


def files(folder: str) -> list[tuple[str, str]]:
    return sorted(
        (p.name, p.read_text(encoding="utf-8"))
        for p in DATA.joinpath(folder).iterdir()
        if p.name.endswith(".json")
    )


class TestFiles:
    @pytest.mark.parametrize(("folder", "cls"), [("reforms", Reform), ("sources", Source)])
    def test_canonical_form(self, folder: str, cls: type) -> None:
        """Every data file equals dumps(loads(file)) and is named after its id."""
        for name, text in files(folder):
            rec: Reform | Source = loads(text, cls)
            assert text == dumps(rec), f"{name} is not in canonical form: run tools/data.py fmt"
            assert name == f"{rec.id}.json"

    def test_text_hygiene(self) -> None:
        """Text is NFC, without NBSP or zero-width characters, no Latin inside Cyrillic words."""
        bad = re.compile("[\u00a0\u200b\u200c\u200d\ufeff]")
        mixed = re.compile(r"[а-яёәғқңөұүһі]+[a-z]+[а-яёәғқңөұүһі]+", re.IGNORECASE)
        for folder in ("reforms", "sources"):
            for name, text in files(folder):
                assert unicodedata.normalize("NFC", text) == text, name
                assert not bad.search(text), name
                assert not mixed.search(text), name


class TestDataset:
    def test_loads_and_not_empty(self) -> None:
        """The dataset loads and holds well over a hundred facts' worth of records."""
        assert len(ALL) >= 60
        assert len(SOURCES) >= 6

    def test_ids_unique_slugs(self) -> None:
        """Ids are unique slugs."""
        ids = ALL.ids()
        assert len(ids) == len(set(ids))
        assert all(SLUG.fullmatch(i) for i in ids)

    def test_citations_resolve(self) -> None:
        """Every record is cited, and every citation names a known source."""
        for r in ALL:
            assert r.citations
            for c in r.citations:
                assert c.source in SOURCES, (r.id, c.source)

    def test_every_source_cited(self) -> None:
        """Every registered source is cited at least once."""
        cited = {c.source for r in ALL for c in r.citations}
        assert set(SOURCES) == cited

    def test_source_addresses_unique(self) -> None:
        """Each web address is registered once."""
        urls = [s.url for s in SOURCES.values() if s.url]
        assert len(urls) == len(set(urls))

    def test_related_exist_and_symmetric(self) -> None:
        """Related ids exist and list each other."""
        for r in ALL:
            for rel in r.related:
                assert r.id in ALL.get(rel).related, (r.id, rel)

    def test_milestones_chronological(self) -> None:
        """Milestones are in date order and never go backwards along the lifecycle."""
        for r in ALL:
            keys = [(m.date.sort_key, m.stage.rank) for m in r.milestones]
            assert keys == sorted(keys), r.id
            chain = [m for m in r.milestones if m.stage.in_chain]
            for a in chain:
                for b in chain:
                    if a.stage < b.stage:
                        assert b.date.latest >= a.date.earliest, r.id

    def test_gravity_agrees_with_terms(self) -> None:
        """Stated gravity matches the Art. 11 class of the term wherever the Code ties them."""
        for e in ALL.penalties():
            for p in (e.change.before, e.change.after):
                if p is None or p.gravity in (None, kzreforms.Gravity.CRIMINAL_MISDEMEANOUR):
                    continue
                if p.term_gravity is not None:
                    assert p.gravity is p.term_gravity, e.reform.id

    def test_data_as_of(self) -> None:
        """
        DATA_AS_OF is the newest last_checked of the records (issue 11); no
        source was published and no milestone falls after it.
        """
        newest = max(r.last_checked for r in ALL if r.last_checked is not None)
        assert newest == DATA_AS_OF
        for s in SOURCES.values():
            assert s.published is None or s.published.earliest <= DATA_AS_OF, s.id
        for e in ALL.timeline():
            assert e.date.earliest <= DATA_AS_OF, (e.reform.id, str(e.date))

    def test_five_sources_present(self) -> None:
        """The five source documents are in the registry."""
        assert set(FIVE) <= set(SOURCES)

    def test_discrepancies_cite_their_source(self) -> None:
        """A discrepancy's citation is among the record's citations, and there are many."""
        n = 0
        for r in ALL:
            for d in r.discrepancies:
                assert d.citation.source in r.sources
                n += 1
        assert n >= 10

    @pytest.mark.slow
    def test_concurrent_first_load(self) -> None:
        """32 threads asking at once see one complete dataset, loaded once."""
        import subprocess
        import sys

        code = (
            "import threading, kzreforms, kzreforms._store as db\n"
            "b = threading.Barrier(32); out = []\n"
            "def f():\n b.wait(); out.append(kzreforms.reforms())\n"
            "ts = [threading.Thread(target=f) for _ in range(32)]\n"
            "[t.start() for t in ts]; [t.join() for t in ts]\n"
            "assert len({id(x) for x in out}) == 1, 'different collections'\n"
            "assert len(out) == 32 and db.load_count() == 1\n"
            "print(len(out[0]))"
        )
        for _ in range(3):
            res = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            )
            assert int(res.stdout) == len(ALL)


class TestCoverage:
    def test_every_section_carried(self) -> None:
        """Each section of each source is cited by a record, unless it holds no facts."""
        cited = {(c.source, c.locator) for r in ALL for c in r.citations}
        cited |= {(d.citation.source, d.citation.locator) for r in ALL for d in r.discrepancies}
        missing = [
            (src, s["locator"])
            for src, secs in SECTIONS.items()
            for s in secs
            if "no_facts" not in s and (src, s["locator"]) not in cited
        ]
        assert missing == []

    def test_locators_known(self) -> None:
        """Citations of the five sources use the documented locators only."""
        known = {(src, s["locator"]) for src, secs in SECTIONS.items() for s in secs}
        for r in ALL:
            for c in (*r.citations, *(d.citation for d in r.discrepancies)):
                if c.source in SECTIONS:
                    assert (c.source, c.locator) in known, (r.id, c.locator)

    def test_coverage_doc_current(self) -> None:
        """docs/coverage.md is what tools/coverage.py generates."""
        import runpy

        gen = runpy.run_path(str(ROOT / "tools" / "coverage.py"))
        assert (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8") == gen["render"]()
        assert (ROOT / "docs" / "sources.md").read_text(encoding="utf-8") == gen["render_sources"]()


class TestRoundTrip:
    # The reviewed snapshots of computed output are in test_snapshots.py.
    @given(st.sampled_from(list(ALL)))
    def test_round_trip(self, r: Reform) -> None:
        """Any record of the dataset survives loads(dumps(r)) == r."""
        assert loads(dumps(r)) == r


def test_thread_local_nothing() -> None:
    """Reading the dataset from a thread gives the same object."""
    seen: list[object] = []
    t = threading.Thread(target=lambda: seen.append(kzreforms.reforms()))
    t.start()
    t.join()
    assert seen == [ALL]
    assert all(isinstance(r.milestones[0].stage, Stage) for r in ALL)

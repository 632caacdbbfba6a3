# SPDX-License-Identifier: MIT
from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzreforms
from kzreforms import (
    Citation,
    DataLoadError,
    Discrepancy,
    Figure,
    InvalidTypeError,
    LegalAct,
    Milestone,
    PartialDate,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    Source,
    Term,
    dumps,
    loads,
)
from kzreforms import strategies as kst

ALL = [
    (Reform, kst.reforms()),
    (Source, kst.sources()),
    (Citation, kst.citations()),
    (Discrepancy, kst.discrepancies()),
    (Milestone, kst.milestones(1, 1).map(lambda t: t[0])),
    (LegalAct, kst.legal_acts()),
    (PenaltyChange, kst.penalty_changes()),
    (Penalty, kst.penalties()),
    (Term, kst.terms()),
    (Quantity, kst.quantities()),
    (Figure, kst.figures()),
    (PartialDate, kst.partial_dates()),
]

# kzreforms.strategies build new composite strategies on every draw (and
# hypothesis reads each one's source), so whole records and penalties are slow
# to generate: tests of them run a third of the profile's examples.
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


class TestRoundTrip:
    @pytest.mark.parametrize(("cls", "strategy"), ALL, ids=[c.__name__ for c, _ in ALL])
    @FEWER
    @given(data=st.data())
    def test_loads_dumps_identity(
        self, cls: type[Any], strategy: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        """loads(dumps(x), type(x)) == x for every record type; output is deterministic."""
        x = data.draw(strategy)
        text = dumps(x)
        assert x == loads(text, cls)
        assert text == dumps(loads(text, cls))

    @FEWER
    @given(kst.reforms())
    def test_sorted_sets(self, r: Reform) -> None:
        """Frozensets are written as sorted lists."""
        d = json.loads(dumps(r))
        assert d["topics"] == sorted(d["topics"])

    def test_list_of_records(self) -> None:
        """dumps() takes a list of records too."""
        assert json.loads(dumps([PartialDate(2020)])) == ["2020"]

    def test_not_a_record(self) -> None:
        """dumps() refuses non-records with a TypeError."""
        with pytest.raises(InvalidTypeError):
            dumps({"a": 1})
        with pytest.raises(InvalidTypeError):
            loads("{}", dict)


def _valid() -> dict[str, Any]:
    return {
        "id": "x",
        "title": "T",
        "summary": "S",
        "kind": "law",
        "topics": ["drugs"],
        "milestones": [{"stage": "signed", "date": "2019-12-27"}],
        "citations": [{"source": "s", "confidence": "high"}],
    }


class TestStrictLoad:
    @pytest.mark.parametrize(
        ("mutate", "path"),
        [
            (lambda d: d.update(extra=1), "$"),
            (lambda d: d.pop("title"), "$.title"),
            (lambda d: d.update(kind="statute"), "$.kind"),
            (lambda d: d.update(topics="drugs"), "$.topics"),
            (lambda d: d.update(topics=[]), "Reform.topics"),
            (lambda d: d.update(citations=[]), "Reform.citations"),
            (lambda d: d["milestones"][0].update(date="2019-02-30"), "$.milestones[0].date"),
            (lambda d: d["milestones"][0].update(date=2019), "$.milestones[0].date"),
            (lambda d: d["milestones"][0].update(date="30 Dec 2019"), "$.milestones[0].date"),
            (lambda d: d["milestones"][0].update(stage="passed"), "$.milestones[0].stage"),
            (
                lambda d: d.update(
                    penalty_changes=[
                        {
                            "offence": "o",
                            "after": {"liability": "criminal", "imprisonment": {"min_months": 1.5}},
                        }
                    ]
                ),
                "$.penalty_changes[0].after.imprisonment.min_months",
            ),
            (
                lambda d: d.update(
                    penalty_changes=[
                        {"offence": "o", "after": {"liability": "criminal", "life": "yes"}}
                    ]
                ),
                "$.penalty_changes[0].after.life",
            ),
            (lambda d: d.update(title=5), "$.title"),
        ],
    )
    def test_errors_name_id_and_path(self, mutate: Any, path: str) -> None:
        """Each bad field is reported with the record id and its path."""
        d = _valid()
        mutate(d)
        with pytest.raises(DataLoadError) as ei:
            loads(json.dumps(d))
        msg = str(ei.value)
        assert "(x)" in msg
        assert path in msg
        assert isinstance(ei.value, ValueError)

    def test_all_problems_reported(self) -> None:
        """Several bad fields give several problems, not just the first."""
        d = _valid()
        d["kind"] = "nope"
        d["topics"] = ["nope"]
        with pytest.raises(DataLoadError) as ei:
            loads(json.dumps(d))
        assert len(ei.value.problems) == 2

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "{",
            '{"id": "x", "id": "y"}',
            '{"a": NaN}',
            "[" * 200 + "]" * 200,
            b"\xff\xfe",
            "[]",
            '"2020"',
        ],
    )
    def test_bad_json(self, text: str | bytes) -> None:
        """Broken, duplicated, NaN, too deep, non-UTF-8 or non-object JSON raise DataLoadError."""
        with pytest.raises(DataLoadError):
            loads(text)

    def test_decimal_figures(self) -> None:
        """Decimal figure values are written as strings and read back exactly."""
        from decimal import Decimal

        f = Figure("drop", Decimal("-4.2"), "percent")
        assert '"-4.2"' in dumps(f)
        assert f == loads(dumps(f), Figure)
        assert loads('{"label": "a", "value": 4.25, "unit": "u"}', Figure).value == Decimal("4.25")
        with pytest.raises(DataLoadError):
            loads('{"label": "a", "value": "four", "unit": "u"}', Figure)
        with pytest.raises(DataLoadError):
            loads('{"label": "a", "value": true, "unit": "u"}', Figure)
        with pytest.raises(DataLoadError):
            loads('{"label": "a", "value": "Infinity", "unit": "u"}', Figure)
        with pytest.raises(DataLoadError):
            loads('{"label": "a", "value": [1], "unit": "u"}', Figure)

    def test_partial_date_load(self) -> None:
        """A bare PartialDate loads from its ISO string only."""
        assert PartialDate(2020, 5) == loads('"2020-05"', PartialDate)
        with pytest.raises(DataLoadError):
            loads('"May 2020"', PartialDate)
        with pytest.raises(DataLoadError, match="ISO partial dates only"):
            loads('"2019/12/30"', PartialDate)

    def test_public_names(self) -> None:
        """dumps/loads are reachable from the package."""
        assert kzreforms.dumps is dumps
        assert kzreforms.loads is loads

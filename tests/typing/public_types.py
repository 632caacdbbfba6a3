# SPDX-License-Identifier: MIT
"""
What a downstream project sees under ``mypy --strict`` (checked by mypy with
the rest of ``tests/``, never run: the file name keeps pytest away).

Each ``assert_type`` fails the type check if a public signature loses
precision (returns ``Any``, or the wrong type).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
from matplotlib.axes import Axes
from typing_extensions import assert_type

import kzreforms
from kzreforms import (
    ChangeKind,
    DateMode,
    DiscrepancyRow,
    Gravity,
    PenaltyView,
    Reform,
    ReformKind,
    ReformSet,
    Source,
    Stage,
    StageChoice,
    Topic,
    TopicRow,
)


def check(text: str, rs: ReformSet) -> None:
    """Each line is a type assertion."""
    assert_type(kzreforms.loads(text), Reform)
    assert_type(kzreforms.loads(text, Source), Source)
    assert_type(kzreforms.reforms(), ReformSet)
    assert_type(kzreforms.get("x"), Reform)
    assert_type(kzreforms.sources(), Mapping[str, Source])
    assert_type(Stage.parse("signed"), Stage)
    assert_type(Gravity.parse("grave"), Gravity)
    assert_type(Topic.parse("women"), Topic)
    assert_type(DateMode.parse("within"), DateMode)
    assert_type(rs.group_by("year"), Mapping[int, ReformSet])
    assert_type(rs.group_by("topic"), Mapping[Topic, ReformSet])
    assert_type(rs.group_by("kind"), Mapping[ReformKind, ReformSet])
    assert_type(rs.penalties(), PenaltyView)
    assert_type(rs.sources, Mapping[str, Source])
    assert_type(rs.to_pandas(), pd.DataFrame)
    assert_type(rs.to_arrow(), pa.Table)
    assert_type(rs.penalties().to_pandas(), pd.DataFrame)
    assert_type(rs.to_polars("penalties"), pl.DataFrame)
    assert_type(rs.to_sqlite("x.db"), Path)
    assert_type(rs.to_datapackage("x"), Path)
    assert_type(rs.plot_timeline(), Axes)
    kind: ChangeKind = "harsher"
    assert_type(rs.penalties().of_kind(kind), PenaltyView)
    on: StageChoice = ["signed", Stage.IN_FORCE]
    assert_type(rs.since("2020", on=on), ReformSet)
    assert_type(rs.rows("discrepancies"), list[DiscrepancyRow])
    assert_type(rs.rows("topics"), list[TopicRow])
    assert_type(kzreforms.article("CC 128").rows(), list[kzreforms.HistoryRow])
    assert_type(kzreforms.article("CC 128").to_pandas(), pd.DataFrame)

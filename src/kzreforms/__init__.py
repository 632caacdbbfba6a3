# SPDX-License-Identifier: MIT
"""
kzreforms: Kazakhstan's legal and human-rights reforms since 2019, as typed,
source-cited, immutable records.

>>> import kzreforms
>>> r = kzreforms.get("criminal-code-amendments-2019-12")
>>> r.kind
<ReformKind.LAW: 'law'>

Importing the package is cheap: every name, the data, attrs, cattrs and
python-dateutil are loaded when first used.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._api import article, get, load, load_text, reforms, sources
    from ._articles import ArticleRef, Code
    from ._cite import cite, cite_dataset, sources_bibtex, sources_csl_json
    from ._collection import DateMode, ReformSet, StageChoice, TimelineEntry
    from ._convert import dumps, loads
    from ._dates import DateLike, PartialDate, Precision
    from ._diff import DataDiff, FactChange, RecordChange, Renamed, diff
    from ._errors import (
        ArticleParseError,
        DataLoadError,
        DateParseError,
        DiffInputError,
        InvalidRecordError,
        InvalidTypeError,
        KzReformsError,
        MissingExtraError,
        OutputPathError,
        QueryError,
        RenamedIdWarning,
        UnknownNameError,
        UnknownReformError,
        UnknownSourceError,
        UnknownTopicError,
        WithdrawnReformError,
    )
    from ._history import ArticleHistory, ArticleState
    from ._model import (
        ActKind,
        Citation,
        CitationRef,
        Confidence,
        Discrepancy,
        Figure,
        Gravity,
        LegalAct,
        Liability,
        Measure,
        Milestone,
        Penalty,
        PenaltyChange,
        PenaltyDelta,
        Quantity,
        Reform,
        ReformKind,
        Source,
        SourceKind,
        Stage,
        Term,
    )
    from ._penalties import ChangeKind, Effective, PenaltyEntry, PenaltyView
    from ._plot import plot_timeline
    from ._publish import NoFullTextWarning
    from ._schema import json_schema
    from ._tables import (
        DiscrepancyEntry,
        DiscrepancyRow,
        HistoryRow,
        PenaltyRow,
        ReformRow,
        SourceRow,
        StateRow,
        TimelineRow,
        TopicEntry,
        TopicRow,
    )
    from ._topics import TAXONOMY, Topic

__all__ = [
    "DATA_AS_OF",
    "DATA_VERSION",
    "TAXONOMY",
    "ActKind",
    "ActMatch",
    "ArticleHistory",
    "ArticleParseError",
    "ArticleRef",
    "ArticleState",
    "ChangeKind",
    "Citation",
    "CitationRef",
    "Code",
    "Confidence",
    "DataDiff",
    "DataLoadError",
    "DateLike",
    "DateMode",
    "DateParseError",
    "DiffInputError",
    "Discrepancy",
    "DiscrepancyEntry",
    "DiscrepancyRow",
    "Effective",
    "FactChange",
    "Figure",
    "Gravity",
    "HistoryRow",
    "InvalidRecordError",
    "InvalidTypeError",
    "KzReformsError",
    "LegalAct",
    "Liability",
    "LinkKind",
    "Measure",
    "Milestone",
    "MissingExtraError",
    "NoFullTextWarning",
    "OfficialTitle",
    "OutputPathError",
    "PartialDate",
    "Penalty",
    "PenaltyChange",
    "PenaltyDelta",
    "PenaltyEntry",
    "PenaltyRow",
    "PenaltyView",
    "Precision",
    "Quantity",
    "QueryError",
    "RecordChange",
    "Reform",
    "ReformKind",
    "ReformRow",
    "ReformSet",
    "Renamed",
    "RenamedIdWarning",
    "Source",
    "SourceKind",
    "SourceRow",
    "Stage",
    "StageChoice",
    "StateRow",
    "StatusLink",
    "Term",
    "TimelineEntry",
    "TimelineRow",
    "TitleLang",
    "Topic",
    "TopicEntry",
    "TopicRow",
    "UnknownNameError",
    "UnknownReformError",
    "UnknownSourceError",
    "UnknownTopicError",
    "WithdrawnReformError",
    "__version__",
    "act",
    "article",
    "cite",
    "cite_dataset",
    "diff",
    "dumps",
    "get",
    "json_schema",
    "load",
    "load_text",
    "loads",
    "plot_timeline",
    "reforms",
    "sources",
    "sources_bibtex",
    "sources_csl_json",
]

DATA_AS_OF: dt.date = dt.date(2026, 12, 2)
"""
The day the packaged data is current to: the newest ``last_checked`` of its
records (the day their sources were last read).  Each record says its own
day in :attr:`Reform.last_checked`.  ``python tools/data.py bundle`` writes
this line, so importing the package reads no data.
"""

DATA_VERSION: str = "2026.12.0"
"""
The version of the packaged data, ``YEAR.MONTH.N``: the year and month the
data was released, and N counting the data releases of that month from 0
(docs/releases.md).  It changes whenever a record is added, corrected,
renamed or withdrawn, and only then; exports that carry metadata (Parquet,
Arrow) and the dataset's citation state it, and ``kzreforms --version``
shows it.
"""

# Every public name is imported on first use, so `import kzreforms` defines no
# class and loads neither attrs, cattrs, dateutil nor the data (measured by
# benchmarks/: it must cost no more than `import attrs`).
_LAZY = {
    "DateLike": "._dates",
    "PartialDate": "._dates",
    "Precision": "._dates",
    "DataLoadError": "._errors",
    "DateParseError": "._errors",
    "InvalidRecordError": "._errors",
    "InvalidTypeError": "._errors",
    "KzReformsError": "._errors",
    "MissingExtraError": "._errors",
    "OutputPathError": "._errors",
    "QueryError": "._errors",
    "UnknownNameError": "._errors",
    "UnknownReformError": "._errors",
    "UnknownSourceError": "._errors",
    "UnknownTopicError": "._errors",
    "ActKind": "._vocab",
    "Citation": "._model",
    "Confidence": "._vocab",
    "Discrepancy": "._model",
    "Figure": "._model",
    "Gravity": "._vocab",
    "LegalAct": "._model",
    "Liability": "._vocab",
    "Milestone": "._model",
    "Penalty": "._model",
    "PenaltyChange": "._model",
    "Quantity": "._model",
    "Reform": "._model",
    "ReformKind": "._vocab",
    "Source": "._model",
    "SourceKind": "._vocab",
    "Stage": "._vocab",
    "Term": "._model",
    "LinkKind": "._vocab",
    "OfficialTitle": "._model",
    "StatusLink": "._model",
    "TitleLang": "._vocab",
    "TAXONOMY": "._topics",
    "Topic": "._topics",
    "cite": "._cite",
    "cite_dataset": "._cite",
    "json_schema": "._schema",
    "plot_timeline": "._plot",
    "sources_bibtex": "._cite",
    "sources_csl_json": "._cite",
    "dumps": "._convert",
    "loads": "._convert",
    "DateMode": "._collection",
    "PenaltyEntry": "._penalties",
    "PenaltyView": "._penalties",
    "ReformSet": "._collection",
    "TimelineEntry": "._collection",
    "get": "._api",
    "load": "._api",
    "load_text": "._api",
    "reforms": "._api",
    "sources": "._api",
    "StageChoice": "._collection",
    "ChangeKind": "._penalties",
    "ArticleRef": "._articles",
    "Code": "._articles",
    "ArticleParseError": "._errors",
    "PenaltyDelta": "._model",
    "Effective": "._penalties",
    "ArticleHistory": "._history",
    "ArticleState": "._history",
    "article": "._api",
    "act": "._api",
    "ActMatch": "._status",
    "ReformRow": "._tables",
    "PenaltyRow": "._tables",
    "TimelineRow": "._tables",
    "SourceRow": "._tables",
    "DiscrepancyRow": "._tables",
    "HistoryRow": "._tables",
    "StateRow": "._tables",
    "TopicRow": "._tables",
    "DiscrepancyEntry": "._tables",
    "TopicEntry": "._tables",
    "DataDiff": "._diff",
    "FactChange": "._diff",
    "RecordChange": "._diff",
    "Renamed": "._diff",
    "diff": "._diff",
    "DiffInputError": "._errors",
    "RenamedIdWarning": "._errors",
    "WithdrawnReformError": "._errors",
    "CitationRef": "._model",
    "Measure": "._model",
    "NoFullTextWarning": "._publish",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415 - lazy by design

        return version("kzreforms")
    mod = _LAZY.get(name)
    if mod is None:
        msg = f"module 'kzreforms' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(mod, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

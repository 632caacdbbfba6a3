# SPDX-License-Identifier: MIT
"""
Citation help: a plain-text citation of what a reform rests on, and the
source registry as BibTeX or CSL-JSON for reference managers.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._errors import InvalidTypeError, UnknownNameError, UnknownSourceError
from ._model import Citation, Reform, Source, SourceKind

if TYPE_CHECKING:
    from ._collection import ReformSet
    from ._dates import PartialDate

__all__ = [
    "KIND_LABELS",
    "citations_by_source",
    "cite",
    "cite_dataset",
    "cited_by",
    "format_source",
    "reform_bibtex",
    "reform_csl",
    "reform_set_bibtex",
    "reform_set_csl",
    "sources_bibtex",
    "sources_csl_json",
    "where_cited",
]

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

CSL_TYPES: Mapping[SourceKind, str] = {
    SourceKind.OFFICIAL_TEXT: "legislation",
    SourceKind.LEGAL_DATABASE: "webpage",
    SourceKind.GOVERNMENT: "webpage",
    SourceKind.INTERNATIONAL: "report",
    SourceKind.NEWS: "article-newspaper",
    SourceKind.OP_ED: "article-newspaper",
    SourceKind.ANALYSIS: "report",
    SourceKind.ACADEMIC: "article-journal",
    SourceKind.NGO: "report",
    SourceKind.OTHER: "document",
}
"""The CSL item type used for each kind of source."""

KIND_LABELS: Mapping[SourceKind, str] = {
    SourceKind.OFFICIAL_TEXT: "Official text",
    SourceKind.LEGAL_DATABASE: "Legal database",
    SourceKind.GOVERNMENT: "Government publication",
    SourceKind.INTERNATIONAL: "International organisation",
    SourceKind.NEWS: "News",
    SourceKind.OP_ED: "Op-ed",
    SourceKind.ANALYSIS: "Analysis",
    SourceKind.ACADEMIC: "Academic publication",
    SourceKind.NGO: "NGO",
    SourceKind.OTHER: "Other",
}
"""How each kind of source is named in citations (``NGO``, ``Op-ed``...)."""


def _registry(sources: Mapping[str, Source] | None) -> Mapping[str, Source]:
    if sources is not None:
        if not isinstance(sources, Mapping):
            raise InvalidTypeError(
                "sources", sources, "a mapping of source ids to Source records, or None"
            )
        return sources
    from ._store import packaged_sources  # noqa: PLC0415 - the packaged data on first use

    return packaged_sources()


def format_source(s: Source) -> str:
    """
    One source as one line of text:
    ``Publisher. "Title." Kind, date. URL``.
    """
    if not isinstance(s, Source):
        raise InvalidTypeError("source", s, "a Source")
    text = f'{s.publisher}. "{s.title.rstrip(".")}." {KIND_LABELS[s.kind]}'
    if s.published is not None:
        text += f", {s.published}"
    text += "."
    if s.url:
        text += f" {s.url}"
    return text


def _check_cited(reform: object, registry: Mapping[str, Source]) -> None:
    """Refuse a non-record, and a record citing a source missing from *registry*."""
    if not isinstance(reform, Reform):
        raise InvalidTypeError("reform", reform, "a Reform")
    missing = sorted(reform.sources - set(registry))
    if missing:
        raise UnknownSourceError(
            "source id",
            missing[0],
            [],
            hint=(
                f"record {reform.id!r} cites sources that are not in the registry used "
                f"({', '.join(missing)}); for your own data use ReformSet.cite(record) "
                "or pass sources=collection.sources"
            ),
        )


def cited_by(reform: Reform, sources: Mapping[str, Source] | None = None) -> list[Source]:
    """
    The sources *reform* cites, each once, in the order of its first citation.

    Raises:
        UnknownSourceError: A cited source is not in *sources* (by default
            the packaged registry).
    """
    registry = _registry(sources)
    _check_cited(reform, registry)
    return [registry[sid] for sid in dict.fromkeys(c.source for c in reform.citations)]


def citations_by_source(reform: Reform) -> list[tuple[str, tuple[Citation, ...]]]:
    """
    *reform*'s citations grouped by source: one ``(source id, citations)``
    pair per source, in the order of the source's first citation.

    .. versionadded:: 0.2.0
    """
    groups: dict[str, list[Citation]] = {}
    for c in reform.citations:
        groups.setdefault(c.source, []).append(c)
    return [(sid, tuple(cs)) for sid, cs in groups.items()]


def where_cited(citations: Iterable[Citation]) -> str:
    """
    The locators and confidence of one source's citations, in one phrase:
    ``"at Art. 1; p. 3; confidence high"`` (each locator with its own
    confidence when they differ).

    .. versionadded:: 0.2.0
    """
    cs = list(citations)
    levels = {c.confidence for c in cs}
    if len(levels) == 1:
        locs = list(dict.fromkeys(c.locator for c in cs if c.locator))
        at = f"at {'; '.join(locs)}; " if locs else ""
        return f"{at}confidence {cs[0].confidence.value}"
    parts = [f"{c.locator or 'the whole source'} ({c.confidence.value})" for c in cs]
    return "at " + "; ".join(parts)


def cite(reform: Reform, sources: Mapping[str, Source] | None = None) -> str:
    """
    A plain-text citation of the sources *reform* rests on, one numbered
    line per citation with its locator and confidence.

    *sources* maps source ids to :class:`~kzreforms.Source` records; it
    defaults to the packaged registry (:func:`kzreforms.sources`).  For your
    own data, pass the collection's sources (``cite(r, rs.sources)``) or use
    :meth:`ReformSet.cite`.

    Raises:
        UnknownSourceError: A cited source is not in *sources*.
    """
    registry = _registry(sources)
    _check_cited(reform, registry)
    lines = [f"{reform.title} ({reform.date}; kzreforms record {reform.id}). Sources:"]
    for i, c in enumerate(reform.citations, start=1):
        text = format_source(registry[c.source])
        where = f" At: {c.locator}." if c.locator else ""
        lines.append(f"[{i}] {text}{where} Confidence: {c.confidence.value}.")
    return "\n".join(lines) + "\n"


def _as_list(sources: Iterable[Source] | Mapping[str, Source]) -> list[Source]:
    if isinstance(sources, (Reform, str, bytes)) or not isinstance(sources, (Mapping, Iterable)):
        err = InvalidTypeError(
            "sources",
            sources,
            "Source records or a mapping of them by id (for the sources a reform cites, "
            "use reform.bibtex() / reform.csl(); for a collection's, rs.bibtex() / rs.csl())",
        )
        if isinstance(sources, Reform):  # name the record, not its whole repr
            err.args = (f"sources: got Reform {sources.id!r}; expected {err.accepted}",)
        raise err
    items = list(sources.values()) if isinstance(sources, Mapping) else list(sources)
    for s in items:
        if not isinstance(s, Source):
            raise InvalidTypeError("sources", s, "Source records (or a mapping of them by id)")
    return items


_TEX_SPECIAL = re.compile(r"[\\{}&%$#_^~]")
_TEX_MAP = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _tex(text: str) -> str:
    """Escape LaTeX's special characters (UTF-8 text is kept as it is)."""
    return _TEX_SPECIAL.sub(lambda m: _TEX_MAP.get(m.group(), "\\" + m.group()), text)


def _url(url: str) -> str:
    return url.replace("{", "%7B").replace("}", "%7D")


def _bib_date(d: PartialDate) -> list[tuple[str, str]]:
    out = [("year", str(d.year))]
    if d.month is not None:
        out.append(("month", _MONTHS[d.month - 1]))
    out.append(("date", str(d)))
    return out


def sources_bibtex(sources: Iterable[Source] | Mapping[str, Source]) -> str:
    """
    BibTeX ``@misc`` entries for *sources* (a registry mapping or records),
    keyed by source id, in the order given.

    Fields: ``title`` (braced to keep its case), ``publisher``,
    ``howpublished`` (the kind of source), ``year`` / ``month`` / ``date``
    (as far as known), ``url`` and ``note``.  LaTeX special characters are
    escaped; other text stays UTF-8 (use biber, or ``inputenc``).
    """
    entries: list[str] = []
    for s in _as_list(sources):
        fields: list[tuple[str, str]] = [
            ("title", "{" + _tex(s.title) + "}"),
            ("publisher", _tex(s.publisher)),
            ("howpublished", _tex(KIND_LABELS[s.kind])),
        ]
        if s.published is not None:
            fields.extend(_bib_date(s.published))
        if s.url:
            fields.append(("url", _url(s.url)))
        if s.note:
            fields.append(("note", _tex(s.note)))
        body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields)
        entries.append(f"@misc{{{s.id},\n{body}\n}}\n")
    return "\n".join(entries)


def sources_csl_json(sources: Iterable[Source] | Mapping[str, Source]) -> list[dict[str, Any]]:
    """
    *sources* as CSL-JSON items (for Zotero, pandoc ``--citeproc`` and other
    citation processors): ``id``, ``type`` (see :data:`CSL_TYPES`),
    ``title``, ``publisher`` (also ``container-title`` for news), ``issued``
    as date parts (only the parts known), ``URL`` and ``note``.

    Returns a JSON-ready list; ``json.dumps`` it to write a ``.json`` file.
    """
    out: list[dict[str, Any]] = []
    for s in _as_list(sources):
        item: dict[str, Any] = {
            "id": s.id,
            "type": CSL_TYPES[s.kind],
            "title": s.title,
            "publisher": s.publisher,
        }
        if s.kind in (SourceKind.NEWS, SourceKind.OP_ED):
            item["container-title"] = s.publisher
        if s.published is not None:
            d = s.published
            parts = [d.year, *(p for p in (d.month, d.day) if p is not None)]
            item["issued"] = {"date-parts": [parts]}
        if s.url:
            item["URL"] = s.url
        if s.note:
            item["note"] = s.note
        out.append(item)
    return out


# ---------------------------------------------------------------------------
# Per record, per collection, and the dataset itself
# ---------------------------------------------------------------------------


def reform_bibtex(reform: Reform, sources: Mapping[str, Source] | None = None) -> str:
    """
    BibTeX entries for the sources *reform* cites, each once, in the order of
    its first citation (:meth:`Reform.bibtex <kzreforms.Reform.bibtex>`).

    .. versionadded:: 0.2.0
    """
    return sources_bibtex(cited_by(reform, sources))


def reform_csl(reform: Reform, sources: Mapping[str, Source] | None = None) -> list[dict[str, Any]]:
    """
    CSL-JSON items for the sources *reform* cites, each once, in the order of
    its first citation (:meth:`Reform.csl <kzreforms.Reform.csl>`).

    .. versionadded:: 0.2.0
    """
    return sources_csl_json(cited_by(reform, sources))


def _set_sources(rs: ReformSet) -> list[Source]:
    """The sources the records of *rs* cite, sorted by id, all found in ``rs.sources``."""
    registry = rs.sources
    ids = sorted({sid for r in rs for sid in r.sources})
    missing = [i for i in ids if i not in registry]
    if missing:
        raise UnknownSourceError(
            "source id",
            missing[0],
            [],
            hint=(
                f"the collection's records cite sources it does not carry "
                f"({', '.join(missing)}); load your data with its sources "
                "(kzreforms.load) so that ReformSet.sources has them"
            ),
        )
    return [registry[i] for i in ids]


def reform_set_bibtex(rs: ReformSet) -> str:
    """
    BibTeX entries for every source the records of *rs* cite, sorted by id,
    taken from the sources the collection carries (``rs.sources``).  An
    empty collection gives an empty string.

    .. versionadded:: 0.2.0
    """
    return sources_bibtex(_set_sources(rs))


def reform_set_csl(rs: ReformSet) -> list[dict[str, Any]]:
    """
    CSL-JSON items for every source the records of *rs* cite, sorted by id,
    taken from ``rs.sources``.  An empty collection gives an empty list.

    .. versionadded:: 0.2.0
    """
    return sources_csl_json(_set_sources(rs))


DATASET_TITLE = "kzreforms: Kazakhstan's legal and human-rights reforms since 2019"
DATASET_AUTHOR = "kzreforms developers"
DATASET_URL = "https://github.com/kzreforms/kzreforms"
CITE_FORMATS = ("text", "bibtex", "csl")


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("kzreforms")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "unknown"


def cite_dataset(format: str = "text") -> str:  # noqa: A002 - the name users expect
    """
    How to cite the kzreforms dataset itself: its title, the package version
    installed, the data version (:data:`kzreforms.DATA_VERSION`) and the day
    the data is current to (:data:`kzreforms.DATA_AS_OF`).

    *format* is ``"text"`` (one line), ``"bibtex"`` (a ``@software`` entry
    keyed ``kzreforms``) or ``"csl"`` (CSL-JSON text: a list of one item,
    ready to write to a ``.json`` file).  ``CITATION.cff`` at the root of the
    repository says the same for GitHub and Zenodo.

    Raises:
        UnknownNameError: *format* is not one of those three.

    .. versionadded:: 0.2.0
    """
    import json  # noqa: PLC0415

    from . import DATA_AS_OF, DATA_VERSION  # noqa: PLC0415

    if not isinstance(format, str) or format not in CITE_FORMATS:
        raise UnknownNameError(
            "citation format", format, CITE_FORMATS, hint="use text, bibtex or csl"
        )
    v = _package_version()
    as_of = DATA_AS_OF.isoformat()
    if format == "text":
        return (
            f"{DATASET_AUTHOR}. {DATASET_TITLE}. Version {v}, data version {DATA_VERSION}, "
            f"data as of {as_of}. "
            f"Python package and dataset. {DATASET_URL}\n"
        )
    if format == "bibtex":
        fields = [
            ("author", "{" + DATASET_AUTHOR + "}"),
            ("title", "{" + _tex(DATASET_TITLE) + "}"),
            ("version", _tex(v)),
            ("year", str(DATA_AS_OF.year)),
            ("date", as_of),
            ("url", DATASET_URL),
            ("note", f"Data version {DATA_VERSION}, data as of {as_of}"),
        ]
        body = ",\n".join(f"  {k} = {{{val}}}" for k, val in fields)
        return f"@software{{kzreforms,\n{body}\n}}\n"
    item = {
        "id": "kzreforms",
        "type": "software",
        "title": DATASET_TITLE,
        "author": [{"literal": DATASET_AUTHOR}],
        "version": v,
        "issued": {"date-parts": [[DATA_AS_OF.year, DATA_AS_OF.month, DATA_AS_OF.day]]},
        "URL": DATASET_URL,
        "note": f"Data version {DATA_VERSION}, data as of {as_of}",
    }
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"

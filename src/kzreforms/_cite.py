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

from ._errors import InvalidTypeError, UnknownSourceError
from ._model import Reform, Source, SourceKind

if TYPE_CHECKING:
    from ._dates import PartialDate

__all__ = ["cite", "format_source", "sources_bibtex", "sources_csl_json"]

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


def _registry(sources: Mapping[str, Source] | None) -> Mapping[str, Source]:
    if sources is not None:
        if not isinstance(sources, Mapping):
            raise InvalidTypeError(
                "sources", sources, "a mapping of source ids to Source records, or None"
            )
        return sources
    from ._store import dataset  # noqa: PLC0415 - the packaged data on first use

    return dataset().sources


def format_source(s: Source) -> str:
    """
    One source as one line of text:
    ``Publisher. "Title." Kind, date. URL``.
    """
    if not isinstance(s, Source):
        raise InvalidTypeError("source", s, "a Source")
    kind = str(s.kind).replace("-", " ").capitalize()
    text = f'{s.publisher}. "{s.title.rstrip(".")}." {kind}'
    if s.published is not None:
        text += f", {s.published}"
    text += "."
    if s.url:
        text += f" {s.url}"
    return text


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
    if not isinstance(reform, Reform):
        raise InvalidTypeError("reform", reform, "a Reform")
    registry = _registry(sources)
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
    lines = [f"{reform.title} ({reform.date}; kzreforms record {reform.id}). Sources:"]
    for i, c in enumerate(reform.citations, start=1):
        text = format_source(registry[c.source])
        where = f" At: {c.locator}." if c.locator else ""
        lines.append(f"[{i}] {text}{where} Confidence: {c.confidence.value}.")
    return "\n".join(lines) + "\n"


def _as_list(sources: Iterable[Source] | Mapping[str, Source]) -> list[Source]:
    if not isinstance(sources, (Mapping, Iterable)) or isinstance(sources, (str, bytes)):
        # Round two: None or 5 raised a raw TypeError ("not iterable").
        raise InvalidTypeError(
            "sources", sources, "an iterable of Source records, or a mapping of them by id"
        )
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
            ("howpublished", _tex(str(s.kind).replace("-", " ").capitalize())),
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

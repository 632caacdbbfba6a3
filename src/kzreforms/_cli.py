# SPDX-License-Identifier: MIT
"""
The ``kzreforms`` command (also ``python -m kzreforms``).

Only the standard library's argparse is used.  Exit codes: 0 success; 1
nothing found (with ``--fail-if-empty``), invalid data (``validate``, or a
broken data set), a file that cannot be written or a missing extra; 2 bad
usage (unknown option, topic, kind, stage, id or date; an empty or blank
value; --since/--until/--during that leave no date).  Errors go to stderr
with a hint, never as a traceback.

See ``docs/cli.md`` for the reference.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, NoReturn

from ._errors import (
    DataLoadError,
    DateParseError,
    DiffInputError,
    KzReformsError,
    UnknownNameError,
    UnknownReformError,
    UnknownSourceError,
    UnknownTopicError,
)
from ._topics import TAXONOMY

# PERF (benchmarks/): the vocabularies without the record classes (_model)
from ._vocab import CHANGE_KIND_NAMES, Gravity, Liability, ReformKind, Stage

if TYPE_CHECKING:
    from pathlib import Path

    from ._collection import ReformSet
    from ._model import Reform, Source
    from ._penalties import PenaltyView
    from ._tables import Table

__all__ = ["main"]

PROG = "kzreforms"
EXIT_OK = 0
EXIT_FAIL = 1
EXIT_USAGE = 2

TABLE_FORMATS = ("table", "tsv", "json", "jsonl", "csv", "markdown")
EXPORT_FORMATS = ("json", "jsonl", "csv", "parquet", "sqlite", "datapackage")
_EXPORT_SUFFIXES = {"db": "sqlite", "sqlite3": "sqlite"}
"""File suffixes that name an export format other than their own."""
_ELLIPSIS = "…"
_MIN_COL = 6


class UsageError(KzReformsError):
    """A bad command-line value; carries a hint for the user."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class StdoutClosedError(KzReformsError, OSError):
    """Standard output is closed (``kzreforms list >&-``): nothing can be printed."""

    def __init__(self) -> None:
        super().__init__(
            "standard output is closed, so nothing can be printed; "
            "redirect it (> FILE, or > /dev/null to discard) or give 'export' an --output FILE"
        )


# ---------------------------------------------------------------------------
# Parsing helpers
# ---------------------------------------------------------------------------


def _split(values: Iterable[str] | None) -> list[str]:
    """Flatten repeatable options that may also hold comma-separated lists."""
    out: list[str] = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def _nonblank(text: str) -> str:
    """
    An option's value as given, unless it is empty or blank: ``--topic ""``
    (say, an unset shell variable) is a usage error, never "no filter".
    """
    if not text.replace(",", " ").strip():
        msg = f"expected a value, got {text!r}; give a value or leave the option out"
        raise argparse.ArgumentTypeError(msg)
    return text


def _reject_blank(parser: argparse.ArgumentParser) -> None:
    """Make every value an option or argument takes (of every subcommand) non-blank."""
    for action in parser._actions:  # noqa: SLF001 - argparse offers no public walk
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub in set(action.choices.values()):
                _reject_blank(sub)
        elif action.nargs != 0 and action.type is None:
            action.type = _nonblank


def _parse_enum(cls: Any, value: str, flag: str) -> Any:
    try:
        return cls.parse(value)
    except UnknownNameError as e:
        accepted = ", ".join(str(m.value) for m in cls)
        raise UsageError(f"{flag}: {e}", f"{flag} accepts: {accepted}") from None


def _stages(values: Iterable[str], flag: str) -> list[Stage]:
    return [_parse_enum(Stage, v, flag) for v in values]


def _on(value: str) -> str | list[Stage]:
    if value in ("key", "any"):
        return value
    return _stages(_split([value]), "--on")


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        msg = f"expected a whole number, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if n < 0:
        msg = f"expected a whole number >= 0, got {n}"
        raise argparse.ArgumentTypeError(msg)
    return n


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _dataset(args: argparse.Namespace) -> ReformSet:
    from ._api import load, reforms  # noqa: PLC0415 - the data on first use

    if args.data is None:
        return reforms()
    from pathlib import Path  # noqa: PLC0415 - PERF (benchmarks/)

    path = Path(args.data)
    if not path.exists():
        raise UsageError(f"--data: no such file or directory: {args.data}")
    _check_data_dir(path, "--data")
    return load(path)


_DATA_LAYOUT = (
    "a JSON file (a list of reforms, or {'reforms': [...], 'sources': [...]}) "
    "or a directory laid out like the package data: reforms/*.json (one record each) "
    "and optionally sources/*.json"
)


def _check_data_dir(path: Path, what: str) -> None:
    """A data directory must hold reforms/*.json: any other directory is a mistake."""
    if path.is_dir() and not any((path / "reforms").glob("*.json")):
        found = "no reforms/ folder" if not (path / "reforms").is_dir() else "no reforms/*.json"
        raise UsageError(
            f"{what}: {path} is not a data directory ({found})", f"expected {_DATA_LAYOUT}"
        )


def _registry(args: argparse.Namespace) -> Mapping[str, Source]:
    """The sources the data in use can cite (the user's own too, with ``--data``)."""
    return _dataset(args).sources


def _own_sources(args: argparse.Namespace, rs: ReformSet) -> list[Source]:
    """The sources *rs* cites that are not packaged (only with ``--data``)."""
    if args.data is None:
        return []
    from ._store import packaged_sources  # noqa: PLC0415

    packaged = packaged_sources()
    return [s for s in rs.cited_sources() if s.id not in packaged]


def _date_range(args: argparse.Namespace) -> None:
    """
    A usage error when --since, --until and --during leave no date at all
    (their intersection is empty), naming the options.
    """
    from ._dates import PartialDate  # noqa: PLC0415

    given = [(f, getattr(args, f.lstrip("-"))) for f in ("--since", "--until", "--during")]
    given = [(f, v) for f, v in given if v]
    lo: tuple[str, Any] | None = None
    hi: tuple[str, Any] | None = None
    for flag, value in given:
        d = PartialDate.parse(value)
        if flag != "--until" and (lo is None or d.earliest > lo[1]):
            lo = (f"{flag} {value}", d.earliest)
        if flag != "--since" and (hi is None or d.latest < hi[1]):
            hi = (f"{flag} {value}", d.latest)
    if lo is not None and hi is not None and lo[1] > hi[1]:
        raise UsageError(
            f"the range starts ({lo[0]}) after it ends ({hi[0]}): no date can match",
            "--since, --until and --during must overlap (e.g. --since 2022 --until 2024)",
        )


def _dated(args: argparse.Namespace, rs: ReformSet) -> ReformSet:
    _date_range(args)
    on = _on(args.on)
    if args.during:
        rs = rs.during(args.during, mode=args.mode, on=on)
    if args.since and args.until:
        rs = rs.between(args.since, args.until, mode=args.mode, on=on)
    elif args.since:
        rs = rs.since(args.since, mode=args.mode, on=on)
    elif args.until:
        rs = rs.until(args.until, mode=args.mode, on=on)
    return rs


def _filtered(args: argparse.Namespace) -> ReformSet:
    rs = _dataset(args)
    if args.body:
        rs = rs.body(*_split(args.body))
    if args.cites:
        rs = rs.cites(*_split(args.cites))
    if getattr(args, "with_discrepancies", False):
        rs = rs.with_discrepancies()
    rs = _dated(args, rs)
    topics = _split(args.topic)
    if topics:
        rs = rs.topic(*topics)
    kinds = _split(getattr(args, "reform_kind", None))
    if kinds:
        rs = rs.kind(*(_parse_enum(ReformKind, k, args.kind_flag) for k in kinds))
    if args.search:
        rs = rs.search(args.search)
    if getattr(args, "reform_min_gravity", None):
        rs = rs & rs.penalties().min_gravity(args.reform_min_gravity).reforms()
    return rs


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def _out() -> IO[str]:
    out = sys.stdout
    if out is None or out.closed:
        raise StdoutClosedError
    return out


def _err(message: str, hint: str | None = None) -> None:
    err = sys.stderr
    if err is None or err.closed:  # nowhere to say it; the exit status still does
        return
    with contextlib.suppress(OSError, ValueError):
        err.write(f"{PROG}: error: {message}\n")
        if hint:
            err.write(f"{PROG}: hint: {hint}\n")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())


def _width() -> int:
    import shutil  # noqa: PLC0415 - PERF (benchmarks/): only aligned output needs it

    return shutil.get_terminal_size((100, 24)).columns


def _can_encode(text: str) -> bool:
    try:
        text.encode(getattr(_out(), "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _cut(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    dots = _ELLIPSIS if _can_encode(_ELLIPSIS) else "~"
    return text[: max(width - 1, 0)] + dots


_KEEP = frozenset(
    {"date", "id", "kind", "stage", "reform", "reform_id", "reform_date", "article", "published"}
)


def render_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    keep: Collection[str] = _KEEP,
) -> str:
    """
    Aligned columns, two spaces apart, truncated with an ellipsis to fit
    *width*: the widest free-text column shrinks first; the columns in *keep*
    (ids, dates) only when nothing else can.
    """
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    gap = 2 * (len(header) - 1)
    floor = [min(w, max(_MIN_COL, len(h))) for w, h in zip(widths, header, strict=True)]
    order = [
        [i for i, h in enumerate(header) if h not in keep],
        list(range(len(header))),
    ]
    for candidates in order:
        while sum(widths) + gap > width:
            i = max(candidates, key=lambda j: widths[j] - floor[j], default=None)
            if i is None or widths[i] <= floor[i]:
                break
            widths[i] -= 1
    lines = []
    for row in [list(header), ["-" * w for w in widths], *rows]:
        cells = [_cut(c, w).ljust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def _markdown(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    from ._formats import markdown_text  # noqa: PLC0415

    return markdown_text(header, rows)


def _json_text(payload: Any) -> str:
    try:
        return _indented_json(payload) + "\n"
    except _NotPlainJSONError:
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


class _NotPlainJSONError(Exception):
    """A value :func:`_indented_json` leaves to ``json.dumps``."""


_LEAVES = (int, bool, float, type(None))


def _indented_json(payload: Any) -> str:  # noqa: C901 - one branch per JSON type
    """
    ``json.dumps(payload, ensure_ascii=False, indent=2)`` for plain JSON data
    (dicts with str keys, lists, str, int, bool, float, None: exactly those
    types, else :class:`_NotPlainJSONError`).

    PERF (benchmarks/): with ``indent`` the json module encodes in Python
    through nested generators; this writes the same text in about 40 % of
    the time (``list --format json``, issue #14), the strings still encoded
    by the json module's C function.
    """
    from json.encoder import encode_basestring  # noqa: PLC0415 - C, as json.dumps uses

    out: list[str] = []
    put = out.append
    enc = encode_basestring

    def walk(o: Any, pad: str) -> None:
        t = type(o)
        if t is str:
            put(enc(o))
        elif t is dict:
            if not o:
                put("{}")
                return
            inner = pad + "  "
            sep = "{\n"
            for k, v in o.items():
                if type(k) is not str:
                    raise _NotPlainJSONError
                put(sep)
                put(inner)
                put(enc(k))
                put(": ")
                walk(v, inner)
                sep = ",\n"
            put("\n" + pad + "}")
        elif t is list:
            if not o:
                put("[]")
                return
            inner = pad + "  "
            sep = "[\n"
            for v in o:
                put(sep)
                put(inner)
                walk(v, inner)
                sep = ",\n"
            put("\n" + pad + "]")
        elif t in _LEAVES:
            put(json.dumps(o))
        else:
            raise _NotPlainJSONError

    walk(payload, "")
    return "".join(out)


def _jsonl_text(items: Iterable[Any]) -> str:
    return "".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in items)


def _format(args: argparse.Namespace) -> str:
    fmt: str | None = args.format
    if fmt is None:
        return "table" if _out().isatty() else "tsv"
    return fmt


def _escape(args: argparse.Namespace) -> bool:
    return not getattr(args, "no_escape_formulas", False)


def _columns(args: argparse.Namespace, table: Table) -> list[str] | None:
    """The ``--columns`` asked for, checked against *table*'s spec (None: all)."""
    from ._tables import spec  # noqa: PLC0415

    names = _split(getattr(args, "columns", None))
    if not names:
        return None
    sp = spec(table)
    try:
        for n in names:
            sp.column(n)
    except UnknownNameError as e:
        hint = f"the {table} columns are listed in docs/exports.md"
        raise UsageError(f"--columns: {e}", hint) from None
    return names


def _emit_table(
    args: argparse.Namespace,
    table: Table,
    things: Sequence[Any],
    *,
    empty: str,
    records: Callable[[Sequence[Any]], list[Any]] | None = None,
) -> int:
    """
    Write the rows of one table in the chosen format; return the exit code.

    Every format has the table's columns (or ``--columns``), from its spec;
    only the aligned ``table`` shows the spec's brief columns when no
    ``--columns`` are given.  With *records* (``list``), ``json`` / ``jsonl``
    print whole records in the data format unless ``--flat`` is given.
    """
    fmt = _format(args)
    limit: int | None = getattr(args, "limit", None)
    # PERF (benchmarks/): a ReformSet is sliced, not listed: its records are
    # built only if a format needs them (``records`` may not, see cmd_list)
    shown = things[:limit] if limit is not None else things
    if fmt in ("json", "jsonl") and records is not None and not getattr(args, "flat", False):
        if _split(getattr(args, "columns", None)):
            raise UsageError(
                f"--columns works with flat rows; --format {fmt} prints whole records",
                "add --flat for flat rows with the columns you choose",
            )
        recs = records(shown)
        _out().write(_json_text(recs) if fmt == "json" else _jsonl_text(recs))
    else:
        _out().write(_table_text(args, fmt, table, list(shown)))
    if not shown:
        if fmt == "table":
            sys.stderr.write(f"{PROG}: {empty}\n")
        if args.fail_if_empty:
            return EXIT_FAIL
    return EXIT_OK


def _table_text(args: argparse.Namespace, fmt: str, table: Table, shown: list[Any]) -> str:
    """*shown* (the items of *table*) as flat rows in *fmt*."""
    from . import _formats  # noqa: PLC0415
    from ._tables import items, spec, spec_rows  # noqa: PLC0415

    cols = _columns(args, table)
    if fmt in ("json", "jsonl"):
        flat = spec_rows(spec(table), items(shown, table))
        if cols is not None:
            flat = [{c: r[c] for c in cols} for r in flat]
        return _json_text(flat) if fmt == "json" else _jsonl_text(flat)
    if fmt == "table" and cols is None:
        cols = list(spec(table).brief)
    header, cells = _formats.table_cells(shown, table, columns=cols)
    if fmt == "csv":
        return _formats.csv_text(header, cells, escape_formulas=_escape(args))
    if fmt == "tsv":
        return _formats.tsv_text(header, cells, escape_formulas=_escape(args))
    if fmt == "markdown":
        return _formats.markdown_text(header, cells)
    if not cells:
        return ""
    return render_table(header, [[_cell(c) for c in r] for r in cells], _width())


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def _reform_records(reforms: Sequence[Reform]) -> list[dict[str, Any]]:
    """
    Whole reforms in the data format, as ``_tables.to_records`` gives them.

    PERF (benchmarks/): straight from :func:`kzreforms._codec.unstructure`
    (the same dicts, tested), so ``list --format json`` imports neither
    ``_tables`` nor the cattrs converter; for the packaged data, decoded from
    the bundle without building the records (``ReformSet._data_records``).
    """
    from ._collection import ReformSet  # noqa: PLC0415

    rs = reforms if isinstance(reforms, ReformSet) else ReformSet._trusted(tuple(reforms))  # noqa: SLF001 - in order already
    return rs._data_records()  # noqa: SLF001 - the package's own collection


def cmd_list(args: argparse.Namespace) -> int:
    """``kzreforms list``."""
    rs = _filtered(args)
    if getattr(args, "in_force_on", None):
        rs = rs.in_force(on=args.in_force_on)
    return _emit_table(args, "reforms", rs, records=_reform_records, empty="no reforms match")


def cmd_act(args: argparse.Namespace) -> int:
    """``kzreforms act NUMBER``: the records that carry an act, found by number or adilet code."""
    found = _dataset(args).act(args.number)
    records = list(dict.fromkeys(found.reforms))
    return _emit_table(args, "reforms", records, records=_reform_records, empty="no reforms match")


def _timeline_filtered(args: argparse.Namespace) -> tuple[ReformSet, dict[str, str]]:
    """
    For ``timeline``, --since/--until/--during limit the milestones shown
    (not the reforms by their key date); the other filters select reforms.
    """
    if args.on != "key":
        raise UsageError(
            "--on does not apply to timeline",
            "--since/--until/--during limit the milestones shown; --stage picks their stages",
        )
    _date_range(args)
    limits = {k: getattr(args, k) for k in ("since", "until", "during") if getattr(args, k)}
    reform_args = {**vars(args), "since": None, "until": None, "during": None}
    rs = _filtered(argparse.Namespace(**reform_args))
    return rs, limits


def cmd_timeline(args: argparse.Namespace) -> int:
    """``kzreforms timeline``."""
    rs, limits = _timeline_filtered(args)
    stages = _stages(_split(args.stage), "--stage") or None
    entries = rs.timeline(stages, mode=args.mode, **limits)
    return _emit_table(args, "timeline", entries, empty="no milestones match")


def _penalty_view(args: argparse.Namespace) -> PenaltyView:
    pv = _filtered(args).penalties()
    if args.offence:
        pv = pv.offence(args.offence)
    if args.min_gravity:
        pv = pv.min_gravity(args.min_gravity)
    levels = [_parse_enum(Liability, v, "--liability") for v in _split(args.liability)]
    if levels:
        pv = pv.liability(*levels)
    if args.life:
        pv = pv.life()
    if args.min_years is not None:
        pv = pv.max_term_at_least(years=args.min_years)
    kinds = _split(args.change_kind)
    for k in kinds:
        if k not in CHANGE_KIND_NAMES:
            raise UsageError(
                f"--kind: unknown penalty change kind {k!r}",
                f"--kind accepts: {', '.join(CHANGE_KIND_NAMES)} "
                "(use --reform-kind for reform kinds)",
            )
    if kinds:
        pv = pv.of_kind(*kinds)  # type: ignore[arg-type]
    return _article_filter(args, pv)


def _article_filter(args: argparse.Namespace, pv: PenaltyView) -> PenaltyView:
    """``--article REF``: changes to the provision REF or its parts (structural)."""
    ref: str | None = getattr(args, "article", None)
    return pv if ref is None else pv.article(ref)


def _add_article_filter(p: argparse._ActionsContainer) -> None:
    p.add_argument(
        "--article",
        metavar="REF",
        help="only changes to this provision or its parts, e.g. 'CC 128', 'CC 120(3-1)', "
        "'УК РК ст. 128 ч. 1', or a code alone ('AdmC')",
    )


def cmd_article(args: argparse.Namespace) -> int:
    """``kzreforms article REF [--on DATE]``: the ``history`` or ``states`` table."""
    h = _dataset(args).article(args.ref)
    if args.on is not None:
        return _emit_table(args, "states", [h.at(args.on)], empty="no state")
    return _emit_table(args, "history", list(h), empty="no recorded changes")


def _add_article_command(p: argparse.ArgumentParser) -> None:
    p.add_argument("ref", metavar="REF", help="a provision, e.g. 'CC 128(1)' or 'ст. 128 ч. 1 УК'")
    p.add_argument(
        "--on",
        metavar="DATE",
        help="the penalty in force on this day (e.g. 2022-01-01) instead of the history",
    )
    _add_output(p)
    p.set_defaults(func=cmd_article)


def cmd_penalties(args: argparse.Namespace) -> int:
    """``kzreforms penalties``."""
    pv = _penalty_view(args)
    return _emit_table(args, "penalties", list(pv), empty="no penalty changes match")


def cmd_discrepancies(args: argparse.Namespace) -> int:
    """``kzreforms discrepancies``: one row per disagreement between sources."""
    from ._tables import items  # noqa: PLC0415

    found = items(_filtered(args), "discrepancies")
    return _emit_table(args, "discrepancies", found, empty="no discrepancies match")


def _add_discrepancies(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Where cited sources disagree: one row per discrepancy, with the reform, "
        "what it is about, the source and place of the other claim, the claim, "
        "the value the record keeps (and why), and the path of what it disputes.  "
        "The reform filters select reforms."
    )
    _add_filters(p)
    _add_output(p)
    p.set_defaults(func=cmd_discrepancies)


def cmd_topics(args: argparse.Namespace) -> int:
    """``kzreforms topics``: the taxonomy (a tree, or the ``topics`` table)."""
    if _format(args) in ("table", "tree") and not _split(getattr(args, "columns", None)):
        mid, last = ("├─", "└─") if _can_encode("├└─") else ("|-", "`-")
        lines = []
        for top, children in TAXONOMY.items():
            lines.append(top.value)
            lines.extend(
                f"  {last if i == len(children) - 1 else mid} {c.value}"
                for i, c in enumerate(children)
            )
        _out().write("\n".join(lines) + "\n")
        return EXIT_OK
    from ._tables import items  # noqa: PLC0415

    return _emit_table(args, "topics", items(_dataset(args), "topics"), empty="no topics")


def cmd_sources(args: argparse.Namespace) -> int:
    """``kzreforms sources``: the source registry."""
    from ._cite import sources_bibtex, sources_csl_json  # noqa: PLC0415

    registry = _registry(args)
    items = [registry[k] for k in sorted(registry)]
    if args.cited_by:
        rs = _dataset(args)
        cited = set().union(*(rs.get(rid).sources for rid in _split(args.cited_by)))
        items = [s for s in items if s.id in cited]
    if args.format == "bibtex":
        _out().write(sources_bibtex(items))
        return EXIT_OK
    if args.format == "csl-json":
        _out().write(_json_text(sources_csl_json(items)))
        return EXIT_OK
    return _emit_table(args, "sources", items, empty="no sources")


def _wrap(text: str, indent: str = "  ") -> list[str]:
    import textwrap  # noqa: PLC0415 - PERF (benchmarks/): only 'show' wraps text

    width = max(_width() - 1, 40)
    return textwrap.wrap(text, width, initial_indent=indent, subsequent_indent=indent) or [indent]


def _status_lines(r: Reform) -> list[str]:
    """The Status section of ``show``: the records this one ends, and those that end it."""
    status = [("supersedes", k) for k in r.supersedes]
    status += [("superseded by", k) for k in r.superseded_by]
    if not status:
        return []
    return ["", "Status"] + [
        f"  {how} {k.reform} ({k.kind.value}, {k.date or 'no date'})" for how, k in status
    ]


def _act_lines(r: Reform) -> list[str]:
    """Each act of ``show``, with its official titles and adilet code."""
    lines: list[str] = []
    for a in r.acts:
        lines.append(f"  - {a} ({a.kind.value})" + (f" {a.url}" if a.url else ""))
        lines.extend(f"      {t.lang.value}: {t.title}" for t in a.official_titles)
        if a.adilet:
            lines.append(f"      adilet: {a.adilet} ({a.official_url})")
    return lines


def _show_text(r: Reform, registry: Mapping[str, Source]) -> str:  # noqa: C901, PLR0912
    from ._cite import citations_by_source, format_source, where_cited  # noqa: PLC0415
    from ._display import cited_text  # noqa: PLC0415
    from ._penalties import change_kinds  # noqa: PLC0415

    lines = [r.title, "=" * min(len(r.title), _width())]
    facts = [
        ("id", r.id),
        ("kind", r.kind.value),
        ("date", str(r.date)),
        ("topics", ", ".join(sorted(t.value for t in r.topics))),
        ("bodies", ", ".join(r.bodies)),
        ("related", ", ".join(r.related)),
        ("checked", r.last_checked.isoformat() if r.last_checked else ""),
        ("background", "yes (first milestone before 2019)" if r.background else ""),
    ]
    lines.extend(f"{k + ':':<9} {v}" for k, v in facts if v)
    lines += _status_lines(r)
    lines += ["", "Summary", *_wrap(r.summary)]
    lines += ["", "Milestones"]
    for m in r.milestones:
        note = f"  {m.note}" if m.note else ""
        srcs = f"  {cited_text(r, m.citations)}" if m.citations else ""
        lines.append(f"  {m.date!s:<11} {m.stage.value:<10}{note}{srcs}".rstrip())
    if r.acts:
        lines += ["", "Legal acts"]
        lines += _act_lines(r)
    if r.penalty_changes:
        lines += ["", "Penalty changes"]
        for c in r.penalty_changes:
            before = "(none)" if c.before is None else str(c.before)
            art = f"{c.article} " if c.article else ""
            kinds = ", ".join(change_kinds(c))
            lines.append(
                f"  - {art}{c.offence}: {before} -> {c.after}" + (f" [{kinds}]" if kinds else "")
            )
            if c.note:
                lines.extend(_wrap(c.note, "      "))
    if r.measures:
        lines += ["", "Measures"]
        for measure in r.measures:
            m_text = f"{measure.text} {cited_text(r, measure.citations)}".rstrip()
            lines.extend(_wrap(m_text, "  - ")[:1] + _wrap(m_text, "    ")[1:])
    if r.notes:
        lines += ["", "Notes"]
        for note in r.notes:
            lines.extend(_wrap(note, "  - ")[:1] + _wrap(note, "    ")[1:])
    if r.figures:
        lines += ["", "Figures"]
        for f in r.figures:
            as_of = f" (as of {f.as_of})" if f.as_of else ""
            lines.append(f"  - {f.label}: {f.value} {f.unit}{as_of}")
    if r.discrepancies:
        lines += ["", "Discrepancies"]
        for d in r.discrepancies:
            where = f", {d.citation.locator}" if d.citation.locator else ""
            lines.append(f"  - {d.subject}: {d.citation.source}{where} says: {d.claim}")
            lines.extend(_wrap(f"Kept: {d.note} (disputes {d.path})", "      "))
    lines += ["", "Sources"]
    for i, (sid, cits) in enumerate(citations_by_source(r), start=1):
        src = registry.get(sid)
        text = format_source(src) if src else "(not in the source registry)"
        lines.append(f"  [{i}] {sid}")
        lines.extend(_wrap(text, "      "))
        lines.extend(_wrap(where_cited(cits), "      "))
    return "\n".join(lines) + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    """``kzreforms show ID``."""
    from ._convert import to_jsonable  # noqa: PLC0415

    r = _dataset(args).get(args.id) if args.data is not None else _get_packaged(args.id)
    registry = _registry(args)
    if args.format == "json":
        srcs = [to_jsonable(registry[c.source]) for c in r.citations if c.source in registry]
        _out().write(_json_text({"reform": to_jsonable(r), "sources": srcs}))
    else:
        _out().write(_show_text(r, registry))
    return EXIT_OK


def _get_packaged(rid: str) -> Reform:
    """A packaged record by id; a renamed id is followed, with a note on stderr."""
    import warnings  # noqa: PLC0415

    from ._api import get  # noqa: PLC0415
    from ._errors import RenamedIdWarning  # noqa: PLC0415

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RenamedIdWarning)
        r = get(rid)
    for w in caught:
        sys.stderr.write(f"{PROG}: note: {w.message}\n")
    return r


def cmd_cite(args: argparse.Namespace) -> int:
    """``kzreforms cite ID...`` and ``kzreforms cite --dataset``."""
    from ._cite import cite, cite_dataset, sources_bibtex, sources_csl_json  # noqa: PLC0415

    if args.dataset:
        if args.ids:
            raise UsageError(
                "give reform ids or --dataset, not both",
                "'kzreforms cite --dataset' cites the dataset, 'kzreforms cite ID...' "
                "the sources of reforms",
            )
        fmt = "csl" if args.format == "csl-json" else args.format
        _out().write(cite_dataset(fmt))
        return EXIT_OK
    if not args.ids:
        raise UsageError(
            "give one or more reform ids, or --dataset",
            "e.g. 'kzreforms cite women-children-safety-law-2024' or 'kzreforms cite --dataset'",
        )
    rs = _dataset(args)
    pick = rs.get if args.data is not None else _get_packaged
    chosen = [pick(rid) for rid in _split(args.ids)]
    registry = _registry(args)
    if args.format == "text":
        _out().write("\n".join(cite(r, registry) for r in chosen))
        return EXIT_OK
    ids = sorted({c.source for r in chosen for c in r.citations})
    items = [registry[i] for i in ids if i in registry]
    if args.format == "bibtex":
        _out().write(sources_bibtex(items))
    else:
        _out().write(_json_text(sources_csl_json(items)))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:  # noqa: C901 - one branch per format
    """``kzreforms export``."""
    from . import _formats  # noqa: PLC0415
    from ._tables import items  # noqa: PLC0415

    fmt: str = args.format
    if fmt is None:
        from pathlib import Path  # noqa: PLC0415 - PERF (benchmarks/)

        suffix = Path(args.output).suffix.lower().lstrip(".")
        suffix = _EXPORT_SUFFIXES.get(suffix, suffix)
        if suffix and suffix not in EXPORT_FORMATS:
            raise UsageError(
                f"--output: {args.output!r} ends in .{suffix}, which is not an export format; "
                f"formats: {', '.join(EXPORT_FORMATS)}",
                "name the file .json, .jsonl, .csv, .parquet or .sqlite, or give --format",
            )
        fmt = suffix or "json"
    if args.table is not None and fmt not in ("csv", "parquet"):
        raise UsageError(
            f"--table works with --format csv or parquet, not {fmt}",
            "sqlite and datapackage exports hold every table"
            if fmt in ("sqlite", "datapackage")
            else "json and jsonl exports hold whole reforms in the data format",
        )
    table: Table = args.table or "reforms"
    rs = _filtered(args)
    to_stdout = args.output == "-"
    if to_stdout and fmt in ("parquet", "sqlite", "datapackage"):
        where = "DIR" if fmt == "datapackage" else f"FILE.{fmt}"
        raise UsageError(f"{fmt} cannot be written to stdout", f"give --output {where}")
    target: IO[str] | str = _out() if to_stdout else args.output
    if fmt == "json":
        _formats.to_json(rs, target, sources=_own_sources(args, rs))
    elif fmt == "jsonl":
        _formats.to_jsonl(rs, target)
    elif fmt == "csv":
        _formats.to_csv(rs, target, table=table, escape_formulas=_escape(args))
    elif fmt == "parquet":
        _formats.write_parquet(rs, args.output, table=table)
    else:
        from . import _publish  # noqa: PLC0415

        write = _publish.write_sqlite if fmt == "sqlite" else _publish.write_datapackage
        write(rs, args.output)
    if not to_stdout:
        n = len(items(rs, table))
        what = {
            "reforms": "reform",
            "penalties": "penalty change",
            "timeline": "milestone",
            "sources": "source",
        }[table]
        sys.stderr.write(f"{PROG}: wrote {n} {what}{'s' if n != 1 else ''} to {args.output}\n")
    if args.fail_if_empty and not rs:
        return EXIT_FAIL
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    """``kzreforms diff OLD NEW``: exit 0 whether or not the data differ."""
    from ._diff import diff  # noqa: PLC0415

    d = diff(args.old, args.new)
    if args.format == "json":
        _out().write(d.to_json())
    elif args.format == "markdown":
        _out().write(d.to_markdown())
    else:
        _out().write(d.to_text())
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """``kzreforms schema``: print the JSON Schema of the data format."""
    from ._schema import json_schema  # noqa: PLC0415

    _out().write(_json_text(json_schema()))
    del args
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    """``kzreforms validate PATH``."""
    from pathlib import Path  # noqa: PLC0415 - PERF (benchmarks/)

    from ._api import load  # noqa: PLC0415

    path = Path(args.path)
    if not path.exists():
        raise UsageError(
            f"no such file or directory: {args.path}",
            "give a JSON file (a list of reforms, or {'reforms': [...], 'sources': [...]}) "
            "or a directory with reforms/ and sources/",
        )
    _check_data_dir(path, "validate")
    try:
        rs = load(path)
    except DataLoadError as e:
        if args.format == "json":
            payload = {"path": str(path), "valid": False, "problems": list(e.problems)}
            _out().write(_json_text(payload))
        else:
            _out().write("".join(f"{p}\n" for p in e.problems))
        n = e.total
        # Round two: at most 100 lines, then "... and N more" (see DataLoadError).
        tail = str(e).split("\n  ")[1 + len(e.problems) :]
        _out().write("".join(f"{t}\n" for t in tail))
        least = "at least " if e.unchecked else ""
        sys.stderr.write(f"{PROG}: {path}: {least}{n} problem{'s' if n != 1 else ''} found\n")
        return EXIT_FAIL
    if args.format == "json":
        payload = {"path": str(path), "valid": True, "problems": [], "reforms": len(rs)}
        _out().write(_json_text(payload))
    else:
        n = len(rs)
        _out().write(f"{path}: {n} reform{'s' if n != 1 else ''}, all valid\n")
    return EXIT_OK


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors add a hint."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        _err(message, f"run '{self.prog} --help' for the options")
        raise SystemExit(EXIT_USAGE)


class _Version(argparse._VersionAction):  # noqa: SLF001 - argparse's own --version
    """``--version``, its text made when asked for (``importlib.metadata`` is slow to import)."""

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.version = _version()
        super().__call__(*args, **kwargs)


class _Hollow:
    """
    Stands in for the sub-parser of a command that was not given: every
    call the set-up functions make on it does nothing.  PERF (benchmarks/):
    building every command's options cost more than running most commands.
    """

    _actions: tuple[argparse.Action, ...] = ()

    def __init__(self, **_kwargs: Any) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ignore

    def _ignore(self, *_args: Any, **_kwargs: Any) -> _Hollow:
        return self


class _Rebuild(Exception):  # noqa: N818 - a signal, not an error
    """The command line names a command whose sub-parser is hollow."""


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]  # noqa: SLF001
    """
    The sub-commands, with a real sub-parser only for *only* (every one when
    ``None``): the others are registered (names and help, so ``--help`` and
    "invalid choice" list them all) but :class:`_Hollow`.  Parsing into a
    hollow one raises :class:`_Rebuild`, and :func:`main` parses again with
    every sub-parser built.
    """

    def __init__(self, *args: Any, only: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._only = only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self._only is None or self._only in (name, *kwargs.get("aliases", ())):
            return super().add_parser(name, **kwargs)
        kwargs.pop("parents", None)
        real = self._parser_class
        self._parser_class = _Hollow
        try:
            return super().add_parser(name, **kwargs)
        finally:
            self._parser_class = real

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        if isinstance(self._name_parser_map.get(values[0]), _Hollow):
            raise _Rebuild
        super().__call__(parser, namespace, values, option_string)


def _command_named(words: Sequence[str]) -> str | None:
    """
    The command *words* (the arguments) name, read as the top-level parser
    reads them (``--data PATH`` and other options before it), or ``None``.
    A wrong guess costs only time: see :class:`_Commands`.
    """
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            return words[i + 1] if i + 1 < len(words) else None
        if w.startswith("-") and w != "-":
            # --data PATH, or a prefix argparse accepts for it (--da PATH)
            takes_value = "=" not in w and len(w) > 2 and "--data".startswith(w)  # noqa: PLR2004
            i += 2 if takes_value else 1
            continue
        return w
    return None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from . import DATA_AS_OF, DATA_VERSION  # noqa: PLC0415

    try:
        v = version("kzreforms")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        v = "unknown"
    return f"{PROG} {v} (data {DATA_VERSION}, data as of {DATA_AS_OF.isoformat()})"


def _add_filters(p: argparse.ArgumentParser, *, kind_flag: str = "--kind") -> None:
    g = p.add_argument_group("reform filters")
    g.add_argument("--since", metavar="DATE", help="dated on or after DATE (e.g. 2022, 2023-07)")
    g.add_argument("--until", metavar="DATE", help="dated on or before DATE")
    g.add_argument("--during", metavar="PERIOD", help="dated in a year, month or day")
    g.add_argument(
        "--mode",
        choices=("within", "overlaps"),
        default="overlaps",
        help="how a partial date meets the range: all of it (within) or any day of it "
        "(overlaps, the default)",
    )
    g.add_argument(
        "--on",
        default="key",
        metavar="key|any|STAGE",
        help="which date to test: the key date (default), any milestone, or a stage "
        "such as signed or in-force (comma-separate several)",
    )
    g.add_argument(
        "--topic",
        action="append",
        metavar="TOPIC",
        help="tagged with TOPIC (a parent includes its children); repeatable",
    )
    g.add_argument(
        kind_flag,
        dest="reform_kind",
        action="append",
        metavar="KIND",
        help="reform kind: " + ", ".join(k.value for k in ReformKind) + "; repeatable",
    )
    if kind_flag == "--kind":
        g.add_argument(
            "--min-gravity",
            dest="reform_min_gravity",
            choices=[g.value for g in Gravity],
            help="reforms with a penalty change at least this grave",
        )
    g.add_argument("--search", metavar="TEXT", help="text in title, summary, measures, acts...")
    g.add_argument(
        "--body",
        action="append",
        metavar="NAME",
        help="involving a body whose name contains NAME; repeatable (any of)",
    )
    g.add_argument(
        "--cites", action="append", metavar="SOURCE_ID", help="citing this source; repeatable"
    )
    g.add_argument(
        "--with-discrepancies",
        action="store_true",
        help="only reforms that record a disagreement between sources",
    )
    p.set_defaults(kind_flag=kind_flag)


def _add_output(
    p: argparse.ArgumentParser,
    formats: Sequence[str] = TABLE_FORMATS,
    *,
    columns: bool = True,
    flat: bool = False,
) -> None:
    g = p.add_argument_group("output")
    g.add_argument(
        "--format",
        choices=formats,
        default=None,
        help="output format (default: an aligned table on a terminal, tab-separated otherwise)",
    )
    g.add_argument("--limit", type=_positive_int, metavar="N", help="show at most N rows")
    g.add_argument(
        "--fail-if-empty", action="store_true", help="exit with status 1 when nothing matches"
    )
    if columns:
        g.add_argument(
            "--columns",
            action="append",
            metavar="COLS",
            help="only these columns, in this order (comma-separated; see docs/exports.md)",
        )
    if flat:
        g.add_argument(
            "--flat",
            action="store_true",
            help="with --format json or jsonl: flat rows of the reforms table instead of "
            "whole records in the data format",
        )
    _add_no_escape(g)


def _add_no_escape(g: Any) -> None:
    g.add_argument(
        "--no-escape-formulas",
        action="store_true",
        help="in csv / tsv, keep cells starting with = + - @ as they are (by default they "
        "get a ' in front, so spreadsheets do not run them as formulas)",
    )


def _add_penalties(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("penalty filters")
    g.add_argument(
        "--min-gravity", choices=[x.value for x in Gravity], help="at least this grave after"
    )
    g.add_argument(
        "--liability",
        action="append",
        metavar="LEVEL",
        help="liability after: " + ", ".join(x.value for x in Liability) + "; repeatable",
    )
    g.add_argument("--life", action="store_true", help="life imprisonment available after")
    g.add_argument(
        "--kind",
        dest="change_kind",
        action="append",
        metavar="CHANGE",
        help="kind of change: " + ", ".join(CHANGE_KIND_NAMES) + "; repeatable",
    )
    g.add_argument(
        "--min-years",
        type=_positive_int,
        metavar="N",
        help="maximum prison term after at least N years (life counts)",
    )
    g.add_argument(
        "--offence",
        metavar="TEXT",
        help="the offence contains TEXT (folded like --search); unlike --search, which "
        "selects reforms (and so all their penalty changes), this selects penalty changes",
    )
    _add_filters(p, kind_flag="--reform-kind")
    _add_article_filter(g)
    _add_output(p)
    p.set_defaults(func=cmd_penalties)


def _add_export(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help="file format (default: from the --output suffix, else json)",
    )
    p.add_argument(
        "--output", "-o", required=True, metavar="PATH", help="file to write ('-' for stdout)"
    )
    p.add_argument(
        "--table",
        choices=("reforms", "penalties", "timeline", "sources"),
        default=None,
        help="for csv / parquet: one row per reform (default), penalty change, milestone "
        "or cited source",
    )
    _add_no_escape(p)
    p.add_argument("--fail-if-empty", action="store_true", help="exit 1 when nothing matches")
    _add_filters(p)
    p.set_defaults(func=cmd_export)


def _add_diff(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="what changed in the data between two releases",
        description="What changed in the data from OLD to NEW: records added, withdrawn "
        "and renamed, and each changed fact with its path and old and new value.  OLD and "
        "NEW are each a JSON or JSON Lines export, a directory of record files, or "
        "'installed' for the packaged data (docs/releases.md).",
    )
    p.add_argument("old", metavar="OLD", help="export file, record directory or 'installed'")
    p.add_argument("new", metavar="NEW", help="export file, record directory or 'installed'")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(func=cmd_diff)


def _add_act_command(p: argparse.ArgumentParser) -> None:
    p.description = (
        "The reforms that carry an act, found by its number or adilet code in any common "
        "spelling: 72-VIII, '№ 72-VIII', 'Law No. 72-VIII', Z2400000110."
    )
    p.add_argument("number", metavar="NUMBER", help="an act number or an adilet code")
    _add_output(p, flat=True)
    p.set_defaults(func=cmd_act)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """
    The argument parser of the ``kzreforms`` command; with *only*, the
    sub-parsers of the other commands are hollow (see :class:`_Commands`).
    """
    parser = _Parser(
        prog=PROG,
        description="Kazakhstan's legal and human-rights reforms since 2019: "
        "list, filter, show, cite and export the dataset.",
        epilog="Run 'kzreforms COMMAND --help' for a command's options. "
        "Exit status: 0 ok, 1 nothing found (--fail-if-empty) or invalid data, 2 bad usage.",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="use your own records (a JSON file or a directory in the data format) "
        "instead of the packaged dataset",
    )
    lazy: dict[str, Any] = {"action": _Commands, "only": only}  # PERF (benchmarks/)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, **lazy)
    # Not required here: main() says a command is missing only once argparse
    # has named any unknown option (``kzreforms --bogus``).
    sub.required = False
    # --data is accepted after the command too; SUPPRESS keeps the global value.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data", metavar="PATH", default=argparse.SUPPRESS, help="use your own records"
    )

    def add(name: str, **kw: Any) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = sub.add_parser(name, parents=[common], **kw)
        return sp

    p = add("list", help="list reforms, filtered", description="List reforms.")
    _add_filters(p)
    p.add_argument(
        "--in-force-on",
        metavar="DAY",
        help="only reforms known to be in force on DAY (YYYY-MM-DD): their in-force "
        "milestone is over and nothing has ended them yet (docs/status.md)",
    )
    _add_output(p, flat=True)
    p.set_defaults(func=cmd_list)

    _add_act_command(add("act", help="the reforms that carry an act, by number or adilet code"))

    p = add("show", help="everything about one reform, with its sources")
    p.add_argument("id", help="the reform id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_show)

    p = add(
        "timeline",
        help="milestones in date order",
        description="Milestones in date order.  Here --since, --until and --during limit "
        "the milestones shown (not the reforms by their key date); the other reform "
        "filters select reforms; --stage picks the stages.",
    )
    _add_filters(p)
    p.add_argument(
        "--stage", action="append", metavar="STAGE", help="only milestones at STAGE; repeatable"
    )
    _add_output(p)
    p.set_defaults(func=cmd_timeline)

    _add_penalties(
        add(
            "penalties",
            help="penalty changes, most severe first",
            description="Penalty changes, most severe first.  The reform filters "
            "(--search, --topic, --since...) select reforms and show every penalty "
            "change of each; the penalty filters (--offence, --article, --kind, "
            "--min-gravity...) select the changes themselves.",
        )
    )
    _add_article_command(
        add("article", help="one provision's penalty changes, or its penalty on a day")
    )

    p = sub.add_parser("topics", help="the topic taxonomy")
    _add_output(p, columns=False)
    p.set_defaults(func=cmd_topics)

    p = add("sources", help="the source registry")
    p.add_argument(
        "--cited-by", action="append", metavar="ID", help="only sources these reforms cite"
    )
    _add_output(p, (*TABLE_FORMATS, "bibtex", "csl-json"))
    p.set_defaults(func=cmd_sources)

    p = add("cite", help="how to cite reforms (their sources) or the dataset itself")
    p.add_argument("ids", nargs="*", metavar="ID", help="reform ids")
    p.add_argument(
        "--dataset", action="store_true", help="cite the kzreforms dataset itself (version, date)"
    )
    p.add_argument("--format", choices=("text", "bibtex", "csl-json"), default="text")
    p.set_defaults(func=cmd_cite)

    _add_export(add("export", help="write the data (or a filtered part) to a file"))

    p = sub.add_parser("validate", help="check your own data files")
    p.add_argument("path", metavar="PATH", help="a JSON file or a directory in the data format")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of a reform record")
    p.set_defaults(func=cmd_schema)
    _add_diff(sub)
    _add_discrepancies(add("discrepancies", help="disagreements between sources, one per row"))
    _reject_blank(parser)
    return parser


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def _hint(e: KzReformsError) -> str | None:
    if isinstance(e, UsageError):
        return e.hint
    if isinstance(e, UnknownTopicError):
        return "run 'kzreforms topics' for the taxonomy"
    if isinstance(e, UnknownReformError):
        return "run 'kzreforms list' for reform ids"
    if isinstance(e, UnknownSourceError):
        return "run 'kzreforms sources' for source ids"
    if isinstance(e, DateParseError):
        return "dates look like 2024, 2023-07 or 2019-12-30"
    if isinstance(e, DataLoadError):
        return "run 'kzreforms validate PATH' on your data to list every problem"
    if isinstance(e, DiffInputError):
        return (
            "diff reads 'kzreforms export --format json' or 'jsonl' files, record "
            "directories, or 'installed'"
        )
    if isinstance(e, UnknownNameError):
        return f"see '{PROG} COMMAND --help' for the accepted values"
    return f"run '{PROG} COMMAND --help' for the options"


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so exiting stays silent."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse *argv*: an unknown option is named before a missing command."""
    args = parser.parse_args(argv)
    if args.command is None:
        parser.error("the following arguments are required: COMMAND")
    return args


def _parse_command_line(argv: list[str] | None) -> argparse.Namespace:
    """
    Parse *argv* with only the named command's sub-parser built, or, when
    that guess was wrong, with all of them (the same result either way).
    """
    words = sys.argv[1:] if argv is None else argv
    try:
        return _parse(build_parser(_command_named(words)), argv)
    except _Rebuild:
        return _parse(build_parser(), argv)


def _flush() -> None:
    """Flush stdout when there is one (``export -o FILE`` needs none)."""
    if sys.stdout is not None and not sys.stdout.closed:
        sys.stdout.flush()


def _tolerant_streams() -> None:
    """
    On a terminal whose encoding is not a Unicode one (``cp437``,
    ``latin-1``...), print what cannot be encoded as ``?`` instead of failing.
    """
    import codecs  # noqa: PLC0415

    for stream in (sys.stdout, sys.stderr):
        if stream is None or stream.closed or not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            name = codecs.lookup(stream.encoding).name
        except LookupError:  # pragma: no cover - Python itself refuses such a stream
            continue
        if not name.startswith("utf") and stream.errors == "strict":
            with contextlib.suppress(OSError, ValueError):
                stream.reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """
    Run the ``kzreforms`` command with *argv* (``sys.argv[1:]`` when
    ``None``) and return the exit status.
    """
    _tolerant_streams()
    try:
        args = _parse_command_line(argv)
    except SystemExit as e:  # --help / --version (0) or a usage error (2)
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    try:
        code: int = args.func(args)
        _flush()
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except StdoutClosedError as e:
        _err(str(e))
        return EXIT_FAIL
    except DataLoadError as e:
        _err(str(e), _hint(e))
        return EXIT_FAIL
    except ImportError as e:  # a missing optional extra (MissingExtraError) says which
        _err(str(e))
        return EXIT_FAIL
    except KzReformsError as e:
        _err(str(e), _hint(e))
        return EXIT_USAGE
    except OSError as e:
        where = f": {e.filename}" if e.filename else ""
        _err(
            f"{e.strerror or e}{where}",
            "check that the directory exists and is writable",
        )
        return EXIT_FAIL
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        return 130
    return code

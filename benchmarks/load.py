# SPDX-License-Identifier: MIT
"""
Sections 4 and 5: load throughput (JSON bytes to validated frozen records)
and memory per record, against pydantic v2, msgspec and slotted dataclasses
of the same shape.

pydantic and msgspec are imported lazily; when missing, their rows say so.
"""

from __future__ import annotations

import cProfile
import dataclasses
import gc
import io
import json
import pstats
import tracemalloc
from collections.abc import Callable
from typing import Annotated, Any

from kzreforms import (
    ActKind,
    Confidence,
    Gravity,
    Liability,
    LinkKind,
    ReformKind,
    Stage,
    TitleLang,
    Topic,
)
from kzreforms import Reform as KzReform
from kzreforms._convert import decode_json, structure_many, to_jsonable

from ._util import fmt_time, once, table

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ISO_DATE = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"


def json_bytes(records: list[KzReform]) -> bytes:
    """The records as one JSON list, in the package's data format."""
    return json.dumps(to_jsonable(records), ensure_ascii=False).encode()


# ---------------------------------------------------------------------------
# kzreforms
# ---------------------------------------------------------------------------


def kz_load(data: bytes) -> tuple[Any, ...]:
    items = decode_json(data, where="bench.json")
    return structure_many([("bench.json", d) for d in items], KzReform)


# ---------------------------------------------------------------------------
# pydantic v2 (same shape; slugs, dates and non-empty text checked by pattern)
# ---------------------------------------------------------------------------


def pydantic_loader() -> Callable[[bytes], Any] | None:
    try:
        import pydantic
    except ImportError:
        return None
    from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter

    Slug = Annotated[str, StringConstraints(pattern=SLUG)]  # noqa: N806
    Date = Annotated[str, StringConstraints(pattern=ISO_DATE)]  # noqa: N806
    Text = Annotated[str, StringConstraints(min_length=1)]  # noqa: N806
    NonNeg = Annotated[int, pydantic.Field(ge=0)]  # noqa: N806
    cfg = ConfigDict(frozen=True, extra="forbid", strict=False)

    class Term(BaseModel):
        model_config = cfg
        min_months: NonNeg | None = None
        max_months: NonNeg | None = None

    class Quantity(BaseModel):
        model_config = cfg
        min: NonNeg | None = None
        max: NonNeg | None = None

    class Penalty(BaseModel):
        model_config = cfg
        liability: Liability
        gravity: Gravity | None = None
        imprisonment: Term | None = None
        life: bool = False
        death: bool = False
        negligent: bool = False
        restriction_of_freedom: Term | None = None
        fine_mci: Quantity | None = None
        arrest_days: Quantity | None = None
        community_work_hours: Quantity | None = None
        correctional_works: bool = False
        licence_deprivation: Term | None = None
        bans: tuple[Text, ...] = ()
        note: Text | None = None

    # Data format 2: every fact cites passages (CitationRef), not source ids.
    class CitationRef(BaseModel):
        model_config = cfg
        source: Slug
        locator: Text

    Cites = tuple[CitationRef, ...]  # noqa: N806

    class PenaltyChange(BaseModel):
        model_config = cfg
        offence: Text
        after: Penalty
        before: Penalty | None = None
        article: Text | None = None
        note: Text | None = None
        citations: Cites = ()
        article_unknown: Text | None = None
        in_force: Date | None = None
        in_force_unknown: Text | None = None

    class Citation(BaseModel):
        model_config = cfg
        source: Slug
        locator: Text | None = None
        confidence: Confidence

    class Milestone(BaseModel):
        model_config = cfg
        stage: Stage
        date: Date
        note: Text | None = None
        citations: Cites = ()

    class OfficialTitle(BaseModel):
        model_config = cfg
        lang: TitleLang
        title: Text
        citations: Cites = ()

    class LegalAct(BaseModel):
        model_config = cfg
        kind: ActKind
        title: Text
        number: Text | None = None
        date: Date | None = None
        url: Text | None = None
        citations: Cites = ()
        official_titles: tuple[OfficialTitle, ...] = ()
        adilet: Text | None = None

    class Measure(BaseModel):
        model_config = cfg
        text: Text
        citations: Cites = ()

    class Figure(BaseModel):
        model_config = cfg
        label: Text
        value: int | Text
        unit: Text
        as_of: Date | None = None
        note: Text | None = None
        citations: Cites = ()

    class Discrepancy(BaseModel):
        model_config = cfg
        subject: Text
        citation: Citation
        claim: Text
        note: Text
        path: Text

    class StatusLink(BaseModel):
        model_config = cfg
        reform: Slug
        kind: LinkKind
        date: Date | None = None
        citations: Cites = ()

    class Reform(BaseModel):
        model_config = cfg
        id: Slug
        title: Text
        summary: Text
        kind: ReformKind
        topics: frozenset[Topic]
        milestones: tuple[Milestone, ...]
        citations: tuple[Citation, ...]
        acts: tuple[LegalAct, ...] = ()
        penalty_changes: tuple[PenaltyChange, ...] = ()
        measures: tuple[Measure, ...] = ()
        notes: tuple[Text, ...] = ()
        figures: tuple[Figure, ...] = ()
        bodies: tuple[Text, ...] = ()
        related: tuple[Slug, ...] = ()
        discrepancies: tuple[Discrepancy, ...] = ()
        last_checked: Date | None = None
        background: bool = False
        supersedes: tuple[StatusLink, ...] = ()
        superseded_by: tuple[StatusLink, ...] = ()

    adapter = TypeAdapter(list[Reform])
    return adapter.validate_json


# ---------------------------------------------------------------------------
# msgspec (same shape; patterns via Meta)
# ---------------------------------------------------------------------------


def msgspec_loader() -> Callable[[bytes], Any] | None:
    try:
        from . import _msgspec_models
    except ImportError:
        return None
    return _msgspec_models.decoder().decode


# ---------------------------------------------------------------------------
# Plain frozen, slotted dataclasses (no validation): the memory yardstick
# ---------------------------------------------------------------------------

_dc = dataclasses.dataclass(frozen=True, slots=True)


@_dc
class DDate:
    year: int
    month: int | None = None
    day: int | None = None


@_dc
class DTerm:
    lo: int | None
    hi: int | None


@_dc
class DPenalty:
    liability: Liability
    gravity: Gravity | None
    imprisonment: DTerm | None
    life: bool
    death: bool
    negligent: bool
    restriction_of_freedom: DTerm | None
    fine_mci: DTerm | None
    arrest_days: DTerm | None
    community_work_hours: DTerm | None
    correctional_works: bool
    licence_deprivation: DTerm | None
    bans: tuple[str, ...]
    note: str | None


@_dc
class DPenaltyChange:
    offence: str
    after: DPenalty
    before: DPenalty | None
    article: str | None
    note: str | None
    sources: frozenset[str]


@_dc
class DCitation:
    source: str
    locator: str | None
    confidence: Confidence


@_dc
class DMilestone:
    stage: Stage
    date: DDate
    note: str | None
    sources: frozenset[str]


@_dc
class DReform:
    id: str
    title: str
    summary: str
    kind: ReformKind
    topics: frozenset[Topic]
    milestones: tuple[DMilestone, ...]
    citations: tuple[DCitation, ...]
    acts: tuple[Any, ...]
    penalty_changes: tuple[DPenaltyChange, ...]
    measures: tuple[str, ...]
    figures: tuple[Any, ...]
    bodies: tuple[str, ...]
    related: tuple[str, ...]
    discrepancies: tuple[Any, ...]


def _ddate(s: str) -> DDate:
    parts = [int(x) for x in s.split("-")]
    return DDate(*parts)


def _dterm(d: dict[str, Any] | None, lo: str, hi: str) -> DTerm | None:
    return None if d is None else DTerm(d.get(lo), d.get(hi))


def _dpen(d: dict[str, Any] | None) -> DPenalty | None:
    if d is None:
        return None
    g = d.get("gravity")
    return DPenalty(
        Liability(d["liability"]),
        None if g is None else Gravity(g),
        _dterm(d.get("imprisonment"), "min_months", "max_months"),
        d.get("life", False),
        d.get("death", False),
        d.get("negligent", False),
        _dterm(d.get("restriction_of_freedom"), "min_months", "max_months"),
        _dterm(d.get("fine_mci"), "min", "max"),
        _dterm(d.get("arrest_days"), "min", "max"),
        _dterm(d.get("community_work_hours"), "min", "max"),
        d.get("correctional_works", False),
        _dterm(d.get("licence_deprivation"), "min_months", "max_months"),
        tuple(d.get("bans", ())),
        d.get("note"),
    )


def dataclass_load(data: bytes) -> list[DReform]:
    out = []
    for d in json.loads(data):
        out.append(  # noqa: PERF401 - one record per iteration, kept readable
            DReform(
                d["id"],
                d["title"],
                d["summary"],
                ReformKind(d["kind"]),
                frozenset(Topic(t) for t in d["topics"]),
                tuple(
                    DMilestone(
                        Stage(m["stage"]),
                        _ddate(m["date"]),
                        m.get("note"),
                        frozenset(m.get("sources", ())),
                    )
                    for m in d["milestones"]
                ),
                tuple(
                    DCitation(c["source"], c.get("locator"), Confidence(c["confidence"]))
                    for c in d["citations"]
                ),
                tuple(d.get("acts", ())),
                tuple(
                    DPenaltyChange(
                        p["offence"],
                        _dpen(p["after"]),
                        _dpen(p.get("before")),  # type: ignore[arg-type]
                        p.get("article"),
                        p.get("note"),
                        frozenset(p.get("sources", ())),
                    )
                    for p in d.get("penalty_changes", ())
                ),
                tuple(d.get("measures", ())),
                tuple(d.get("figures", ())),
                tuple(d.get("bodies", ())),
                tuple(d.get("related", ())),
                tuple(d.get("discrepancies", ())),
            )
        )
    return out


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------


def retained_bytes(load: Callable[[bytes], Any], data: bytes) -> tuple[int, int]:
    """Bytes still allocated after loading *data* (intermediates freed), and the peak."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = load(data)
        gc.collect()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return after - before, peak - before


def profile_top(fn: Callable[[], Any], limit: int = 12) -> str:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("tottime")
    st.print_stats(limit)
    lines = [ln for ln in buf.getvalue().splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def run(records: list[KzReform], *, quick: bool, log: Any = print) -> dict[str, Any]:
    n = len(records)
    data = json_bytes(records)
    log(f"[4] load throughput: {n} records, {len(data) / 1e6:.1f} MB of JSON ...")
    loaders: dict[str, Callable[[bytes], Any] | None] = {
        "kzreforms (decode_json + structure_many)": kz_load,
        "pydantic v2 (TypeAdapter.validate_json)": pydantic_loader(),
        "msgspec (Decoder.decode)": msgspec_loader(),
        "slotted dataclasses (json.loads, no validation)": dataclass_load,
    }
    out: dict[str, Any] = {"n": n, "bytes": len(data), "load": {}, "memory": {}}
    repeats = 1 if quick else 3
    for name, fn in loaders.items():
        if fn is None:
            out["load"][name] = None
            log(f"    {name}: not installed")
            continue
        best = min(once(lambda fn=fn: fn(data))[0] for _ in range(repeats))
        out["load"][name] = best
        log(f"    {name}: {fmt_time(best)} ({n / best:,.0f} records/s)")
    # where kzreforms' time goes: parse vs structure
    t_json, items = once(lambda: json.loads(data))
    t_decode, _ = once(lambda: decode_json(data))
    t_struct, _ = once(lambda: structure_many([("bench.json", d) for d in items], KzReform))
    out["split"] = {
        "json.loads": t_json,
        "decode_json (strict)": t_decode,
        "structure_many": t_struct,
    }
    log("    split: " + ", ".join(f"{k} {fmt_time(v)}" for k, v in out["split"].items()))
    small = data if quick else json_bytes(records[: max(1, n // 10)])
    out["profile"] = profile_top(lambda: kz_load(small))

    log(f"[5] memory per record at n={n} (tracemalloc, retained after load) ...")
    mem_loaders = {
        "kzreforms (attrs, slots)": kz_load,
        "slotted dataclass": dataclass_load,
        "pydantic v2": loaders["pydantic v2 (TypeAdapter.validate_json)"],
        "msgspec": loaders["msgspec (Decoder.decode)"],
    }
    for name, fn in mem_loaders.items():
        if fn is None:
            out["memory"][name] = None
            continue
        kept, peak = retained_bytes(fn, data)
        out["memory"][name] = (kept / n, peak / n)
        log(f"    {name}: {kept / n:,.0f} B/record retained (peak {peak / n:,.0f})")
    return out


def render(res: dict[str, Any]) -> tuple[str, str]:
    n = res["n"]
    base = res["load"].get("pydantic v2 (TypeAdapter.validate_json)")
    rows = []
    for name, t in res["load"].items():
        if t is None:
            rows.append([name, "not installed", "", ""])
            continue
        rows.append([name, fmt_time(t), f"{n / t:,.0f}", f"{t / base:.2f}x" if base else "n/a"])
    load_t = table(["loader", f"time for {n} records", "records/s", "time vs pydantic"], rows)
    mrows = []
    dc = res["memory"].get("slotted dataclass")
    for name, v in res["memory"].items():
        if v is None:
            mrows.append([name, "not installed", "", ""])
            continue
        mrows.append(
            [name, f"{v[0]:,.0f}", f"{v[1]:,.0f}", f"{v[0] / dc[0]:.2f}x" if dc else "n/a"]
        )
    mem_t = table(
        [
            "records",
            "bytes/record retained",
            "bytes/record peak while loading",
            "vs slotted dataclass",
        ],
        mrows,
    )
    return load_t, mem_t

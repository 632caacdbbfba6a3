# SPDX-License-Identifier: MIT
"""
msgspec models of the Reform shape, for the load benchmark.

No ``from __future__ import annotations`` here: msgspec resolves the
annotations at decoder creation, and they must be real objects.
"""

from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from kzreforms import ActKind, Confidence, Gravity, Liability, ReformKind, Stage, Topic

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ISO_DATE = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"

Slug = Annotated[str, Meta(pattern=SLUG)]
Date = Annotated[str, Meta(pattern=ISO_DATE)]
Text = Annotated[str, Meta(min_length=1)]
NonNeg = Annotated[int, Meta(ge=0)]


class Term(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    min_months: NonNeg | None = None
    max_months: NonNeg | None = None


class Quantity(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    min: NonNeg | None = None
    max: NonNeg | None = None


class Penalty(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
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


class PenaltyChange(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    offence: Text
    after: Penalty
    before: Penalty | None = None
    article: Text | None = None
    note: Text | None = None
    sources: frozenset[Slug] = frozenset()


class Citation(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    source: Slug
    confidence: Confidence
    locator: Text | None = None


class Milestone(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    stage: Stage
    date: Date
    note: Text | None = None
    sources: frozenset[Slug] = frozenset()


class LegalAct(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    kind: ActKind
    title: Text
    number: Text | None = None
    date: Date | None = None
    url: Text | None = None
    sources: frozenset[Slug] = frozenset()


class Reform(Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Slug
    title: Text
    summary: Text
    kind: ReformKind
    topics: frozenset[Topic]
    milestones: tuple[Milestone, ...]
    citations: tuple[Citation, ...]
    acts: tuple[LegalAct, ...] = ()
    penalty_changes: tuple[PenaltyChange, ...] = ()
    measures: tuple[Text, ...] = ()
    figures: tuple[dict[str, Any], ...] = ()
    bodies: tuple[Text, ...] = ()
    related: tuple[Slug, ...] = ()
    discrepancies: tuple[dict[str, Any], ...] = ()


def decoder() -> msgspec.json.Decoder[list[Reform]]:
    return msgspec.json.Decoder(list[Reform])

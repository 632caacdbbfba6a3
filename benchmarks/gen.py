# SPDX-License-Identifier: MIT
"""
A fast, deterministic generator of valid :class:`kzreforms.Reform` records.

Not hypothesis: records are built straight from a seeded ``random.Random``
with pools of shared immutable parts (dates, milestones, citations, penalty
changes, topic sets), so 10**6 records build in well under a minute and
take a few hundred bytes each beyond the shared parts.  Every record still
goes through the ``Reform`` constructor and its validators.

The collection of size ``n`` is a prefix of the one of size ``m > n`` (same
seed), which keeps the scaling measurements comparable.

Distributions are chosen so that every benchmark query has a selective form
at every size:

- key dates are spread over 1900-2035 (about 50,000 days), 94 % to the day,
  5 % to the month, 1 % to the year;
- topics follow a Zipf law (exponent 2.5), so some topic matches ~50
  records at any size from 10**3 to 10**6;
- 10 % of reforms carry a penalty change; "especially grave" ones are rare
  (about 1 in 10**4 reforms);
- each title carries a token ``kNNNNNNN`` shared by exactly 50 consecutive
  records (``TOKEN_GROUP``), a selective text search at every size.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from typing import Any

from kzreforms import (
    Citation,
    Confidence,
    Gravity,
    Liability,
    Milestone,
    PartialDate,
    Penalty,
    PenaltyChange,
    Quantity,
    Reform,
    ReformKind,
    Stage,
    Term,
    Topic,
)

FIRST_DAY = dt.date(1900, 1, 1).toordinal()
LAST_DAY = dt.date(2035, 12, 31).toordinal()
TOKEN_GROUP = 50
ZIPF = 2.5
GRAVE_RATE = 1e-4

_WORDS = [
    "law",
    "code",
    "plan",
    "court",
    "women",
    "children",
    "rights",
    "safety",
    "penalty",
    "crime",
    "mazhilis",
    "senate",
    "ombudsman",
    "trafficking",
    "poaching",
    "reform",
    "decree",
    "domestic",
    "violence",
    "protection",
    "police",
    "prosecutor",
    "torture",
    "prison",
    "media",
    "assembly",
    "election",
    "party",
    "parliament",
    "judge",
    "appeal",
    "amnesty",
    "probation",
    "bullying",
    "school",
    "disability",
    "refugee",
    "migrant",
]
_BODIES = (
    (),
    ("Mazhilis",),
    ("Senate",),
    ("Mazhilis", "Senate"),
    ("Government",),
    ("Ministry of Justice",),
    ("Mazhilis", "Senate", "President"),
)
# Topics in a fixed, shuffled order: rank i has weight 1 / (i + 1) ** ZIPF.
_TOPICS = list(Topic)
random.Random(7).shuffle(_TOPICS)
_TOPIC_WEIGHTS = list(itertools.accumulate(1 / (i + 1) ** ZIPF for i in range(len(_TOPICS))))
_SOURCES = [f"source-{i:02d}" for i in range(24)]


def token(i: int) -> str:
    """The title token of the *i*-th generated record."""
    return f"k{i // TOKEN_GROUP:07d}"


class _Pools:
    """Shared immutable parts, created on first use."""

    def __init__(self) -> None:
        self.dates: dict[tuple[int, int | None, int | None], PartialDate] = {}
        self.milestones: dict[tuple[Stage, PartialDate], Milestone] = {}
        self.topics: dict[tuple[Topic, ...], frozenset[Topic]] = {}
        self.citations = [(Citation(s, None, confidence=c),) for s in _SOURCES for c in Confidence]
        rng = random.Random(11)
        self.summaries = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 24))) for _ in range(997)
        ]
        self.measures = [
            tuple(" ".join(rng.choice(_WORDS) for _ in range(6)) for _ in range(k))
            for k in (0, 0, 1, 2, 3)
            for _ in range(50)
        ]
        self.penalties = self._penalty_pool(rng)
        self.grave = [
            PenaltyChange(
                f"especially grave offence {i}",
                Penalty(
                    Liability.CRIMINAL,
                    Gravity.ESPECIALLY_GRAVE,
                    Term.years(15, 20),
                    life=i % 2 == 0,
                ),
                Penalty(Liability.CRIMINAL, Gravity.GRAVE, Term.years(8, 12)),
                article=f"CC {100 + i}",
            )
            for i in range(10)
        ]

    @staticmethod
    def _penalty_pool(rng: random.Random) -> list[PenaltyChange]:
        out: list[PenaltyChange] = []
        for i in range(200):
            kind = i % 4
            if kind == 0:
                after = Penalty(Liability.ADMINISTRATIVE, fine_mci=_q(rng))
            elif kind == 1:
                after = Penalty(Liability.CRIMINAL, Gravity.CRIMINAL_MISDEMEANOUR, fine_mci=_q(rng))
            else:
                top = rng.choice((12, 24, 36, 60, 84, 120, 144))
                after = Penalty(Liability.CRIMINAL, Gravity.for_term(top), Term(None, top))
            before = None if i % 3 == 0 else Penalty(Liability.ADMINISTRATIVE, fine_mci=_q(rng))
            out.append(
                PenaltyChange(
                    f"offence {rng.choice(_WORDS)} {i}",
                    after,
                    before,
                    article=f"CC {rng.randint(1, 400)}",
                )
            )
        return out

    def date(self, y: int, m: int | None = None, d: int | None = None) -> PartialDate:
        key = (y, m, d)
        p = self.dates.get(key)
        if p is None:
            p = self.dates[key] = PartialDate(y, m, d)
        return p

    def milestone(self, stage: Stage, date: PartialDate) -> Milestone:
        key = (stage, date)
        m = self.milestones.get(key)
        if m is None:
            m = self.milestones[key] = Milestone(stage, date)
        return m

    def topic_set(self, topics: tuple[Topic, ...]) -> frozenset[Topic]:
        s = self.topics.get(topics)
        if s is None:
            s = self.topics[topics] = frozenset(topics)
        return s


def _q(rng: random.Random) -> Quantity:
    a = rng.randint(1, 500)
    return Quantity(a, a * rng.randint(1, 10))


_POOLS: _Pools | None = None


def _pools() -> _Pools:
    global _POOLS  # noqa: PLW0603
    if _POOLS is None:
        _POOLS = _Pools()
    return _POOLS


def make_reforms(n: int, seed: int = 2019) -> list[Reform]:
    """*n* valid reforms (ids ``r0000000``...), in generation (not date) order."""
    p = _pools()
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange
    kinds = list(ReformKind)
    n_tw = len(_TOPIC_WEIGHTS)
    total_w = _TOPIC_WEIGHTS[-1]
    signed = Stage.SIGNED
    adopted = Stage.ADOPTED
    in_force = Stage.IN_FORCE
    out: list[Reform] = []
    append = out.append
    for i in range(n):
        day = dt.date.fromordinal(randrange(FIRST_DAY, LAST_DAY + 1))
        u = rand()
        if u < 0.94:
            key = p.date(day.year, day.month, day.day)
            ms: tuple[Milestone, ...]
            if u < 0.30:
                ms = (p.milestone(signed, key),)
            else:
                later = dt.date.fromordinal(min(day.toordinal() + 10 + (i % 50), LAST_DAY))
                ms = (
                    p.milestone(signed, key),
                    p.milestone(in_force, p.date(later.year, later.month, later.day)),
                )
        elif u < 0.99:
            ms = (p.milestone(adopted, p.date(day.year, day.month)),)
        else:
            ms = (p.milestone(signed, p.date(day.year)),)
        # Zipf-distributed topics, one or two per record.
        t1 = _TOPICS[min(bisect.bisect_right(_TOPIC_WEIGHTS, rand() * total_w), n_tw - 1)]
        if rand() < 0.3:
            t2 = _TOPICS[min(bisect.bisect_right(_TOPIC_WEIGHTS, rand() * total_w), n_tw - 1)]
            topics = p.topic_set((t1, t2) if t1.value < t2.value else (t2, t1))
        else:
            topics = p.topic_set((t1,))
        v = rand()
        if v < GRAVE_RATE:
            pcs: tuple[PenaltyChange, ...] = (p.grave[i % len(p.grave)],)
        elif v < 0.1:
            pcs = (p.penalties[randrange(len(p.penalties))],)
        else:
            pcs = ()
        w1 = _WORDS[randrange(len(_WORDS))]
        w2 = _WORDS[randrange(len(_WORDS))]
        append(
            Reform(
                id=f"r{i:07d}",
                title=f"{w1.capitalize()} {w2} reform {token(i)}",
                summary=p.summaries[i % len(p.summaries)],
                kind=kinds[i % len(kinds)],
                topics=topics,
                milestones=ms,
                citations=p.citations[randrange(len(p.citations))],
                penalty_changes=pcs,
                measures=p.measures[i % len(p.measures)],
                bodies=_BODIES[i % len(_BODIES)],
            )
        )
    return out


def sources_for_generated() -> list[Any]:
    """The ``Source`` records the generated citations point at."""
    from kzreforms import Source, SourceKind

    return [Source(s, f"Generated source {s}", "Benchmarks", SourceKind.OTHER) for s in _SOURCES]

# SPDX-License-Identifier: MIT
"""
Section 3: warm queries on a ReformSet against four baselines.

Every method answers the same question on the same records and returns the
matching records (or penalty entries) in a Python list or collection:

- ``kzreforms``: the public ``ReformSet`` / ``PenaltyView`` API;
- ``floor``: ``bisect`` on sorted Python lists built beforehand, then
  slicing (the least work a pure-Python answer can do);
- ``scan``: a list comprehension over the records;
- ``pandas``: boolean filtering of DataFrames holding the same data;
- ``sqlite``: an in-memory sqlite3 database with B-tree indexes (and FTS5
  for text), results mapped back to the records.

The index build of kzreforms happens on the first query of each kind on a
collection; it is reported separately from the warm (repeated) query cost.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from kzreforms import Gravity, Precision, Reform, ReformSet, Topic

from ._util import clock, fit_slope, fmt_ratio, fmt_time, once, table

TARGET_K = 50
from kzreforms._index import blob as _blob  # noqa: E402 - the text the library searches
from kzreforms._text import words as _words  # noqa: E402 - the library's own word splitting

METHODS = ("kzreforms", "floor", "scan", "pandas", "sqlite")


def _optional(name: str) -> Any:
    try:
        return __import__(name)
    except ImportError:
        return None


# ---------------------------------------------------------------------------
# Query parameters, derived from the data so each selective query returns
# about TARGET_K records at any size.
# ---------------------------------------------------------------------------


class Params:
    def __init__(self, recs: Sequence[Reform], vocab_df: Counter[str]) -> None:
        n = len(recs)
        first = recs[0].date.earliest.toordinal()
        last = recs[-1].date.earliest.toordinal()
        span = max(1, last - first)
        mid = recs[n // 2].date.earliest
        width = max(1, round(TARGET_K * span / n))
        self.lo = mid
        self.hi = mid + dt.timedelta(days=width - 1)
        self.since = mid
        counts = Counter(t for r in recs for t in r.all_topics)
        self.topic_sel = min(counts, key=lambda t: (abs(counts[t] - TARGET_K), t.value))
        self.topic_broad = max(counts, key=lambda t: (counts[t], t.value))
        words = [w for w in vocab_df if len(w) >= 3 and not w.isdigit()]
        self.word_sel = min(words, key=lambda w: (abs(vocab_df[w] - TARGET_K), w))
        self.word_broad = max((w for w in words if len(w) >= 5), key=lambda w: (vocab_df[w], w))
        self.g_sel = Gravity.ESPECIALLY_GRAVE
        self.g_broad = Gravity.MINOR


def _word_pattern(w: str) -> re.Pattern[str]:
    """A word starting with *w*, as ``ReformSet.search`` matches a single word."""
    return re.compile(r"(?:^|[\W_])" + re.escape(w))


# ---------------------------------------------------------------------------
# Baselines
# ---------------------------------------------------------------------------


class Floor:
    """Sorted lists built once; each query is a bisect or two and a slice."""

    def __init__(
        self, recs: Sequence[Reform], blobs: Sequence[str], entries: Sequence[Any]
    ) -> None:
        self.recs = recs
        by_prec: dict[Precision, list[tuple[int, int]]] = {p: [] for p in Precision}
        topic_rows: list[tuple[str, int]] = []
        self.latest: list[int] = []
        self.topics: list[frozenset[Topic]] = []
        for i, r in enumerate(recs):
            d = r.date
            by_prec[d.precision].append((d.earliest.toordinal(), i))
            self.latest.append(d.latest.toordinal())
            ts = r.all_topics
            self.topics.append(ts)
            topic_rows.extend((t.value, i) for t in ts)
        self.dates = {}
        for p, rows in by_prec.items():
            rows.sort()
            self.dates[p] = ([a for a, _ in rows], [b for _, b in rows])
        topic_rows.sort()
        self.topic_keys = [a for a, _ in topic_rows]
        self.topic_pos = [b for _, b in topic_rows]
        post: dict[str, list[int]] = {}
        for i, b in enumerate(blobs):
            for w in set(_words(b)):
                post.setdefault(w, []).append(i)
        self.vocab = sorted(post)
        self.postings = [post[w] for w in self.vocab]
        self.df = Counter({w: len(p) for w, p in post.items()})
        self.entries = list(entries)
        self.grav_keys = [
            -g.rank if (g := e.change.after.effective_gravity) is not None else 1
            for e in self.entries
        ]

    def date_pos(self, lo: dt.date, hi: dt.date) -> list[int]:
        lo_o, hi_o = lo.toordinal(), hi.toordinal()
        starts = {
            Precision.DAY: lo_o,
            Precision.MONTH: lo.replace(day=1).toordinal(),
            Precision.YEAR: dt.date(lo.year, 1, 1).toordinal(),
        }
        out: list[int] = []
        for p, (keys, pos) in self.dates.items():
            out += pos[bisect.bisect_left(keys, starts[p]) : bisect.bisect_right(keys, hi_o)]
        out.sort()
        return out

    def dates_q(self, lo: dt.date, hi: dt.date) -> list[Reform]:
        recs = self.recs
        return [recs[i] for i in self.date_pos(lo, hi)]

    def topic(self, t: Topic) -> list[Reform]:
        keys = self.topic_keys
        a = bisect.bisect_left(keys, t.value)
        b = bisect.bisect_right(keys, t.value)
        recs = self.recs
        return [recs[i] for i in self.topic_pos[a:b]]

    def word_pos(self, w: str) -> list[int]:
        a = bisect.bisect_left(self.vocab, w)
        b = bisect.bisect_left(self.vocab, w + "\U0010ffff")
        if b - a == 1:
            return self.postings[a]
        s: set[int] = set()
        for j in range(a, b):
            s.update(self.postings[j])
        return sorted(s)

    def search(self, w: str) -> list[Reform]:
        recs = self.recs
        return [recs[i] for i in self.word_pos(w)]

    def min_gravity(self, g: Gravity) -> list[Any]:
        return self.entries[: bisect.bisect_right(self.grav_keys, -g.rank)]

    def chain(self, w: str, t: Topic, since: dt.date) -> list[Reform]:
        s = since.toordinal()
        recs, topics, latest = self.recs, self.topics, self.latest
        return [recs[i] for i in self.word_pos(w) if t in topics[i] and latest[i] >= s]


class Scan:
    """List comprehensions over the records (blobs precomputed once)."""

    def __init__(
        self, recs: Sequence[Reform], blobs: Sequence[str], entries: Sequence[Any]
    ) -> None:
        self.recs = recs
        self.blobs = blobs
        self.entries = entries

    def dates_q(self, lo: dt.date, hi: dt.date) -> list[Reform]:
        return [r for r in self.recs if (d := r.date).earliest <= hi and d.latest >= lo]

    def topic(self, t: Topic) -> list[Reform]:
        return [r for r in self.recs if t in r.all_topics]

    def search(self, w: str) -> list[Reform]:
        pat = _word_pattern(w)
        return [r for r, b in zip(self.recs, self.blobs, strict=True) if pat.search(b)]

    def min_gravity(self, g: Gravity) -> list[Any]:
        return [
            e
            for e in self.entries
            if (eg := e.change.after.effective_gravity) is not None and eg >= g
        ]

    def chain(self, w: str, t: Topic, since: dt.date) -> list[Reform]:
        pat = _word_pattern(w)
        return [
            r
            for r, b in zip(self.recs, self.blobs, strict=True)
            if pat.search(b) and t in r.all_topics and r.date.latest >= since
        ]


class Pandas:
    """Boolean filtering on DataFrames (dates as int64 ordinals, topics exploded)."""

    def __init__(
        self,
        pd: Any,
        recs: Sequence[Reform],
        floor: Floor,
        blobs: Sequence[str],
        entries: Sequence[Any],
    ) -> None:
        import numpy as np

        self.np = np
        self.recs = recs
        earliest = [r.date.earliest.toordinal() for r in recs]
        self.df = pd.DataFrame(
            {
                "earliest": np.array(earliest, dtype=np.int64),
                "latest": np.array(floor.latest, dtype=np.int64),
                "blob": pd.Series(list(blobs), dtype=object),
            }
        )
        self.tdf = pd.DataFrame(
            {
                "pos": np.array(floor.topic_pos, dtype=np.int64),
                "topic": pd.Categorical(floor.topic_keys),
            }
        )
        self.entries = entries
        self.pdf = pd.DataFrame({"grav": np.array(floor.grav_keys, dtype=np.int8) * -1})

    def _records(self, mask: Any) -> list[Reform]:
        recs = self.recs
        return [recs[i] for i in self.np.flatnonzero(mask)]

    def dates_q(self, lo: dt.date, hi: dt.date) -> list[Reform]:
        df = self.df
        m = (df["earliest"].to_numpy() <= hi.toordinal()) & (
            df["latest"].to_numpy() >= lo.toordinal()
        )
        return self._records(m)

    def dates_q_series(self, lo: dt.date, hi: dt.date) -> list[Reform]:
        df = self.df
        m = (df["earliest"] <= hi.toordinal()) & (df["latest"] >= lo.toordinal())
        return self._records(m.to_numpy())

    def topic(self, t: Topic) -> list[Reform]:
        tdf = self.tdf
        pos = tdf["pos"][tdf["topic"] == t.value].to_numpy()
        recs = self.recs
        return [recs[i] for i in pos]

    def _text_mask(self, w: str) -> Any:
        return self.df["blob"].str.contains(_word_pattern(w).pattern, regex=True).to_numpy()

    def search(self, w: str) -> list[Reform]:
        return self._records(self._text_mask(w))

    def min_gravity(self, g: Gravity) -> list[Any]:
        m = (self.pdf["grav"] >= g.rank).to_numpy()
        entries = self.entries
        return [entries[i] for i in self.np.flatnonzero(m)]

    def chain(self, w: str, t: Topic, since: dt.date) -> list[Reform]:
        np = self.np
        in_topic = np.zeros(len(self.df), dtype=bool)
        tdf = self.tdf
        in_topic[tdf["pos"][tdf["topic"] == t.value].to_numpy()] = True
        m = self._text_mask(w) & in_topic & (self.df["latest"].to_numpy() >= since.toordinal())
        return self._records(m)


class Sqlite:
    """In-memory sqlite3 with B-tree indexes and an FTS5 table for text."""

    def __init__(
        self, recs: Sequence[Reform], floor: Floor, blobs: Sequence[str], entries: Sequence[Any]
    ) -> None:
        self.recs = recs
        self.entries = entries
        db = sqlite3.connect(":memory:")
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE r (pos INTEGER PRIMARY KEY, prec INT, earliest INT, latest INT)")
        db.executemany(
            "INSERT INTO r VALUES (?, ?, ?, ?)",
            (
                (i, r.date.precision.rank, r.date.earliest.toordinal(), floor.latest[i])
                for i, r in enumerate(recs)
            ),
        )
        db.execute("CREATE INDEX r_prec_earliest ON r (prec, earliest)")
        db.execute("CREATE INDEX r_latest ON r (latest)")
        db.execute("CREATE TABLE t (topic TEXT, pos INT)")
        db.executemany(
            "INSERT INTO t VALUES (?, ?)", zip(floor.topic_keys, floor.topic_pos, strict=True)
        )
        db.execute("CREATE INDEX t_topic_pos ON t (topic, pos)")
        db.execute("CREATE TABLE p (ord INTEGER PRIMARY KEY, grav INT)")
        db.executemany(
            "INSERT INTO p VALUES (?, ?)", ((i, -k) for i, k in enumerate(floor.grav_keys))
        )
        db.execute("CREATE INDEX p_grav ON p (grav)")
        db.execute(
            "CREATE VIRTUAL TABLE f USING fts5(blob, tokenize='unicode61 remove_diacritics 2')"
        )
        db.executemany("INSERT INTO f (rowid, blob) VALUES (?, ?)", enumerate(blobs))
        db.execute("INSERT INTO f (f) VALUES ('optimize')")
        db.execute("ANALYZE")
        db.commit()
        self.db = db

    # prec holds Precision.rank: year 0, month 1, day 2 (the query once
    # assumed 1-3, so day dates were tested as months and year dates never)
    _DATES = (
        f"SELECT pos FROM r WHERE (prec = {Precision.DAY.rank} AND earliest BETWEEN ?1 AND ?4)"
        f" OR (prec = {Precision.MONTH.rank} AND earliest BETWEEN ?2 AND ?4)"
        f" OR (prec = {Precision.YEAR.rank} AND earliest BETWEEN ?3 AND ?4) ORDER BY pos"
    )

    def _dates_args(self, lo: dt.date, hi: dt.date) -> tuple[int, int, int, int]:
        return (
            lo.toordinal(),
            lo.replace(day=1).toordinal(),
            dt.date(lo.year, 1, 1).toordinal(),
            hi.toordinal(),
        )

    def dates_q(self, lo: dt.date, hi: dt.date) -> list[Reform]:
        recs = self.recs
        rows = self.db.execute(self._DATES, self._dates_args(lo, hi)).fetchall()
        return [recs[i] for (i,) in rows]

    def topic(self, t: Topic) -> list[Reform]:
        recs = self.recs
        rows = self.db.execute("SELECT pos FROM t WHERE topic = ? ORDER BY pos", (t.value,))
        return [recs[i] for (i,) in rows.fetchall()]

    def search(self, w: str) -> list[Reform]:
        recs = self.recs
        q = '"' + w.replace('"', '""') + '"*'
        rows = self.db.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid", (q,))
        return [recs[i] for (i,) in rows.fetchall()]

    def min_gravity(self, g: Gravity) -> list[Any]:
        entries = self.entries
        rows = self.db.execute("SELECT ord FROM p WHERE grav >= ? ORDER BY ord", (g.rank,))
        return [entries[i] for (i,) in rows.fetchall()]

    def chain(self, w: str, t: Topic, since: dt.date) -> list[Reform]:
        recs = self.recs
        q = '"' + w.replace('"', '""') + '"*'
        rows = self.db.execute(
            "SELECT f.rowid FROM f JOIN t ON t.pos = f.rowid AND t.topic = ?"
            " JOIN r ON r.pos = f.rowid WHERE f MATCH ? AND r.latest >= ? ORDER BY f.rowid",
            (t.value, q, since.toordinal()),
        )
        return [recs[i] for (i,) in rows.fetchall()]


# ---------------------------------------------------------------------------
# The measurement
# ---------------------------------------------------------------------------


def _queries(
    rs: ReformSet, p: Params
) -> list[tuple[str, bool, Callable[[Any], Any], Callable[[], Any]]]:
    """``(name, selective, baseline call, kzreforms call)``."""
    return [
        ("date range", True, lambda b: b.dates_q(p.lo, p.hi), lambda: rs.between(p.lo, p.hi)),
        (
            "date since (broad)",
            False,
            lambda b: b.dates_q(p.since, dt.date.max),
            lambda: rs.since(p.since),
        ),
        ("topic", True, lambda b: b.topic(p.topic_sel), lambda: rs.topic(p.topic_sel)),
        ("topic (broad)", False, lambda b: b.topic(p.topic_broad), lambda: rs.topic(p.topic_broad)),
        (
            "min gravity",
            True,
            lambda b: b.min_gravity(p.g_sel),
            lambda: rs.penalties().min_gravity(p.g_sel),
        ),
        (
            "min gravity (broad)",
            False,
            lambda b: b.min_gravity(p.g_broad),
            lambda: rs.penalties().min_gravity(p.g_broad),
        ),
        ("text search", True, lambda b: b.search(p.word_sel), lambda: rs.search(p.word_sel)),
        (
            "text search (broad)",
            False,
            lambda b: b.search(p.word_broad),
            lambda: rs.search(p.word_broad),
        ),
        (
            "chain: search.topic.since",
            True,
            lambda b: b.chain(p.word_sel, p.topic_broad, p.since),
            lambda: rs.search(p.word_sel).topic(p.topic_broad).since(p.since),
        ),
        (
            "chain: topic.since.search (broad first)",
            False,
            lambda b: b.chain(p.word_sel, p.topic_broad, p.since),
            lambda: rs.topic(p.topic_broad).since(p.since).search(p.word_sel),
        ),
    ]


FIRST_USE = {"date range": "dates", "topic": "topics", "text search": "words"}


def measure(
    label: str, records: Sequence[Reform], *, budget: float, log: Any = print
) -> dict[str, Any]:
    """Every query on one collection, by every method."""
    pd = _optional("pandas")
    res: dict[str, Any] = {"label": label, "n": len(records), "build": {}, "first": {}, "rows": []}
    t, rs = once(lambda: ReformSet(records))
    res["build"]["ReformSet"] = t
    log(f"    {label}: n={len(records)}  ReformSet() {fmt_time(t)}")
    recs = list(rs)
    # kzreforms first queries (index builds), in the order the table lists them
    params_probe = None
    firsts: dict[str, float] = {}
    # blobs and the word list are needed for the parameters; build them the
    # library's way once (not timed as part of any method's query)
    blobs = [_blob(r) for r in recs]
    firsts["penalties"], view = once(rs.penalties)  # sorts and caches every penalty change
    t_floor, floor = once(lambda: Floor(recs, blobs, tuple(view)))
    res["build"]["floor"] = t_floor
    params_probe = Params(recs, floor.df)
    p = params_probe
    qs = _queries(rs, p)
    for name, _sel, _b, kz in qs:
        if name in FIRST_USE:
            firsts[FIRST_USE[name]], _ = once(kz)
    res["first"] = firsts
    res["params"] = {
        "date range": f"{p.lo} .. {p.hi}",
        "topic": p.topic_sel.value,
        "topic (broad)": p.topic_broad.value,
        "text": p.word_sel,
        "text (broad)": p.word_broad,
        "since": str(p.since),
    }
    baselines: dict[str, Any] = {"floor": floor, "scan": Scan(recs, blobs, floor.entries)}
    if pd is not None:
        t, baselines["pandas"] = once(lambda: Pandas(pd, recs, floor, blobs, floor.entries))
        res["build"]["pandas"] = t
    t, baselines["sqlite"] = once(lambda: Sqlite(recs, floor, blobs, floor.entries))
    res["build"]["sqlite"] = t
    log(
        "      builds: "
        + ", ".join(f"{k} {fmt_time(v)}" for k, v in res["build"].items())
        + " | kzreforms first use: "
        + ", ".join(f"{k} {fmt_time(v)}" for k, v in firsts.items())
    )
    for name, sel, base, kz in qs:
        row: dict[str, Any] = {"query": name, "selective": sel}
        k_kz = len(kz())
        row["k"] = k_kz
        row["kzreforms"] = clock(kz, budget=budget)
        mismatch = []
        for m, b in baselines.items():
            k = len(base(b))
            if k != k_kz:
                mismatch.append(f"{m} k={k}")
            row[m] = clock(lambda b=b, base=base: base(b), budget=budget)
        row["mismatch"] = mismatch
        res["rows"].append(row)
        log(
            f"      {name:27} k={k_kz:<7} "
            + "  ".join(f"{m} {fmt_time(row.get(m))}" for m in METHODS if m in row)
            + (f"  MISMATCH {mismatch}" if mismatch else "")
        )
    del baselines
    return res


def verdicts(results: Sequence[dict[str, Any]]) -> list[str]:
    """Check the section-3 targets on generated collections."""
    out: list[str] = []
    gen = [r for r in results if r["label"].startswith("generated")]
    if not gen:
        return out
    worst = 0.0
    worst_at = ""
    for res in gen:
        for row in res["rows"]:
            if row["selective"] and row["k"] <= 100:
                ratio = row["kzreforms"] / row["floor"]
                if ratio > worst:
                    worst, worst_at = ratio, f"{row['query']} at n={res['n']}"
    ok = worst <= 3
    out.append(
        f"{'MET' if ok else 'MISSED'}: selective queries within 3x of the floor "
        f"(worst {worst:.2f}x: {worst_at})"
    )
    top = max(gen, key=lambda r: r["n"])
    vs_pd = [
        row.get("pandas", math.nan) / row["kzreforms"]
        for row in top["rows"]
        if row["selective"] and row["k"] <= 100
    ]
    vs_sql = [
        row["sqlite"] / row["kzreforms"]
        for row in top["rows"]
        if row["selective"] and row["k"] <= 100
    ]
    if vs_pd and not any(math.isnan(x) for x in vs_pd):
        out.append(
            f"{'MET' if min(vs_pd) >= 20 else 'MISSED'}: >= 20x faster than pandas at "
            f"n={top['n']} (least {min(vs_pd):.0f}x)"
        )
    else:
        out.append("NOT MEASURED: pandas is not installed")
    out.append(
        f"{'MET' if min(vs_sql) > 1 else 'MISSED'}: faster than indexed sqlite at "
        f"n={top['n']} (least {min(vs_sql):.2f}x)"
    )
    return out


def scaling(results: Sequence[dict[str, Any]]) -> tuple[str, list[str]]:
    """Fit kzreforms' warm time against log10(n) and against n."""
    gen = sorted((r for r in results if r["label"].startswith("generated")), key=lambda r: r["n"])
    if len(gen) < 2:
        return "", []
    rows = []
    notes = []
    names = [row["query"] for row in gen[0]["rows"] if row["selective"]]
    n0, n1 = gen[0]["n"], gen[-1]["n"]
    for name in names:
        ts = [next(x for x in r["rows"] if x["query"] == name)["kzreforms"] for r in gen]
        ks = [next(x for x in r["rows"] if x["query"] == name)["k"] for r in gen]
        ns = [r["n"] for r in gen]
        b_log, r2_log = fit_slope([math.log10(n) for n in ns], ts)
        b_lin, r2_lin = fit_slope([float(n) for n in ns], ts)
        growth = ts[-1] / ts[0]
        rows.append(
            [
                name,
                " / ".join(str(k) for k in ks),
                " / ".join(fmt_time(t) for t in ts),
                f"{growth:.1f}x",
                f"{fmt_time(b_log)} per decade (r²={r2_log:.2f})",
                f"{b_lin * 1e9:.3g} ns per record (r²={r2_lin:.2f})",
            ]
        )
        verdict = "log n" if growth < 10 else "worse than log n"
        notes.append(f"{name}: {n1 // n0}x more records -> {growth:.1f}x the time ({verdict})")
    head = [
        "query",
        "k per size",
        f"warm time per size ({', '.join(str(r['n']) for r in gen)})",
        f"t({n1})/t({n0})",
        "fit vs log10 n",
        "fit vs n",
    ]
    return table(head, rows), notes


def render(res: dict[str, Any]) -> str:
    head = [
        "query",
        "k",
        "kzreforms",
        "floor",
        "kz/floor",
        "scan",
        "pandas",
        "sqlite",
        "pandas/kz",
        "sqlite/kz",
    ]
    rows = []
    for row in res["rows"]:
        kz = row["kzreforms"]
        rows.append(
            [
                row["query"] + (" ⚠" + ",".join(row["mismatch"]) if row["mismatch"] else ""),
                row["k"],
                fmt_time(kz),
                fmt_time(row["floor"]),
                fmt_ratio(kz / row["floor"]),
                fmt_time(row["scan"]),
                fmt_time(row.get("pandas")),
                fmt_time(row["sqlite"]),
                fmt_ratio(row["pandas"] / kz) if "pandas" in row else "n/a",
                fmt_ratio(row["sqlite"] / kz),
            ]
        )
    return table(head, rows)

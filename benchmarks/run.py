# SPDX-License-Identifier: MIT
"""
Run the kzreforms benchmark suite, print the tables and write them to
``docs/performance.md``.

    python -m benchmarks              # full suite (a few minutes), writes docs/performance.md
    python -m benchmarks --quick      # smoke run: small sizes, seconds, prints only
    python benchmarks/run.py --quick --output /tmp/perf.md

pandas, pydantic and msgspec are optional (``pip install pandas pydantic
msgspec``); a missing one is reported as "not installed".
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks import gen, load, queries, startup
from benchmarks._util import fmt_ratio, fmt_time, machine, table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "performance.md"
FULL_SIZES = (10**3, 10**4, 10**5, 10**6)
QUICK_SIZES = (200, 1000)


def _packaged(log: Any) -> list[Any] | None:
    try:
        import kzreforms

        rs = kzreforms.reforms()
    except Exception as e:  # noqa: BLE001 - the data may be mid-edit
        log(f"    packaged data does not load ({type(e).__name__}: {str(e)[:200]})")
        return None
    return list(rs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    ap.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"Markdown file to write (default: {DEFAULT_OUTPUT.relative_to(ROOT)} "
        "for a full run, nothing for --quick)",
    )
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=None,
        help="generated collection sizes for section 3",
    )
    ap.add_argument("--load-size", type=int, default=None, help="records for sections 4-5")
    ap.add_argument(
        "--runs",
        type=int,
        default=None,
        help="fresh processes per command in sections 1-2 (default 31, 2 with --quick)",
    )
    ap.add_argument(
        "--startup-only",
        action="store_true",
        help="only sections 1-2 (import, cold query, CLI, growth, memory); prints, and "
        "writes --output if given",
    )
    ap.add_argument(
        "--notes-only",
        action="store_true",
        help="rewrite only the hand-written notes (benchmarks/ANALYSIS.md) at the end of "
        "the existing report, without measuring",
    )
    args = ap.parse_args(argv)
    if args.notes_only:
        return notes_only(args.output or DEFAULT_OUTPUT)
    if args.startup_only:
        return startup_only(args.quick, args.output, args.runs)
    quick: bool = args.quick
    sizes = tuple(args.sizes) if args.sizes else (QUICK_SIZES if quick else FULL_SIZES)
    load_n = args.load_size or (200 if quick else 10**5)
    output: Path | None = args.output or (None if quick else DEFAULT_OUTPUT)
    t_start = time.perf_counter()

    def log(msg: str) -> None:
        print(msg, flush=True)

    info = machine()
    log("kzreforms benchmarks" + (" (quick)" if quick else ""))
    for k, v in info.items():
        log(f"  {k}: {v}")

    s12 = startup.run(quick, log, args.runs)

    log("[3] warm queries ...")
    results = []
    packaged = _packaged(log)
    if packaged is not None and len(packaged) >= 2:
        results.append(
            queries.measure("packaged data", packaged, budget=0.01 if quick else 0.3, log=log)
        )
    elif packaged is not None:
        log(f"    packaged data has {len(packaged)} reforms: too few to query; skipped")
    for n in sizes:
        t_gen, recs = _timed(lambda n=n: gen.make_reforms(n))
        log(f"    generated {n} records in {fmt_time(t_gen)}")
        res = queries.measure(f"generated n={n}", recs, budget=0.01 if quick else 0.2, log=log)
        res["build"] = {"generate": t_gen, **res["build"]}
        results.append(res)
        del recs
    s45 = load.run(gen.make_reforms(load_n), quick=quick, log=log)

    md = report(info, s12, results, s45, quick=quick, elapsed=time.perf_counter() - t_start)
    print()
    print(md)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(md, encoding="utf-8")
        log(f"written to {output}")
    return 0


def _timed(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def report(
    info: dict[str, str],
    s12: dict[str, Any],
    results: list[dict[str, Any]],
    s45: dict[str, Any],
    *,
    quick: bool,
    elapsed: float,
) -> str:
    out: list[str] = []
    add = out.append
    add("# Performance\n")
    add(
        "Generated by `python -m benchmarks`"
        + (" --quick" if quick else "")
        + f" in {elapsed:.0f} s. Do not edit by hand: rerun the suite."
    )
    add(
        "Numbers are wall-clock times on the machine below. Other work on the machine "
        "(2 cores) slows every method alike but not always by the same factor: compare "
        "ratios within one run, and rerun on an idle machine before trusting a target "
        "near its limit.\n"
    )
    add(table(["machine", ""], [[k, v] for k, v in info.items()]))
    add("\n## Targets\n")
    add(table(["target", "result"], targets(s12, results, s45)))

    add("\n## 1. Import time\n")
    imp = s12["import"]
    add(f"Fresh `python -c ...` processes, {imp['runs']} interleaved runs each, medians.\n")
    add(
        table(
            ["command", "median wall time"],
            [
                ["`import kzreforms`", fmt_time(imp["a"])],
                ["`import attrs`", fmt_time(imp["b"])],
                ["median ratio", fmt_ratio(imp["ratio"])],
            ],
        )
    )

    out.extend(cold_sections(s12))

    add("\n## 3. Warm queries\n")
    add(queries.__doc__.split("\n", 2)[2].strip() + "\n")
    add(
        "Generated data: `benchmarks/gen.py` (valid `Reform` records, dates spread over "
        "1900-2035, Zipf-distributed topics, rare especially grave penalties, a title token "
        "shared by 50 records). Selective queries aim at about 50 results; `k` is the "
        "number of results (every method returned the same `k` unless marked ⚠). "
        "`kz/floor` is how many times slower than the floor kzreforms is; `pandas/kz` and "
        "`sqlite/kz` how many times faster kzreforms is.\n"
    )
    for res in results:
        add(f"\n### {res['label']} (n = {res['n']:,})\n")
        add(
            "Build, once per collection: "
            + ", ".join(f"{k} {fmt_time(v)}" for k, v in res["build"].items())
            + ".  "
        )
        add(
            "kzreforms index build (the first query of each kind, index included): "
            + ", ".join(f"{k} {fmt_time(v)}" for k, v in res["first"].items())
            + ".  "
        )
        add("Parameters: " + "; ".join(f"{k} = `{v}`" for k, v in res["params"].items()) + ".\n")
        add(queries.render(res))
    sc, notes = queries.scaling(results)
    if sc:
        add("\n### Scaling of warm selective queries (kzreforms)\n")
        add(
            "Least-squares fits of the warm time against log10 n and against n over the "
            "generated sizes. O(log n + k) shows as a small per-decade slope and a "
            "time ratio far below the size ratio.\n"
        )
        add(sc)
        add("")
        add("\n".join(f"- {x}" for x in notes))

    add(f"\n## 4. Load throughput (n = {s45['n']:,}, {s45['bytes'] / 1e6:.1f} MB of JSON)\n")
    load_t, mem_t = load.render(s45)
    add(
        "From JSON bytes to validated, frozen records. pydantic and msgspec models have "
        "the same shape and check enums, slug and date patterns and non-empty text; "
        "kzreforms also checks NFC text, milestone order, Art. 11 gravity, source "
        "references, and rejects duplicate keys, NaN and over-deep nesting. "
        "Best of " + ("1" if quick else "3") + " runs.\n"
    )
    add(load_t)
    add(
        "\nWhere kzreforms' time goes: "
        + ", ".join(f"{k} {fmt_time(v)}" for k, v in s45["split"].items())
        + ".\n"
    )
    add("cProfile of `decode_json` + `structure_many` (top functions by own time):\n")
    add("```\n" + s45["profile"] + "\n```")
    add(f"\n## 5. Memory per record (n = {s45['n']:,})\n")
    add(
        "tracemalloc: bytes still allocated after loading the JSON bytes (decoded "
        "intermediates freed), divided by n; the peak includes the decoded JSON.\n"
    )
    add(mem_t)
    add("")
    notes = Path(__file__).with_name("ANALYSIS.md")
    if notes.exists():  # hand-written findings, kept across reruns
        add(notes.read_text(encoding="utf-8"))
    return "\n".join(out)


def _mib(n: float) -> str:
    return f"{n / 2**20:.1f} MiB"


def cold_sections(s12: dict[str, Any]) -> list[str]:
    """Sections 2, 2b and 2c: cold first query, cold CLI, growth and peak memory."""
    out: list[str] = []
    add = out.append
    add("\n## 2. Cold first query\n")
    cold = s12.get("cold", {})
    if "error" in cold:
        add(f"Not measured: the packaged data did not load ({cold['error']}).")
        return out
    add(
        f"`{startup.COLD_KZ}` in a fresh process against `import attrs, cattrs` plus reading "
        f"the bytes of the packaged data the library reads ({cold['files']} files, "
        f"{cold['bytes']:,} bytes); {cold['runs']} interleaved runs each, medians. "
        "Peak memory is each process's own peak resident set size (`VmHWM`).\n"
    )
    rows = [
        [
            "kzreforms cold query",
            fmt_time(cold["a"]),
            _mib(cold["rss_a"]) if "rss_a" in cold else "",
        ],
        [
            "attrs + cattrs + read data",
            fmt_time(cold["b"]),
            _mib(cold["rss_b"]) if "rss_b" in cold else "",
        ],
        [
            "median ratio",
            fmt_ratio(cold["ratio"]),
            fmt_ratio(cold["rss_ratio"]) if "rss_ratio" in cold else "n/a",
        ],
    ]
    add(table(["command", "median wall time", "peak RSS"], rows))
    cli = s12.get("cli")
    if cli:
        add("\n### 2b. Cold CLI command\n")
        add(
            f"`kzreforms {' '.join(startup.CLI_ARGS)}` (the console script's work: "
            "`kzreforms._cli.main`, output to `/dev/null`) against "
            "`import attrs, cattrs, argparse, json` plus reading the data.\n"
        )
        add(
            table(
                ["command", "median wall time", "peak RSS"],
                [
                    ["kzreforms CLI", fmt_time(cli["a"]), _mib(cli.get("rss_a", 0))],
                    [
                        "attrs + cattrs + argparse + json + read",
                        fmt_time(cli["b"]),
                        _mib(cli.get("rss_b", 0)),
                    ],
                    ["median ratio", fmt_ratio(cli["ratio"]), fmt_ratio(cli.get("rss_ratio"))],
                ],
            )
        )
    g = s12.get("growth")
    if g:
        add(f"\n### 2c. Growth: the packaged reforms x{startup.GROWTH}\n")
        if "error" in g:
            add(f"Not measured: {g['error']}")
            return out
        add(
            f"The cold first query run from copies of the package whose bundle holds no "
            f"reform (the fixed cost: interpreter, imports, digest), the packaged "
            f"{g['n1']} reforms, and each of them {startup.GROWTH} times under new ids "
            f"({g['n10']} reforms, {g['bytes10']:,} bytes); {g['runs']} interleaved runs "
            "each, the least time of each (other work only adds time).  Linear growth "
            "means the variable part (time minus the fixed cost) grows at most "
            f"{startup.GROWTH}x.  The cost per added reform is compared with pydantic v2 "
            "validating the same reforms from JSON (warm, in the benchmark's process, once "
            "per round of the fresh processes, the least time).  On a busy machine the "
            "variable part at 1x is a few tens of ms against the fixed cost, so the x10 / x1 "
            "ratio is the noisiest number here; the cost per reform is steadier.  The "
            "first query builds no record (they are built when read), so the last three "
            "rows also time a cold process that reads every record, from the same copies: "
            "not a target of the issue, shown so that building on demand hides nothing.\n"
        )
        pyd = g.get("pydantic_per_record")
        add(
            table(
                ["case", "least wall time"],
                [
                    ["empty bundle (fixed cost)", fmt_time(g["fixed"])],
                    [f"packaged ({g['n1']} reforms)", fmt_time(g["t1"])],
                    [f"x{startup.GROWTH} ({g['n10']} reforms)", fmt_time(g["t10"])],
                    ["variable part (time - fixed cost), x10 / x1", fmt_ratio(g["growth"])],
                    ["cost per added reform", fmt_time(g["per_record"])],
                    ["pydantic v2 per reform (validate_json)", fmt_time(pyd) if pyd else "n/a"],
                    [f"every record read (`{startup.COLD_ALL}`), 1x", fmt_time(g["all_t1"])],
                    [f"every record read, x{startup.GROWTH}", fmt_time(g["all_t10"])],
                    ["every record read: cost per added reform", fmt_time(g["all_per_record"])],
                ],
            )
        )
    prof = s12.get("profile")
    if prof:
        add("\n### 2d. Where the cold first query's time goes\n")
        add(
            f"cProfile of `{startup.COLD_KZ}` in a fresh process (bytecode cached), the "
            "functions with the most own time (the profiler slows Python calls more than "
            "C code, so shares are rough):\n"
        )
        add("```\n" + prof + "\n```")
    return out


def targets(
    s12: dict[str, Any], results: list[dict[str, Any]], s45: dict[str, Any]
) -> list[list[str]]:
    rows = []
    r = s12["import"]["ratio"]
    rows.append(
        [
            "1. import kzreforms <= 1.10x import attrs",
            f"{'MET' if r <= 1.10 else 'MISSED'} ({r:.2f}x)",
        ]
    )
    cold = s12.get("cold", {})
    if "error" in cold:
        rows.append(["2. cold first query <= 1.20x attrs+cattrs+read", "NOT MEASURED"])
    else:
        c = cold["ratio"]
        rows.append(
            [
                "2. cold first query <= 1.20x attrs+cattrs+read",
                f"{'MET' if c <= 1.20 else 'MISSED'} ({c:.2f}x)",
            ]
        )
    rows.extend(cold_targets(s12))
    for v in queries.verdicts(results):
        status, what = v.split(": ", 1)
        rows.append(["3. " + what, status])
    _, notes = queries.scaling(results)
    if notes:
        worse = [x for x in notes if "worse" in x]
        rows.append(
            [
                "3. selective latency grows with log n, not n",
                "MET" if not worse else "MISSED: " + "; ".join(worse),
            ]
        )
    kz = s45["load"].get("kzreforms (decode_json + structure_many)")
    pyd = s45["load"].get("pydantic v2 (TypeAdapter.validate_json)")
    if pyd:
        rows.append(
            [
                "4. load within 2x of pydantic v2",
                f"{'MET' if kz <= 2 * pyd else 'MISSED'} ({kz / pyd:.2f}x pydantic's time)",
            ]
        )
    else:
        rows.append(["4. load within 2x of pydantic v2", "NOT MEASURED (pydantic not installed)"])
    mk = s45["memory"]["kzreforms (attrs, slots)"][0]
    md = s45["memory"]["slotted dataclass"][0]
    rows.append(
        [
            "5. bytes/record <= slotted dataclass",
            f"{'MET' if mk <= md else 'MISSED'} ({mk:,.0f} vs {md:,.0f})",
        ]
    )
    return rows


def cold_targets(s12: dict[str, Any]) -> list[list[str]]:
    """The rows of the cold-start targets (issue #14) beyond the first query."""
    rows = []
    cold = s12.get("cold", {})
    if "rss_ratio" in cold:
        m = cold["rss_ratio"]
        rows.append(
            [
                "2. cold peak memory <= 1.30x attrs+cattrs+read",
                f"{'MET' if m <= 1.30 else 'MISSED'} ({m:.2f}x)",
            ]
        )
    cli = s12.get("cli")
    if cli:
        c = cli["ratio"]
        rows.append(
            [
                "2. cold CLI <= 1.30x attrs+cattrs+argparse+json+read",
                f"{'MET' if c <= 1.30 else 'MISSED'} ({c:.2f}x)",
            ]
        )
    g = s12.get("growth")
    if g and "error" not in g:
        x = g["growth"]
        rows.append(
            [
                f"2. cold query on x{startup.GROWTH} data: variable part <= {startup.GROWTH}x",
                f"{'MET' if x <= startup.GROWTH else 'MISSED'} ({x:.2f}x)",
            ]
        )
        pyd = g.get("pydantic_per_record")
        if pyd:
            r = g["per_record"] / pyd
            rows.append(
                [
                    "2. cold cost per added reform <= 2x pydantic v2",
                    f"{'MET' if r <= 2 else 'MISSED'} ({r:.2f}x)",
                ]
            )
            a = g["all_per_record"] / pyd
            rows.append(
                [
                    "(not a target) every record read: cost per added reform vs pydantic v2",
                    f"{a:.2f}x",
                ]
            )
    return rows


def notes_only(output: Path) -> int:
    """Replace the notes at the end of *output* with the current ANALYSIS.md."""
    notes = Path(__file__).with_name("ANALYSIS.md").read_text(encoding="utf-8")
    text = output.read_text(encoding="utf-8")
    head = notes.split("\n", 1)[0]  # "## Analysis"
    at = text.find("\n" + head + "\n")
    if at < 0:
        print(f"{output}: no '{head}' section to replace", file=sys.stderr)
        return 1
    output.write_text(text[: at + 1] + notes, encoding="utf-8")
    print(f"notes rewritten in {output}")
    return 0


def startup_only(quick: bool, output: Path | None, runs: int | None = None) -> int:
    """Sections 1-2 alone (seconds to minutes): for iterating on the cold path."""
    info = machine()
    s12 = startup.run(quick, print, runs)
    out = ["# Cold start (sections 1-2 of `python -m benchmarks`)\n"]
    out.append(table(["machine", ""], [[k, v] for k, v in info.items()]))
    rows = []
    imp = s12["import"]["ratio"]
    rows.append(["1. import kzreforms <= 1.10x import attrs", f"{imp:.2f}x"])
    cold = s12.get("cold", {})
    if "ratio" in cold:
        rows.append(["2. cold first query <= 1.20x attrs+cattrs+read", f"{cold['ratio']:.2f}x"])
    rows.extend(cold_targets(s12))
    out.append("\n" + table(["target", "result"], rows))
    out.extend(cold_sections(s12))
    md = "\n".join(out) + "\n"
    print()
    print(md)
    if output is not None:
        output.write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

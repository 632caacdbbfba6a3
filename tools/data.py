# SPDX-License-Identifier: MIT
"""
Maintain the packaged data files.

    python tools/data.py check   # load and cross-check everything, list every problem
    python tools/data.py fmt       # rewrite each file in canonical form (dumps(loads(file)))
    python tools/data.py link      # add the missing half of each related pair
    python tools/data.py bundle    # validate everything, rebuild data/bundle.json, index, digests
    python tools/data.py bundle --check   # fail if the shipped bundle is not current (CI)
    python tools/data.py snapshot  # rewrite tests/snapshots/ (computed output) after a change
    python tools/data.py ids       # list every current id in the id registry (data/ids.json)
    python tools/data.py ids --check      # fail if the registry is out of date (CI, release)
    python tools/data.py codec     # rewrite _codec_gen.py after a record class changed
    python tools/data.py codec --check    # fail if _codec_gen.py is not current (CI)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kzreforms import DataLoadError, Reform, Source, dumps, loads
from kzreforms._store import build_dataset, packaged_problems

DATA = Path(__file__).resolve().parent.parent / "src" / "kzreforms" / "data"


def _files(folder: str) -> list[tuple[str, bytes]]:
    return sorted(
        (f"data/{folder}/{p.name}", p.read_bytes()) for p in (DATA / folder).glob("*.json")
    )


def check() -> int:
    try:
        ds = build_dataset(_files("sources"), _files("reforms"))
    except DataLoadError as e:
        print(e, file=sys.stderr)
        return 1
    problems = packaged_problems(ds.reforms)
    if problems:
        print(DataLoadError(problems), file=sys.stderr)
        return 1
    print(f"ok: {len(ds.sources)} sources, {len(ds.reforms)} reforms")
    return 0


def fmt() -> int:
    bad = 0
    for folder, cls in (("sources", Source), ("reforms", Reform)):
        for p in sorted((DATA / folder).glob("*.json")):
            try:
                text = dumps(loads(p.read_bytes(), cls))
            except DataLoadError as e:
                print(f"{p.name}: {e}", file=sys.stderr)
                bad += 1
                continue
            if p.read_text(encoding="utf-8") != text:
                p.write_text(text, encoding="utf-8")
                print(f"reformatted {p.name}")
    return 1 if bad else 0


def link() -> int:
    """Add the missing half of every ``related`` pair (relations are symmetric)."""
    import json

    folder = DATA / "reforms"
    docs = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")}
    changed: set[str] = set()
    for rid, doc in docs.items():
        for other in doc.get("related", []):
            if other in docs and rid not in docs[other].get("related", []):
                docs[other].setdefault("related", []).append(rid)
                changed.add(other)
    for rid in sorted(changed):
        path = folder / f"{rid}.json"
        path.write_text(dumps(loads(json.dumps(docs[rid]), Reform)), encoding="utf-8")
        print(f"linked back: {rid}")
    return 0


def snapshot() -> int:
    """Rewrite the reviewed snapshots of computed output (tests/snapshots/, test_snapshots.py)."""
    import os
    import subprocess

    root = DATA.parent.parent.parent
    env = {**os.environ, "KZREFORMS_UPDATE_SNAPSHOTS": "1"}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_snapshots.py",
    ]
    res = subprocess.run(cmd, cwd=root, env=env, check=False)
    if res.returncode == 0:
        print(f"wrote {root / 'tests' / 'snapshots'}: review it (git diff) before committing")
    return res.returncode


def bundle() -> int:
    """
    Validate the per-record files in full and rebuild the shipped bundle
    (``data/bundle.json``, its index ``data/bundle-index.json`` and their
    digests ``data/bundle.blake2b``), which is what ``kzreforms.reforms()``
    reads.  With ``--check``, change nothing and fail
    when the shipped bundle is not the one the files build.
    """
    from kzreforms._store import BUNDLE, BUNDLE_DIGEST, INDEX, build_bundle

    try:
        raw, index, digest = build_bundle()
    except DataLoadError as e:
        print(e, file=sys.stderr)
        return 1
    target, target_index, target_digest = DATA / BUNDLE, DATA / INDEX, DATA / BUNDLE_DIGEST
    current = (
        target.exists()
        and target.read_bytes() == raw
        and target_index.exists()
        and target_index.read_bytes() == index
        and target_digest.exists()
        and target_digest.read_text(encoding="ascii") == digest
    )
    if "--check" in sys.argv[2:]:
        if not current:
            print(
                f"{target} is not the bundle the data files build: "
                "run `python tools/data.py bundle` and commit the result",
                file=sys.stderr,
            )
            return 1
        if not _data_as_of(raw, check=True):
            return 1
        print(f"ok: {target.name} is current ({digest.split()[0][:12]}...)")
        return 0
    _data_as_of(raw, check=False)
    if not current:
        target.write_bytes(raw)
        target_index.write_bytes(index)
        target_digest.write_text(digest, encoding="ascii")
    print(f"{'wrote' if not current else 'unchanged:'} {target} ({len(raw):,} bytes)")
    return 0


_AS_OF_LINE = re.compile(r"^DATA_AS_OF: dt\.date = dt\.date\((\d+), (\d+), (\d+)\)$", re.MULTILINE)


def _data_as_of(raw: bytes, *, check: bool) -> bool:
    """
    Keep ``kzreforms.DATA_AS_OF`` the newest ``last_checked`` in the bundle
    (issue 11): the constant stays a literal, so ``import kzreforms`` reads no
    data, and the build that writes the bundle writes it.
    """
    import datetime as dt
    import json

    days = [r["last_checked"] for r in json.loads(raw)["reforms"] if "last_checked" in r]
    newest = dt.date.fromisoformat(max(days))
    init = DATA.parent / "__init__.py"
    text = init.read_text(encoding="utf-8")
    m = _AS_OF_LINE.search(text)
    if m is None:
        print(f"{init}: no 'DATA_AS_OF: dt.date = dt.date(Y, M, D)' line", file=sys.stderr)
        return False
    if dt.date(*map(int, m.groups())) == newest:
        return True
    if check:
        print(
            f"{init}: DATA_AS_OF is not {newest}, the newest last_checked in the data: "
            "run `python tools/data.py bundle` and commit the result",
            file=sys.stderr,
        )
        return False
    line = f"DATA_AS_OF: dt.date = dt.date({newest.year}, {newest.month}, {newest.day})"
    init.write_text(text[: m.start()] + line + text[m.end() :], encoding="utf-8")
    print(f"wrote {init}: DATA_AS_OF = {newest}")
    return True


def ids() -> int:
    """
    Add every current reform id to the id registry (``data/ids.json``): ids
    are only ever added, never removed.  A released id that no longer names a
    record needs an alias or a tombstone, written by hand (docs/releases.md);
    the problems left are listed and fail the run.  With ``--check``, change
    nothing and fail when the registry is not up to date.
    """
    from kzreforms._registry import (
        IDS_FILE,
        IdRegistry,
        registry_from_json,
        registry_problems,
        updated_registry,
    )

    path = DATA / IDS_FILE
    reg = registry_from_json(path.read_bytes()) if path.exists() else IdRegistry(())
    current = [p.stem for p in (DATA / "reforms").glob("*.json")]
    new = updated_registry(reg, current)
    text = new.to_json()
    stale = not path.exists() or path.read_text(encoding="utf-8") != text
    if "--check" in sys.argv[2:]:
        problems = registry_problems(reg, current)
        for p in problems:
            print(p, file=sys.stderr)
        if stale and not problems:
            print(f"{path} is not canonical: run `python tools/data.py ids`", file=sys.stderr)
        if problems or stale:
            return 1
        print(f"ok: {path.name} lists {len(reg.released)} ids, every current one")
        return 0
    if stale:
        path.write_text(text, encoding="utf-8")
    added = sorted(set(new.released) - set(reg.released))
    print(f"{'wrote' if stale else 'unchanged:'} {path} ({len(added)} id(s) added)")
    for rid in added:
        print(f"  + {rid}")
    problems = registry_problems(new, current)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


def codec() -> int:
    """
    Rewrite ``src/kzreforms/_codec_gen.py``, the builders and dumpers
    :mod:`kzreforms._codec` writes out from the records' attrs fields (the
    fast path of the first query; see docs/performance.md).  With
    ``--check``, change nothing and fail when it is not current.
    """
    from kzreforms._codec import GENERATED, generated_source

    target = DATA.parent / GENERATED
    text = generated_source()
    current = target.exists() and target.read_text(encoding="utf-8") == text
    if "--check" in sys.argv[2:]:
        if not current:
            print(
                f"{target} is not what the record classes generate: "
                "run `python tools/data.py codec` and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"ok: {target.name} is current")
        return 0
    if not current:
        target.write_text(text, encoding="utf-8")
    print(f"{'wrote' if not current else 'unchanged:'} {target}")
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    tasks = {
        "check": check,
        "fmt": fmt,
        "link": link,
        "snapshot": snapshot,
        "bundle": bundle,
        "ids": ids,
        "codec": codec,
    }
    sys.exit(tasks[cmd]())

# SPDX-License-Identifier: MIT
"""
Migrate reform records to fact-level provenance (issue #10 part 5).

    python tools/migrate_facts.py PATH [--answers DIR] [--out PATH] [--provisional]

PATH is a directory of reform files (``*.json``, or a data directory with
``reforms/*.json``) or one JSON file (a record, a list of records, or
``{"reforms": [...], "sources": [...]}``).  Files are rewritten in place
unless ``--out`` names another directory (or file, for a file).

What changes in each record (the OLD format is the one before 0.2.0):

- every object with ``"sources": [ids]``, at any depth (milestones, acts,
  penalty changes, figures, and any other), gets ``"citations": [{"source",
  "locator"}]`` instead: references to the record's own citations (the
  passages).  A source the record cites with ONE locator resolves by
  itself; any other (object, source) pair needs an answer;
- each measure (a bare string) becomes ``{"text", "citations"}``, or moves to
  ``"notes"`` when it is an editorial caveat.  In a record with exactly one
  citation a measure cites it (unless answered as a caveat); otherwise each
  measure needs an answer;
- each discrepancy gets the ``"path"`` of what it disputes, from the answers
  (paths are given in the OLD structure: a measure by its OLD index).

Answers are JSON files (``tools/migrations/facts/*.json`` by default; the
format is in docs/data-model.md): a list of ``{"reform": id, "items":
[...]}``.  Citation indices in answers are 0-based indices into the record's
OLD ``citations``; a full citation object in an answer is appended to the
record's citations.  ``text`` in an answer is checked against the record.

A record already in the new format passes through unchanged.  Without
``--provisional`` the script writes nothing and exits 1 when any item is
unanswered or an answer does not fit the record, listing every one.  With
``--provisional`` (for trying the new format only) an unanswered or
unfitting (fact, source) pair takes every passage of that source, a measure
every citation of the record, and a discrepancy the path ``summary``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = ROOT / "tools" / "migrations" / "facts"
PROVISIONAL_PATH = "summary"

Json = Any


class Answers:
    """Every answer, by reform id and item key."""

    def __init__(self) -> None:
        self.items: dict[str, dict[tuple[str, str | None], dict[str, Any]]] = {}
        self.problems: list[str] = []
        self.used: set[tuple[str, str, str | None]] = set()

    @classmethod
    def read(cls, folder: Path | None) -> Answers:
        """Every answer file in *folder* (none when it does not exist)."""
        out = cls()
        if folder is None or not folder.is_dir():
            return out
        for path in sorted(folder.glob("*.json")):
            try:
                doc = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                out.problems.append(f"{path.name}: not readable JSON ({e})")
                continue
            if not isinstance(doc, list):
                out.problems.append(f"{path.name}: expected a JSON list of {{reform, items}}")
                continue
            for n, entry in enumerate(doc):
                out._add(f"{path.name}[{n}]", entry)
        return out

    def _add(self, where: str, entry: Json) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("reform"), str):
            self.problems.append(f"{where}: expected an object with 'reform' (an id) and 'items'")
            return
        rid = entry["reform"]
        items = entry.get("items", [])
        if not isinstance(items, list):
            self.problems.append(f"{where} ({rid}): 'items' must be a list")
            return
        mine = self.items.setdefault(rid, {})
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("path"), str):
                self.problems.append(f"{where} ({rid}): an item without a 'path': {item!r}")
                continue
            source = item.get("source") if isinstance(item.get("source"), str) else None
            key = (item["path"], source)
            if key in mine and mine[key] != item:
                self.problems.append(f"{where} ({rid}): two different answers for {_key_text(key)}")
            mine[key] = item

    def get(self, rid: str, path: str, source: str | None = None) -> dict[str, Any] | None:
        """The answer for *path* (and *source*) in record *rid*, noted as used."""
        found = self.items.get(rid, {}).get((path, source))
        if found is not None:
            self.used.add((rid, path, source))
        return found

    def unused_keys(self, migrated: set[str]) -> list[tuple[str, str, str | None]]:
        """``(reform, path, source)`` of the answers for migrated records that matched nothing."""
        return [
            (rid, *key)
            for rid, items in sorted(self.items.items())
            if rid in migrated
            for key in items
            if (rid, *key) not in self.used
        ]

    def unused(self, migrated: set[str]) -> list[str]:
        """Answers for records that were migrated but matched no item."""
        return [
            f"reform {rid}: the answer for {_key_text((path, source))} matches nothing in it"
            for rid, path, source in self.unused_keys(migrated)
        ]


def _key_text(key: tuple[str, str | None]) -> str:
    return key[0] if key[1] is None else f"{key[0]} (source {key[1]})"


class Record:
    """One record being migrated, with the problems found on the way."""

    def __init__(self, doc: dict[str, Any], answers: Answers, *, provisional: bool) -> None:
        self.doc = doc
        self.id = str(doc.get("id", "?"))
        self.answers = answers
        self.provisional = provisional
        self.old_citations: list[dict[str, Any]] = list(doc.get("citations", []))
        self.citations: list[dict[str, Any]] = [dict(c) for c in self.old_citations]
        self.problems: list[str] = []
        self.guessed: list[str] = []

    # -- citations -------------------------------------------------------------

    def _candidates(self, source: str) -> list[int]:
        return [i for i, c in enumerate(self.old_citations) if c.get("source") == source]

    def _listing(self, indices: list[int]) -> str:
        return "; ".join(f"{i}: {self.old_citations[i].get('locator')!r}" for i in indices)

    def _resolve(self, entry: Json, where: str) -> int | None:
        """The index (in the new citations) of an answer's citation entry."""
        if isinstance(entry, int) and not isinstance(entry, bool):
            if 0 <= entry < len(self.old_citations):
                return entry
            self.problems.append(
                f"reform {self.id}: {where}: citation index {entry} is out of range "
                f"(the record has {len(self.old_citations)} citations: 0 to "
                f"{len(self.old_citations) - 1})"
            )
            return None
        if isinstance(entry, dict) and {"source", "locator", "confidence"} <= set(entry):
            new = {"source": entry["source"], "confidence": entry["confidence"]}
            new["locator"] = entry["locator"]
            for i, c in enumerate(self.citations):
                if (c.get("source"), c.get("locator")) == (new["source"], new["locator"]):
                    if c.get("confidence") != new["confidence"]:
                        self.problems.append(
                            f"reform {self.id}: {where}: the new citation {new['source']}, "
                            f"{new['locator']!r} is already citation {i} with confidence "
                            f"{c.get('confidence')!r}, not {new['confidence']!r}"
                        )
                    return i
            self.citations.append(new)
            return len(self.citations) - 1
        self.problems.append(
            f"reform {self.id}: {where}: {entry!r} is not a citation index or a full "
            "citation object {source, locator, confidence}"
        )
        return None

    def _refs(self, indices: list[int], where: str) -> list[dict[str, str]] | None:
        out: list[dict[str, str]] = []
        for i in dict.fromkeys(indices):
            c = self.citations[i]
            if not c.get("locator"):
                self.problems.append(
                    f"reform {self.id}: {where}: citation {i} ({c.get('source')}) has no "
                    "locator; give it one (the passage) before migrating"
                )
                return None
            out.append({"source": c["source"], "locator": c["locator"]})
        return out

    def _answered(self, item: dict[str, Any], where: str, source: str | None) -> list[int] | None:
        raw = item.get("citations")
        if not isinstance(raw, list) or not raw:
            self.problems.append(f"reform {self.id}: {where}: the answer gives no citations")
            return None
        found = [self._resolve(e, where) for e in raw]
        if any(i is None for i in found):
            return None
        indices = [i for i in found if i is not None]
        if source is not None:
            wrong = [i for i in indices if self.citations[i].get("source") != source]
            if wrong:
                self.problems.append(
                    f"reform {self.id}: {where}: citations {wrong} are not of source {source!r} "
                    f"(its citations: {self._listing(self._candidates(source))})"
                )
                return None
        return indices

    # -- facts -----------------------------------------------------------------

    def fact(self, obj: dict[str, Any], path: str) -> dict[str, Any]:
        """*obj* with its ``sources`` turned into ``citations``."""
        indices: list[int] = []
        sources = obj.get("sources", [])
        for source in sources if isinstance(sources, list) else []:
            indices.extend(self._fact_source(path, source))
        refs = self._refs(sorted(dict.fromkeys(indices)), path) or []
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if k != "sources":
                out[k] = v
            elif refs:
                out["citations"] = refs
        return out

    def _fact_source(self, path: str, source: str) -> list[int]:
        candidates = self._candidates(source)
        item = self.answers.get(self.id, path, source)
        where = f"{path} (source {source})"
        if item is not None:
            got = self._answered(item, where, source)
            if got is not None:
                return got
        elif len(candidates) == 1:
            return candidates
        elif not candidates:
            self.problems.append(
                f"reform {self.id}: {where}: the record does not cite this source "
                "(add a citation of it, then migrate)"
            )
            return []
        else:
            self.problems.append(
                f"reform {self.id}: {where}: unanswered; which of the source's passages "
                f"state this fact? candidates {self._listing(candidates)}"
            )
        self.guessed.append(where)
        return candidates

    # -- measures and discrepancies ----------------------------------------------

    def measures(self) -> dict[int, str]:
        """Migrate the measures; returns the OLD index -> new path of each."""
        old = self.doc.get("measures")
        if not isinstance(old, list):
            return {}
        kept: list[Any] = []
        notes: list[str] = list(self.doc.get("notes", []))
        moved: dict[int, str] = {}
        for k, m in enumerate(old):
            if not isinstance(m, str):  # already new
                moved[k] = f"measures[{len(kept)}]"
                kept.append(m)
                continue
            caveat, refs = self._measure(k, m)
            if caveat:
                moved[k] = f"notes[{len(notes)}]"
                notes.append(m)
            else:
                moved[k] = f"measures[{len(kept)}]"
                kept.append({"text": m, "citations": refs} if refs else {"text": m})
        self.doc = _put_after(self.doc, "measures", kept, "notes", notes)
        return moved

    def _measure(self, k: int, text: str) -> tuple[bool, list[dict[str, str]]]:
        path = f"measures[{k}]"
        item = self.answers.get(self.id, path)
        every = list(range(len(self.old_citations)))
        if item is not None:
            if "text" in item and item["text"] != text:
                self.problems.append(
                    f"reform {self.id}: {path}: the answer's text does not match the record "
                    f"(answer: {str(item['text'])[:60]!r}...; record: {text[:60]!r}...)"
                )
            elif item.get("caveat") is True:
                return True, []
            elif item.get("caveat") not in (False, None):
                self.problems.append(f"reform {self.id}: {path}: 'caveat' must be true or false")
            else:
                got = self._answered(item, path, None)
                if got is not None:
                    return False, self._refs(got, path) or []
        elif len(self.old_citations) == 1:
            return False, self._refs([0], path) or []
        else:
            self.problems.append(
                f"reform {self.id}: {path}: unanswered (fact or caveat, and which "
                f"citations): {text[:80]!r}"
            )
        self.guessed.append(path)
        return False, self._refs(every, path) or []

    def discrepancies(self, moved: dict[int, str]) -> None:
        """Give each discrepancy its path (*moved*: where each OLD measure went)."""
        old = self.doc.get("discrepancies")
        if not isinstance(old, list):
            return
        out = []
        for i, d in enumerate(old):
            if not isinstance(d, dict) or "path" in d:
                out.append(d)
                continue
            where = f"discrepancies[{i}]"
            item = self.answers.get(self.id, where)
            path = item.get("disputes") if item is not None else None
            if item is None:
                self.problems.append(
                    f"reform {self.id}: {where}: unanswered; what does it dispute? "
                    f"(subject: {d.get('subject')!r})"
                )
            elif not isinstance(path, str) or not path:
                self.problems.append(f"reform {self.id}: {where}: 'disputes' must be a path")
            if not isinstance(path, str) or not path:
                self.guessed.append(where)
                path = PROVISIONAL_PATH
            out.append({**d, "path": _renumber(path, moved)})
        self.doc = {**self.doc, "discrepancies": out}

    def migrate(self) -> dict[str, Any]:
        """The record in the new format (problems and guesses collected on the way)."""
        self.doc = _walk(self.doc, "", self)
        moved = self.measures()
        self.discrepancies(moved)
        if len(self.citations) != len(self.old_citations):
            self.doc = {**self.doc, "citations": self.citations}
        return self.doc


def _walk(value: Json, path: str, rec: Record) -> Json:
    """*value* with every object holding ``sources`` migrated, at any depth."""
    if isinstance(value, list):
        return [_walk(v, f"{path}[{i}]", rec) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return value
    out = {
        k: v
        if (path == "" and k in ("citations", "discrepancies", "measures"))
        else _walk(v, f"{path}.{k}" if path else k, rec)
        for k, v in value.items()
    }
    return rec.fact(out, path) if "sources" in out and path else out


def _put_after(
    doc: dict[str, Any], key: str, value: list[Any], extra: str, more: list[Any]
) -> dict[str, Any]:
    """*doc* with *key* set to *value*, *extra* to *more* right after it (empty lists dropped)."""
    out: dict[str, Any] = {}
    for k, v in doc.items():
        if k == extra:
            continue
        if k != key:
            out[k] = v
            continue
        if value:
            out[key] = value
        if more:
            out[extra] = more
    return out


def _renumber(path: str, moved: dict[int, str]) -> str:
    """A path in the OLD structure, with ``measures[k]`` at its start renumbered."""
    if not path.startswith("measures["):
        return path
    head, _, rest = path.partition("]")
    try:
        k = int(head.removeprefix("measures["))
    except ValueError:
        return path
    return moved.get(k, head + "]") + rest


def is_new(doc: Json) -> bool:
    """Whether a record is already in the new format (nothing left to migrate)."""
    if not isinstance(doc, dict):
        return True
    if any(isinstance(m, str) for m in doc.get("measures", [])):
        return False
    if any(isinstance(d, dict) and "path" not in d for d in doc.get("discrepancies", [])):
        return False
    return not any(True for _ in _with_sources(doc))


def _with_sources(value: Json) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for v in value:
            yield from _with_sources(v)
    elif isinstance(value, dict):
        if "sources" in value:
            yield value
        for v in value.values():
            yield from _with_sources(v)


def migrate_record(
    doc: dict[str, Any], answers: Answers, *, provisional: bool = False
) -> tuple[dict[str, Any], list[str], list[str]]:
    """The migrated record, the problems found and the items guessed (provisional)."""
    if is_new(doc):
        return doc, [], []
    rec = Record(doc, answers, provisional=provisional)
    return rec.migrate(), rec.problems, rec.guessed


def dump(doc: Json) -> str:
    """JSON text in the style of the data files."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def _records(doc: Json) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("reforms"), list):
        return list(doc["reforms"])
    return [doc]


def _replace(doc: Json, records: list[Any]) -> Json:
    if isinstance(doc, list):
        return records
    if isinstance(doc, dict) and isinstance(doc.get("reforms"), list):
        return {**doc, "reforms": records}
    return records[0]


def migrate_files(
    files: list[Path], answers: Answers, *, provisional: bool = False
) -> tuple[dict[Path, str], list[str], list[str]]:
    """Each file's new text, every problem and every guessed item."""
    texts: dict[Path, str] = {}
    problems = list(answers.problems)
    guessed: list[str] = []
    migrated: set[str] = set()
    for path in files:
        original = path.read_text(encoding="utf-8")
        doc = json.loads(original)
        out = []
        changed = False
        for r in _records(doc):
            if not isinstance(r, dict):
                out.append(r)
                continue
            new, found, guesses = migrate_record(r, answers, provisional=provisional)
            if new is not r:
                migrated.add(str(r.get("id")))
                changed = True
            problems.extend(f"{path.name}: {p}" for p in found)
            guessed.extend(f"{path.name}: {g}" for g in guesses)
            out.append(new)
        # A file with nothing to migrate is left as it is, byte for byte.
        texts[path] = dump(_replace(doc, out)) if changed else original
    problems.extend(answers.unused(migrated))
    return texts, problems, guessed


def save_old(files: list[Path], target: Path) -> None:
    """The records of *files* as they are, as one compressed JSON list (byte-stable)."""
    import gzip

    records = [r for f in files for r in _records(json.loads(f.read_text(encoding="utf-8")))]
    raw = (json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out, gzip.GzipFile("", "wb", fileobj=out, mtime=0) as z:
        z.write(raw)


def _inputs(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    folder = path / "reforms" if (path / "reforms").is_dir() else path
    return sorted(folder.glob("*.json"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("path", type=Path, help="a directory of reform files, or one JSON file")
    p.add_argument("--answers", type=Path, default=ANSWERS, help=f"default: {ANSWERS}")
    p.add_argument("--out", type=Path, help="write here instead of in place")
    p.add_argument(
        "--save-old",
        type=Path,
        metavar="FILE.json.gz",
        help="also save the records as read (before migrating) there, compressed: the "
        "fixture of the no-fact-lost test (tests/fixtures/facts-old-reforms.json.gz)",
    )
    p.add_argument(
        "--provisional",
        action="store_true",
        help="fill unanswered items with every candidate passage (for trying only)",
    )
    args = p.parse_args(argv)
    files = _inputs(args.path)
    if not files:
        print(f"{args.path}: no JSON files found", file=sys.stderr)
        return 2
    if args.save_old is not None:
        save_old(files, args.save_old)
    answers = Answers.read(args.answers)
    texts, problems, guessed = migrate_files(files, answers, provisional=args.provisional)
    if problems and not args.provisional:
        print(f"{len(problems)} item(s) unanswered or inconsistent:", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        print("nothing written", file=sys.stderr)
        return 1
    written = 0
    for path, text in texts.items():
        if args.out is None:
            target = path
        elif args.path.is_file():
            target = args.out
        else:
            target = args.out / path.relative_to(files[0].parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written += 1
    if args.provisional and (problems or guessed):
        print(
            f"PROVISIONAL: {len(guessed)} item(s) filled with every candidate, "
            f"{len(problems)} problem(s) passed over",
            file=sys.stderr,
        )
    print(f"migrated {len(files)} file(s), {written} written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

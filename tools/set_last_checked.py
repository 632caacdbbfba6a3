# SPDX-License-Identifier: MIT
"""
One-off (issue 11): give every packaged record ``last_checked`` and the
``background`` flag the dataset rule asks for.

    python tools/set_last_checked.py 2026-03-18

Records that already say when they were last checked keep their day; the
background flag is set from the earliest milestone (before 2019 = background).
Files are rewritten in canonical form (``dumps(loads(...))``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kzreforms import Reform, dumps, loads
from kzreforms._dates import PartialDate
from kzreforms._model import BACKGROUND_BEFORE

DATA = Path(__file__).resolve().parent.parent / "src" / "kzreforms" / "data" / "reforms"


def main(day: str) -> int:
    for p in sorted(DATA.glob("*.json")):
        doc = json.loads(p.read_text(encoding="utf-8"))
        doc.setdefault("last_checked", day)
        first = PartialDate.fromisoformat(doc["milestones"][0]["date"])
        if first.earliest < BACKGROUND_BEFORE:
            doc["background"] = True
            print(f"background: {doc['id']} ({first})")
        else:
            doc.pop("background", None)
        text = dumps(loads(json.dumps(doc, ensure_ascii=False), Reform))
        if text != p.read_text(encoding="utf-8"):
            p.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))

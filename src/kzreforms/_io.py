# SPDX-License-Identifier: MIT
"""Reading a user's own data: a JSON file, a directory of files, or JSON text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ._errors import DataLoadError, InvalidTypeError

__all__ = ["read_user_data"]

Items = list[tuple[str, Any]]


def read_user_data(data: str | bytes | Path) -> tuple[Items, Items]:
    """
    Decode a user's data into ``(sources, reforms)`` lists of
    ``(where, decoded JSON)`` items.

    A ``Path`` (or a string naming an existing path) is read from disk; any
    other string or bytes is taken as JSON text.
    """
    from ._convert import decode_json  # noqa: PLC0415 - cattrs on first use

    if isinstance(data, Path) or (isinstance(data, str) and _looks_like_path(data)):
        path = Path(data)
        if path.is_dir():
            # Issue 7: read both folders before failing, so that one error
            # lists the broken files of both (sources used to hide reforms).
            problems: list[str] = []
            sources, reforms = (
                _items(path / "sources", problems),
                _items(path / "reforms", problems),
            )
            if problems:
                raise DataLoadError(problems)
            return sources, reforms
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise DataLoadError([f"{path}: cannot read ({e.strerror or e})"]) from None
        return _split(decode_json(raw, where=str(path)), str(path))
    if isinstance(data, (str, bytes, bytearray)):
        return _split(decode_json(data, where="<json>"), "<json>")
    raise InvalidTypeError("data", data, "a path, or JSON text as str or bytes")


def _looks_like_path(s: str) -> bool:
    t = s.strip()
    if not t or t[0] in "[{":
        return False
    try:
        return Path(t).exists() or t.endswith(".json") or "/" in t
    except (OSError, ValueError):
        return False


def _items(folder: Path, problems: list[str]) -> Items:
    """Decode every ``*.json`` file in *folder*, adding failures to *problems*."""
    from ._convert import decode_json  # noqa: PLC0415

    if not folder.is_dir():
        return []
    out: Items = []
    for p in sorted(folder.glob("*.json")):
        try:
            out.append((str(p), decode_json(p.read_bytes(), where=str(p))))
        except DataLoadError as e:
            problems.extend(e.problems)
    return out


def _split(doc: Any, where: str) -> tuple[Items, Items]:
    if isinstance(doc, list):
        return [], [(f"{where}[{i}]", r) for i, r in enumerate(doc)]
    if isinstance(doc, dict) and "reforms" in doc:
        extra = sorted(set(doc) - {"reforms", "sources"})
        if extra:
            raise DataLoadError(
                [f"{where}: unknown top-level key(s) {extra}; accepted: reforms, sources"]
            )
        reforms, sources = doc.get("reforms"), doc.get("sources", [])
        if not isinstance(reforms, list) or not isinstance(sources, list):
            raise DataLoadError([f"{where}: 'reforms' and 'sources' must be JSON lists"])
        return (
            [(f"{where} sources[{i}]", s) for i, s in enumerate(sources)],
            [(f"{where} reforms[{i}]", r) for i, r in enumerate(reforms)],
        )
    if isinstance(doc, dict):
        return [], [(where, doc)]
    raise DataLoadError([f"{where}: expected a list of reforms or an object with 'reforms'"])

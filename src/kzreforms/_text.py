# SPDX-License-Identifier: MIT
"""
Text normalisation, in one place: how names are compared and how text is
folded for search.

- :func:`norm_name` turns what people type for a name (``"Domestic
  Violence"``, ``"DOMESTIC_VIOLENCE"``) into the slug form the library uses.
- :func:`fold` turns text into its search form: case-folded, accents and
  compatibility forms removed, typographic quotes and apostrophes made plain,
  Kazakh letters folded to the Russian letters people type for them on a
  Russian keyboard, and number markers (``No.``, ``№``) dropped before digits,
  so that ``"women’s"`` finds ``"women's"``, ``"№72-VIII"`` and ``"Law 72"``
  find ``"Law No. 72-VIII"``, and ``"қазақстан"`` finds ``"казахстан"``.

This module is the bottom layer: it imports only the standard library.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_QUERY_CHARS", "MAX_QUERY_WORDS", "fold", "norm_name", "phrase_in", "words"]


MAX_QUERY_CHARS = 200
"""
The longest search text, in characters, before and after folding (round two:
a 1 MB query took 30 s, and one character grows eighteen-fold under NFKD).
"""
MAX_QUERY_WORDS = 20
"""The most words a search text may hold."""


def norm_name(text: str) -> str:
    """The slug form of a name: stripped, lower case, ``_`` and spaces as ``-``."""
    return text.strip().lower().replace("_", "-").replace(" ", "-")


# Typographic quotes and apostrophes people paste, and their plain forms.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark (the usual apostrophe)
        "\u201b": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "`": "'",
        "\u00b4": "'",  # acute accent
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',  # guillemets, as Russian and Kazakh texts quote
        "\u00bb": '"',
    }
)
# Kazakh letters and the Russian letters typed for them (after case folding).
_KAZAKH = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
    }
)
# "No. 72", "No 72", "Nr. 72", "№ 72", "#72": the marker goes, the number stays.
_NUMBER_MARK = re.compile(r"(?:(?<![^\W\d_])(?:no|nr)\.?|№|#)\s*(?=\d)")


def fold(text: str) -> str:
    """The search form of *text* (see the module docstring)."""
    s = text.translate(_QUOTES).casefold()
    s = _NUMBER_MARK.sub("", s)
    s = s.translate(_KAZAKH)
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(folded: str) -> list[str]:
    """The runs of letters and digits in *folded* text, in order."""
    out: list[str] = []
    cur: list[str] = []
    for ch in folded:
        if ch.isalnum():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def phrase_in(q: str, blob: str) -> bool:
    """Whether *q* occurs in *blob* starting at a word boundary (both folded)."""
    if not q[0].isalnum():
        return q in blob
    i = blob.find(q)
    while i != -1:
        if i == 0 or not blob[i - 1].isalnum():
            return True
        i = blob.find(q, i + 1)
    return False

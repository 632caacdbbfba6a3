# SPDX-License-Identifier: MIT
# ruff: noqa: RUF001, ISC004, C901 - the titles are Cyrillic as the pages print them
"""
One-off (issue 11): official Russian / Kazakh titles and adilet codes of the
acts already in the data, from research/official-titles.md (only titles an
official adilet page, its mirror zakon.uchet.kz, or a legal database prints
as the act's heading; news renderings are left out).

    python tools/add_official_titles.py

Registers the pages not yet in the source registry, appends one citation per
new page to the record that uses it, and never reorders or deletes anything.
Running it twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from kzreforms import Reform, Source, dumps, loads

DATA = Path(__file__).resolve().parent.parent / "src" / "kzreforms" / "data"
ADILET = "Adilet legal information system (Ministry of Justice)"
HEADING = "page heading and the requisites line under it"

# id -> (title as the page gives it, publisher, kind, url, published, note)
SOURCES: dict[str, tuple[str, str, str, str, str | None, str]] = {
    "adilet-law-110-viii-human-trafficking-rus": (
        "О противодействии торговле людьми",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/rus/docs/Z2400000110/compare/kaz",
        "2024-07-05",
        "Russian/Kazakh compare view of Law No. 110-VIII on adilet.",
    ),
    "adilet-law-292-vi-kaz": (
        "Қазақстан Республикасының кейбір заңнамалық актілеріне қылмыстық, қылмыстық-процестік "
        "заңнаманы жетілдіру және жеке адам құқықтарының қорғалуын күшейту мәселелері бойынша "
        "өзгерістер мен толықтырулар енгізу туралы",
        ADILET,
        "official-text",
        "http://adilet.zan.kz/kaz/docs/Z1900000292/compare",
        "2019-12-27",
        "Kazakh compare view of Law No. 292-VI on adilet (the page writes the number with a "
        "Cyrillic I).",
    ),
    "adilet-law-333-vi-peaceful-assemblies-kaz": (
        "Қазақстан Республикасында бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/kaz/docs/Z2000000333/compare/eng",
        "2020-05-25",
        "Kazakh/English compare view of Law No. 333-VI on adilet.",
    ),
    "adilet-decree-802-anti-corruption-concept-rus": (
        "Об утверждении Концепции антикоррупционной политики Республики Казахстан на "
        "2022 - 2026 годы и внесении изменений в некоторые указы Президента Республики Казахстан",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/rus/docs/U2200000802/compare",
        "2022-02-02",
        "Russian compare view of Presidential Decree No. 802 on adilet.",
    ),
    "adilet-law-90-vii-ombudsman-rus": (
        "Об Уполномоченном по правам человека в Республике Казахстан",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/rus/docs/Z2100000090/compare/eng",
        "2021-12-29",
        "Russian/English compare view of Law No. 90-VII on adilet, with the note that "
        "Constitutional Law No. 154-VII repealed it.",
    ),
    "bestprofi-constitutional-law-153-vii": (
        "О Конституционном Суде Республики Казахстан",
        "Bestprofi.com",
        "legal-database",
        "https://bestprofi.com/m/document/section/2817743592",
        None,
        "An unofficial copy of Constitutional Law No. 153-VII (version as of 1 January 2024).",
    ),
    "adilet-constitutional-law-154-vii-kaz": (
        "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл туралы",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/kaz/docs/Z2200000154/compare/rus",
        "2022-11-05",
        "Kazakh/Russian compare view of Constitutional Law No. 154-VII on adilet.",
    ),
    "uchet-constitutional-law-339-vi": (
        "О внесении дополнений в Конституционный закон Республики Казахстан "
        '"О Парламенте Республики Казахстан и статусе его депутатов"',
        "Zakon.uchet.kz",
        "legal-database",
        "https://zakon.uchet.kz/rus/docs/Z2000000339",
        "2020-06-02",
        "A mirror of the adilet text of Constitutional Law No. 339-VI (the page writes the "
        "number with a Cyrillic I).",
    ),
    "prg-kz-ecological-code-400-vi-kaz": (
        "Қазақстан Республикасының Экология Кодексі",
        "Prg.kz",
        "legal-database",
        "https://prg-online-web.prgapp.kz/document/?doc_id=33339998",
        None,
        "Kazakh text of Code No. 400-VI, with the amendments to 16 March 2025.",
    ),
    "adilet-ecological-code-400-vi-eng": (
        "ECOLOGICAL CODE OF THE REPUBLIC OF KAZAKHSTAN",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/eng/docs/K2100000400/compare/rus",
        "2021-01-02",
        "English/Russian compare view of Code No. 400-VI on adilet.",
    ),
    "adilet-law-121-jurors-rus": (
        "О присяжных заседателях",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/rus/docs/Z060000121_",
        "2006-01-16",
        "Russian text of Law No. 121 on jurors on adilet, with amendment notes.",
    ),
    "continent-online-law-21-viii": (
        "О возврате государству незаконно приобретенных активов",
        "Continent Online",
        "legal-database",
        "https://continent-online.com/Document/?doc_id=38564056",
        None,
        "Russian-language legal-database page of Law No. 21-VIII.",
    ),
    "adilet-law-21-viii-asset-recovery-kaz": (
        "Заңсыз иемденілген активтерді мемлекетке қайтару туралы",
        ADILET,
        "official-text",
        "https://adilet.zan.kz/kaz/docs/Z2300000021",
        "2023-07-12",
        "Kazakh text of Law No. 21-VIII on adilet.",
    ),
    "uchet-law-31-viii-kaz": (
        "Қазақстан Республикасының кейбір заңнамалық актілеріне қоғамдық бақылау, әкімшілік "
        "рәсімдерді жетілдіру мәселелері бойынша өзгерістер мен толықтырулар енгізу туралы",
        "Zakon.uchet.kz",
        "legal-database",
        "https://zakon.uchet.kz/kaz/docs/Z2300000031",
        "2023-10-02",
        "A mirror of the adilet Kazakh text of Law No. 31-VIII.",
    ),
    "continent-online-law-93-viii": (
        "О масс-медиа",
        "Continent Online",
        "legal-database",
        "https://continent-online.com/Document/?doc_id=38665430&mode=p",
        None,
        "Russian-language legal-database page of Law No. 93-VIII.",
    ),
}

NEW_CITE_LOCATOR = {
    "bestprofi-constitutional-law-153-vii": "section page header",
    "prg-kz-ecological-code-400-vi-kaz": "document title line",
    "continent-online-law-21-viii": "document heading",
    "continent-online-law-93-viii": "document heading",
    "adilet-ecological-code-400-vi-eng": "page heading",
}
CONFIDENCE = {"legal-database": "medium", "official-text": "high"}

# (record, act number or (kind, date)) -> changes
ACTS: list[tuple[str, str | tuple[str, str], dict[str, object]]] = [
    (
        "human-trafficking-law-2024",
        "110-VIII",
        {
            "titles": [("ru", "adilet-law-110-viii-human-trafficking-rus")],
            "adilet": "Z2400000110",
        },
    ),
    (
        "criminal-code-amendments-2019-12",
        "292-VI",
        {"titles": [("kk", "adilet-law-292-vi-kaz")], "adilet": "Z1900000292"},
    ),
    (
        "peaceful-assemblies-law-2020",
        "333-VI",
        {"titles": [("kk", "adilet-law-333-vi-peaceful-assemblies-kaz")], "adilet": "Z2000000333"},
    ),
    (
        "anti-corruption-policy-concept-2022-2026",
        ("presidential-decree", "2022-02-02"),
        {
            "titles": [("ru", "adilet-decree-802-anti-corruption-concept-rus")],
            "adilet": "U2200000802",
            "number": "802",
        },
    ),
    (
        "commissioner-for-human-rights-law-2021",
        "90-VII",
        {
            "titles": [
                ("ru", "adilet-law-90-vii-ombudsman-rus"),
                (
                    "kk",
                    "adilet-law-90-vii-ombudsman",
                    "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл туралы",
                ),
            ],
            "adilet": "Z2100000090",
        },
    ),
    (
        "constitutional-court",
        "153-VII",
        {"titles": [("ru", "bestprofi-constitutional-law-153-vii")], "adilet": "Z2200000153"},
    ),
    (
        "ombudsman-constitutional-status",
        "154-VII",
        {"titles": [("kk", "adilet-constitutional-law-154-vii-kaz")], "adilet": "Z2200000154"},
    ),
    (
        "optional-protocols-ratification-2023",
        "47-VIII",
        {
            "titles": [
                (
                    "kk",
                    "adilet-law-47-viii-crc-protocol-ratification",
                    "Бала құқықтары туралы конвенцияға хабарлар рәсіміне қатысты факультативтік "
                    "хаттаманы ратификациялау туралы",
                )
            ],
            "adilet": "Z2300000047",
        },
    ),
    (
        "parliamentary-opposition-amendments-2020",
        ("constitutional-law", ""),
        {
            "titles": [("ru", "uchet-constitutional-law-339-vi")],
            "adilet": "Z2000000339",
            "number": "339-VI",
            "date": "2020-06-02",
        },
    ),
    (
        "party-list-quota-disability-2022",
        "105-VII",
        {
            "titles": [
                (
                    "ru",
                    "bestprofi-constitutional-law-105-vii",
                    "О внесении изменений и дополнений в некоторые конституционные законы "
                    "Республики Казахстан",
                )
            ]
        },
    ),
    (
        "ecological-code-2021",
        "400-VI",
        {
            "titles": [("kk", "prg-kz-ecological-code-400-vi-kaz")],
            "adilet": "K2100000400",
            "also": ["adilet-ecological-code-400-vi-eng"],
        },
    ),
    (
        "environmental-liability-law-2023",
        "186-VII",
        {
            "titles": [
                (
                    "ru",
                    "adilet-law-186-vii",
                    "О внесении изменений и дополнений в Уголовный и Уголовно-процессуальный "
                    "кодексы Республики Казахстан по вопросам усиления ответственности за "
                    "экологические правонарушения и проявления вандализма",
                )
            ],
            "adilet": "Z2300000186",
        },
    ),
    (
        "juror-selection-automation-2022",
        "121",
        {"titles": [("ru", "adilet-law-121-jurors-rus")], "adilet": "Z060000121_"},
    ),
    (
        "asset-recovery-law-2023",
        "21-VIII",
        {
            "titles": [
                ("ru", "continent-online-law-21-viii"),
                ("kk", "adilet-law-21-viii-asset-recovery-kaz"),
            ],
            "adilet": "Z2300000021",
        },
    ),
    (
        "public-control-law-2023",
        "30-VIII",
        {
            "titles": [("kk", "adilet-law-30-viii-public-control-kaz", "Қоғамдық бақылау туралы")],
            "adilet": "Z2300000030",
        },
    ),
    (
        "public-control-law-2023",
        ("law", "2023-10"),
        {
            "titles": [("kk", "uchet-law-31-viii-kaz")],
            "adilet": "Z2300000031",
            "number": "31-VIII",
            "date": "2023-10-02",
        },
    ),
    (
        "mass-media-law-2024",
        "93-VIII",
        {"titles": [("ru", "continent-online-law-93-viii")], "adilet": "Z2400000093"},
    ),
    # Codes in the address of an adilet page the record already cites for the act.
    ("national-council-of-public-trust", "63", {"adilet": "U190000063U"}),
    ("administrative-procedural-code", "350-VI", {"adilet": "K2000000350"}),
    ("social-code-2023", "224-VII", {"adilet": "K2300000224"}),
    ("rural-akim-direct-elections", "41-VII", {"adilet": "Z2100000041"}),
    ("rural-akim-direct-elections", "163", {"adilet": "P2100000163"}),
    ("concept-of-inclusive-policy-2025-2030", "1143", {"adilet": "P2400001143"}),
]


def _source(sid: str) -> dict[str, object]:
    title, publisher, kind, url, published, note = SOURCES[sid]
    doc: dict[str, object] = {"id": sid, "title": title, "publisher": publisher, "kind": kind}
    if published:
        doc["published"] = published
    doc["url"] = url
    doc["note"] = note
    return doc


def _find(
    acts: list[dict[str, object]], key: str | tuple[str, str], number: object
) -> dict[str, object]:
    if isinstance(key, str):
        hits = [a for a in acts if a.get("number") == key]
    else:  # an act without a number, or the number this script gave it
        kind, date = key
        hits = [
            a
            for a in acts
            if a["kind"] == kind and (a.get("date", "") == date or a.get("number") == number)
        ]
    if len(hits) != 1:
        raise SystemExit(f"act {key!r}: {len(hits)} matches")
    return hits[0]


def main() -> int:
    for sid in SOURCES:
        path = DATA / "sources" / f"{sid}.json"
        text = dumps(loads(json.dumps(_source(sid), ensure_ascii=False), Source))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"source: {sid}")
    for rid, key, change in ACTS:
        path = DATA / "reforms" / f"{rid}.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        act = _find(doc["acts"], key, change.get("number"))
        cited = {c["source"] for c in doc["citations"]}
        used: list[str] = []
        titles = act.setdefault("official_titles", [])
        for entry in change.get("titles", []):  # type: ignore[attr-defined]
            lang, sid, *given = entry
            title = given[0] if given else SOURCES[sid][0]
            if not any(t["lang"] == lang and t["title"] == title for t in titles):
                titles.append({"lang": lang, "title": title, "sources": [sid]})
            used.append(sid)
        used.extend(change.get("also", []))  # type: ignore[arg-type]
        if not titles:
            del act["official_titles"]
        for field in ("adilet", "number", "date"):
            if field in change:
                act[field] = change[field]
        for sid in used:
            if sid not in cited:
                kind = SOURCES[sid][2]
                doc["citations"].append(
                    {
                        "source": sid,
                        "locator": NEW_CITE_LOCATOR.get(sid, HEADING),
                        "confidence": CONFIDENCE[kind],
                    }
                )
                cited.add(sid)
        if "number" in change or "date" in change or "also" in change:
            act["sources"] = sorted({*act.get("sources", []), *used})
        text = dumps(loads(json.dumps(doc, ensure_ascii=False), Reform))
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            print(f"reform: {rid} ({key})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

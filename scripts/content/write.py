#!/usr/bin/env python3
"""Writes content/info/<lang>/<slug>.md from the translation tables in this folder.

The Markdown files are what the station serves and admins edit; these tables are only how the
first versions were written (one place per language). Re-running overwrites the shipped files.
"""
import importlib, json, pathlib, sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent / "content" / "info"
META = {
    "asylum": (1, "rights", "UNHCR Help Romania", "https://help.unhcr.org/romania/"),
    "protection": (2, "protection", "UNHCR Help Romania", "https://help.unhcr.org/romania/"),
    "document": (3, "document", "IGI (General Inspectorate for Immigration)", "https://igi.mai.gov.ro/"),
    "where": (4, "legal", "JRS Romania", "https://www.jrsromania.org/"),
    "emergency": (5, "emergency", "UNHCR Help Romania", "https://help.unhcr.org/romania/"),
}
CHECKED = "2026-11-30"

sys.path.insert(0, str(HERE))
for mod in sorted(p.stem for p in HERE.glob("pages_*.py")):
    for lang, pages in importlib.import_module(mod).PAGES.items():
        d = ROOT / lang
        d.mkdir(parents=True, exist_ok=True)
        for slug, (title, blocks) in pages.items():
            order, icon, source, url = META[slug]
            text = (
                f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nicon: {icon}\norder: {order}\nsource: {source}\n"
                f"sourceUrl: {url}\nchecked: {CHECKED}\n---\n\n" + "\n\n".join(blocks) + "\n"
            )
            (d / f"{slug}.md").write_text(text, encoding="utf-8")

#!/usr/bin/env python3
"""Writes content/screen/<lang>.json from the tables in screen_*.py, keyed as content/screen/en.json."""
import importlib, json, pathlib, sys

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE.parent.parent / "content" / "screen"
keys = list(json.loads((OUT / "en.json").read_text(encoding="utf-8")).keys())
sys.path.insert(0, str(HERE))
for mod in sorted(p.stem for p in HERE.glob("screen_*.py")):
    for lang, values in importlib.import_module(mod).SCREEN.items():
        if len(values) != len(keys):
            sys.exit(f"{lang}: {len(values)} words for {len(keys)} keys")
        (OUT / f"{lang}.json").write_text(json.dumps(dict(zip(keys, values)), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

"""Every string the day-swap, plan, export and fair-share code uses exists in Chinese
and English, with the same fields in both."""

from __future__ import annotations

import re
import string
from pathlib import Path

from dutyboard.i18n import CATALOG
from dutyboard.i18n.catalogues import swap as swap_strings

ROOT = Path(__file__).resolve().parents[1] / "dutyboard"
SOURCES = [
    "cli/swap.py",
    "io/exports.py",
    "views/tomorrow.py",
    "tui/tomorrow.py",
    "tui/header.py",
]
KEY = re.compile(r"""\b(?:t|tr)\(\s*f?["']([a-z_]+\.[a-z_.{}']+)["']""")
BINDING_ID = re.compile(r"""id="(key\.[a-z_]+|tab\.[a-z_]+)\"""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for name in SOURCES:
        text = (ROOT / name).read_text(encoding="utf-8")
        for key in KEY.findall(text):
            if "{" in key:  # t(f"export.kind.{k}") and the like: every value below
                prefix = key.split("{")[0]
                assert any(k.startswith(prefix) for k in CATALOG), key
                continue
            keys.add(key)
        keys |= set(BINDING_ID.findall(text))
    keys |= {f"export.kind.{k}" for k in ("roster", "deliveries", "disinfection", "handover")}
    keys |= {f"export.format.{f}" for f in ("text", "csv", "md", "json")}
    keys |= {f"undo.action.{a}" for a in ("swap", "plan_copy", "plan_rotation", "unassign")}
    keys |= {"task.carried", "tab.tomorrow"}
    return keys


def test_every_key_used_exists() -> None:
    keys = used_keys()
    assert len(keys) > 40
    assert sorted(keys - CATALOG.keys()) == []


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_languages_with_the_same_fields() -> None:
    for key, (zh, en) in swap_strings.STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key

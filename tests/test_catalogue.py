"""Every catalogue entry has a Chinese and an English text with the same placeholders."""

from __future__ import annotations

import string

from dutyboard.i18n import CATALOG


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# Each language names what reads naturally in it: the Chinese refusal does not
# repeat the English action text, and a slot's name comes in its own language.
DIFFERENT_ON_PURPOSE = {"refused.not_leader", "refused.already_there"}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    bad = [
        key
        for key, (zh, en) in CATALOG.items()
        if not zh.strip()
        or not en.strip()
        or (_fields(zh) != _fields(en) and key not in DIFFERENT_ON_PURPOSE)
    ]
    assert bad == []

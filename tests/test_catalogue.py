"""Every catalogue entry has a Chinese and an English text with the same placeholders,
and an English text with plural forms has the two forms t() chooses from."""

from __future__ import annotations

import string

from dutyboard.i18n import CATALOG, English, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms_match(zh: str, en: English) -> bool:
    """Whether each English form names the Chinese text's fields; a "one" form may say
    the number in words ("every day" for n = 1)."""
    if isinstance(en, str):
        return _fields(en) == _fields(zh)
    return (
        set(en) == {"one", "other"}
        and "n" in _fields(zh)
        and _fields(en["other"]) == _fields(zh)
        and _fields(en["one"]) | {"n"} == _fields(zh)
    )


def _texts(en: English) -> list[str]:
    return [en] if isinstance(en, str) else list(en.values())


# Each language names what reads naturally in it: the Chinese refusal does not
# repeat the English action text, and a slot's name comes in its own language.
DIFFERENT_ON_PURPOSE = {"refused.not_leader", "refused.already_there"}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    bad = [
        key
        for key, (zh, en) in CATALOG.items()
        if not zh.strip()
        or not all(text.strip() for text in _texts(en))
        or (not forms_match(zh, en) and key not in DIFFERENT_ON_PURPOSE)
    ]
    assert bad == []


def test_chinese_is_always_one_form() -> None:
    assert [key for key, (zh, _) in CATALOG.items() if not isinstance(zh, str)] == []


def test_the_count_n_chooses_the_english_form() -> None:
    assert t("swap.carried", "en", n=1, kinds="delivery") == (
        "1 unfinished task carries over: delivery"
    )
    assert t("swap.carried", "en", n=2, kinds="delivery") == (
        "2 unfinished tasks carry over: delivery"
    )
    assert t("swap.carried", "en", n=0, kinds="—") == "0 unfinished tasks carry over: —"
    assert t("hh.every", "en", n=1, next="4-27", state="") == "Called every day · next 4-27 "
    assert t("swap.carried", "zh", n=1, kinds="配送") == "未完成顺延 1 项：配送"

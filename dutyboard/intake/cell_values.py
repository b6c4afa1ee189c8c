"""The values a sign-up sheet's cells hold: building and unit numbers (``8号楼``,
``第八栋``, ``二单元``), yes/no flags, phone numbers, rooms and availability times.

Each parser takes the cell's raw text; a value it cannot read is None or a ValueError
whose message is a short English sentence for the user.
"""

from __future__ import annotations

import re

from dutyboard.intake.cell_text import clean_cell, no_spaces, squeeze, value_key

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """A Chinese numeral up to 99 (八, 十二, 二十, 二十三), else None."""
    if not text or any(ch not in _CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return value or None


_NUMBER = r"(\d+|[零〇一二两三四五六七八九十]+)"
_BUILDING_RE = re.compile(rf"第?{_NUMBER}(?:号楼|号|栋|幢|座|楼|#楼|#)?")
_UNIT_RE = re.compile(rf"第?{_NUMBER}(?:单元|单)?")


def _number(match: re.Match[str] | None) -> int | None:
    if match is None:
        return None
    text = match.group(1)
    value = int(text) if text.isdigit() else cn_number(text)
    return value if value else None


def parse_building(text: str) -> int | None:
    return _number(_BUILDING_RE.fullmatch(no_spaces(text)))


def parse_unit(text: str) -> int | None:
    return _number(_UNIT_RE.fullmatch(no_spaces(text)))


_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "无", "不是", "-"})
PARTY_TRUE = _TRUE | {"党员", "中共党员", "预备党员", "中共预备党员"}
PARTY_FALSE = _FALSE | {"非党员", "群众", "团员", "共青团员", "无党派人士"}
ELDERLY_TRUE = _TRUE | {"独居", "独居老人"}
ELDERLY_FALSE = _FALSE | {"非独居"}


def parse_flag(text: str, true: frozenset[str], false: frozenset[str]) -> bool | None:
    """True/False for a yes/no cell; None when the value is not understood."""
    key = value_key(text)
    if key in true:
        return True
    if key in false:
        return False
    return None


_PHONE_STRIP_RE = re.compile(r"[\s\-()]+")
_SCIENTIFIC_RE = re.compile(r"\d(?:\.\d+)?e\+?\d+", re.IGNORECASE)
_MOBILE_RE = re.compile(r"1\d{10}")
_LANDLINE_RE = re.compile(r"(?:0(?:[12]\d|[3-9]\d{2}))?[2-9]\d{6,7}")


def normalise_phone(raw: str) -> str:
    """An 11-digit mainland mobile number from how people write it, or ValueError.

    Accepts full-width digits, spaces, dashes, parentheses and a ``+86``/``86``/``0086``
    prefix: ``"+86 138-1234-5678"`` -> ``"13812345678"``. The ValueError's message is a
    short English sentence for the user.
    """
    shown = squeeze(raw)
    text = _PHONE_STRIP_RE.sub("", clean_cell(raw))
    if _SCIENTIFIC_RE.fullmatch(text):
        raise ValueError(
            f"phone '{shown}' was turned into a number by Excel; "
            "format the column as text and export again"
        )
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    if not _MOBILE_RE.fullmatch(text):
        raise ValueError(f"phone '{shown}' is not an 11-digit mobile number")
    return text


def normalise_household_phone(raw: str) -> str:
    """A mobile number, or a landline kept as ``021-58123456`` / ``58123456``."""
    try:
        return normalise_phone(raw)
    except ValueError as exc:
        text = _PHONE_STRIP_RE.sub("", clean_cell(raw))
        if not _LANDLINE_RE.fullmatch(text):
            shown = squeeze(raw)
            raise ValueError(
                f"phone '{shown}' is neither an 11-digit mobile number nor a landline"
            ) from exc
        if not text.startswith("0"):
            return text
        # Area codes 010 and 02x have three digits, all others four.
        cut = 3 if text[1] in "12" else 4
        return f"{text[:cut]}-{text[cut:]}"


def normalise_room(text: str) -> str:
    return no_spaces(text)


def normalise_availability(text: str) -> str:
    text = squeeze(text).replace("~", "-")
    text = re.sub(r"(\d)\s*(?:-|至|到)\s*(\d)", r"\1-\2", text)
    return re.sub(r"(?<!\d)(\d):(\d\d)", r"0\1:\2", text)

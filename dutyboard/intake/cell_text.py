"""Cleaning what people type into a spreadsheet cell or a chat: full-width characters,
invisible characters copied from chat apps, stray dashes and spaces.

The sign-up sheets (dutyboard.intake.signups), the order parsers and the People forms
(dutyboard.groups.people_fields) clean text the same way, through these.
"""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})
# Dashes NFKC leaves alone (NFKC already turns full-width "－" into "-").
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))


# Full-width digits, letters and the ideographic space (free text keeps ，：（） etc.).
_WIDE = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_WIDE |= {cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)}
_WIDE |= {cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)}
_WIDE[0x3000] = 0x20


def _drop_invisible(text: str) -> str:
    """Drop BOMs, zero-width spaces and direction marks (copied from chat apps)."""
    if not any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in text):
        return text
    return "".join(
        ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES
    )


def clean_cell(text: str) -> str:
    """For values: NFKC, no invisible characters, one kind of dash, trimmed."""
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    return text.translate(DASHES).strip()


def cell_str(text: str) -> str:
    """For free text (names, notes): half-width digits and letters, Chinese punctuation
    kept, whitespace runs collapsed to one space."""
    return re.sub(r"\s+", " ", _drop_invisible(text).translate(_WIDE)).strip()


def squeeze(text: str) -> str:
    """Clean, then collapse whitespace runs (notes, availability)."""
    return re.sub(r"\s+", " ", clean_cell(text))


def no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", clean_cell(text))


def cell_name(text: str) -> str:
    text = cell_str(text)
    # "张  三" is a common way to align two-character names; Latin names keep one space.
    if not re.search(r"[A-Za-z]", text):
        text = text.replace(" ", "")
    return text


def header_key(text: str) -> str:
    text = clean_cell(text)
    text = re.sub(r"^\d+\s*[.、)]\s*", "", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$", "", text)
        text = text.strip(" *:")
    return re.sub(r"[\s_\-]+", "", text).casefold()


def value_key(text: str) -> str:
    return no_spaces(text).casefold()

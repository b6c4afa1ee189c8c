"""Quantities as people write them in a 接龙 entry or an order sheet's cell.

Read: ``2份``, ``2斤`` (2; the text keeps the unit), ``+1``, ``x2``, ``两份``,
``2大1小`` (3), a lone number (``5-2-302 3``), several named items (``白菜2份 土豆1份``).
Not read, and said so: ``半份``, ``2.5份``, ``1/2份``, a unit with no number (``份份``),
zero, two unnamed quantities. Nothing written means one. All functions take text
already folded (dutyboard.intake.fold).
"""

import re
from typing import NamedTuple

from dutyboard.intake.cell_values import cn_number

# Longer units first where one is the start of another (公斤 before 斤 is not needed:
# alternation is tried at the same position, and 公 is not a unit).
UNITS = (
    r"人份|份|公斤|千克|斤|(?i:kg|g)|克|个|只|袋|箱|盒|包|瓶|件|套|提|把|颗|枚|桶|罐|听|杯"
    r"|条|根|捆|板|打|筐|兜|串|扎|盘|支|双|对|块|组"
)
_CN_NUM = "一二两三四五六七八九十"

# Mobile numbers (with +86, spaces or dashes) and landlines: never a quantity or room.
PHONE_RE = re.compile(
    r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1\d{2}[\s-]?\d{4}[\s-]?\d{4}(?!\d)"
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
    r"|\d{5,}"
)
# Money, times and dates: numbers that are neither a quantity nor a room.
_NOT_QUANTITY_RE = re.compile(
    r"[¥$]\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:元|块钱|rmb)"
    r"|\d{1,2}:\d{2}|\d{1,2}月\d{1,2}[日号]?|\d{1,2}点(?:\d{1,2}分?|半)?",
    re.IGNORECASE,
)
# Asides in brackets ("1份（约5斤）") are notes, not a second quantity.
_ASIDE_RE = re.compile(r"\([^()]*\)|【[^【】]*】|\[[^\[\]]*\]")

_TOKEN_RE = re.compile(
    rf"(?P<bigsmall>(?P<big>\d{{1,3}})\s*大\s*(?P<small>\d{{1,3}})\s*小)"
    rf"|(?P<bad>(?:\d+\.\d+|\d+/\d+|半|一半|几|若干)\s*(?:{UNITS})"
    rf"|(?<![\d{_CN_NUM}半])份|(?<![\w.])\d+\.\d+(?![\w.])|\+\s*(?:\d+\.\d+|半))"
    rf"|(?P<plus>\+\s*(?P<plus_n>\d{{1,3}})(?![\d.])(?:\s*(?:{UNITS}))?)"
    rf"|(?P<times>(?<![A-Za-z])[x×*]\s*(?P<times_n>\d{{1,3}})(?![\d.]))"
    rf"|(?P<unit>(?<![\d.])(?P<unit_n>\d{{1,4}})\s*(?:{UNITS}))"
    rf"|(?P<cn>(?P<cn_n>[{_CN_NUM}]{{1,3}})\s*(?:{UNITS}))"
)
_LONE_NUMBER_RE = re.compile(r"(?<![\w.])\d{1,3}(?![\w.])")
_PRODUCT_EDGE = " \t,，、;；:：.。!！~～/|-"


class Quantity(NamedTuple):
    """What a text says about quantity: items, or ``bad`` when it cannot be read."""

    items: tuple[tuple[str, int], ...]  # (product, quantity); product "" = the offer's
    text: str  # the quantity as written; "" when none
    bad: str | None = None  # the fragment that could not be read
    rest: str = ""  # the text with the quantities taken out (names, notes)
    written: bool = False  # a quantity was written (not the default of one)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


_MASK_RE = re.compile(
    f"{PHONE_RE.pattern}|{_NOT_QUANTITY_RE.pattern}|{_ASIDE_RE.pattern}", re.IGNORECASE
)


def _mask(text: str) -> str:
    return _MASK_RE.sub(_blank, text)


def _token_value(match: re.Match[str]) -> int | None:
    if match.group("bigsmall"):
        return int(match.group("big")) + int(match.group("small"))
    for name in ("plus_n", "times_n", "unit_n"):
        if match.group(name):
            return int(match.group(name))
    if match.group("cn_n"):
        return cn_number(match.group("cn_n"))
    return None


def parse_quantity(text: str, *, lone_number: bool = True) -> Quantity:
    """Read the quantity of one entry's text (the address already taken out).

    ``lone_number``: a number standing alone counts as the quantity (not in text before
    the address, where it is more likely part of a nickname).
    """
    masked = _mask(text)
    tokens = list(_TOKEN_RE.finditer(masked))
    rest = text
    for token in reversed(tokens):
        rest = rest[: token.start()] + " " + rest[token.end() :]
    bad = [t for t in tokens if t.group("bad")]
    if bad:
        return Quantity((), "", bad[0].group().strip(), rest)
    if not tokens:
        if not lone_number:
            return Quantity((("", 1),), "", None, rest)
        numbers = list(_LONE_NUMBER_RE.finditer(masked))
        if len(numbers) > 1:
            return Quantity((), "", " ".join(n.group() for n in numbers), rest)
        if not numbers:
            return Quantity((("", 1),), "", None, rest)
        value = int(numbers[0].group())
        rest = rest[: numbers[0].start()] + " " + rest[numbers[0].end() :]
        if value < 1:
            return Quantity((), "", numbers[0].group(), rest)
        return Quantity((("", value),), numbers[0].group(), None, rest, True)
    values: list[int] = []
    for token in tokens:
        number = _token_value(token)
        if not number:  # zero, or 十十十 that is no number
            return Quantity((), "", token.group().strip(), rest)
        values.append(number)
    if len(tokens) == 1:
        return Quantity((("", values[0]),), tokens[0].group().strip(), None, rest, True)
    # Several quantities: each must follow its product's name ("白菜2份 土豆1份"); the
    # name is the word just before the quantity, words before it stay in ``rest``.
    items: dict[str, int] = {}
    start = 0
    first_product = 0
    kept: list[str] = []
    for token, value in zip(tokens, values, strict=True):
        words = text[start : token.start()].rstrip(_PRODUCT_EDGE).split()
        product = words[-1].strip(_PRODUCT_EDGE) if words else ""
        if not product:
            return Quantity((), "", " ".join(t.group().strip() for t in tokens), rest)
        if start == 0:
            first_product = text.rindex(words[-1], 0, token.start())
        kept.extend(words[:-1])
        items[product] = items.get(product, 0) + value
        start = token.end()
    written = text[first_product : tokens[-1].end()].strip()
    rest = " ".join([*kept, text[tokens[-1].end() :]])
    return Quantity(tuple(items.items()), written, None, rest, True)


_COUNT_RE = re.compile(rf"(?P<n>\d{{1,5}})(?:\.0+)?\s*(?:{UNITS})?")
_CN_COUNT_RE = re.compile(rf"(?P<n>[{_CN_NUM}]{{1,3}})\s*(?:{UNITS})?")


def parse_count(text: str) -> int | None:
    """A sheet's quantity cell (``2``, ``2.0``, ``2件``, ``两份``) as a positive number."""
    text = text.strip()
    match = _COUNT_RE.fullmatch(text)
    if match:
        value: int | None = int(match.group("n"))
    else:
        match = _CN_COUNT_RE.fullmatch(text)
        value = cn_number(match.group("n")) if match else None
    return value if value else None


_PACKED_SPLIT_RE = re.compile(r"[;；\n]+")
_PACKED_RE = re.compile(r"(?P<name>.*\S)\s*[+x×*]\s*(?P<n>[^+x×*]*)")


def parse_packed(text: str) -> list[tuple[str, int | None, str]]:
    """The 商品 cell of a plain 普通团购 export, ``青菜+2;土豆+1;``, as
    ``[(name, quantity or None when unreadable, piece as written)]``. A piece without
    ``+n`` is one of it; a ``+`` followed by words is part of the name (``猪肉+排骨``)."""
    pieces: list[tuple[str, int | None, str]] = []
    for piece in _PACKED_SPLIT_RE.split(text):
        piece = piece.strip()
        if not piece:
            continue
        match = _PACKED_RE.fullmatch(piece)
        if match is None or not re.search(r"\d|半", match.group("n")):
            pieces.append((piece, 1, piece))
            continue
        pieces.append((match.group("name").strip(), parse_count(match.group("n")), piece))
    return pieces

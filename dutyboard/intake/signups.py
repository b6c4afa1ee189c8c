"""Read volunteer sign-up sheets and household lists: CSV from Excel or WPS, or .xlsx.

This module is a pure parser: it reads one file, checks every row and returns the rows
it understood plus every problem it found (with the file's physical line number, so a
user can find the row in Excel). It never touches the board; the caller decides to
import only when :attr:`ParseResult.ok` is true (see :func:`refuse_if_problems`).

Encoding: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), else
GB18030 (a superset of GBK, what Chinese Excel/WPS write by default). Delimiter: comma;
a header line without commas but with tabs or semicolons switches to those. An .xlsx
workbook is read through dutyboard.intake.sheets (its first sheet; line numbers are
Excel's row numbers); an old .xls is refused with the advice to save it as CSV.

Header names accepted. Matching ignores case, spaces, ``_``/``-``, a BOM, full-width
characters, a leading ``1、``/``1.`` number, ``*``/``:`` marks and a trailing
parenthesised hint such as ``(选填)``/``（必填）``/``[optional]``. Columns with other
names are ignored and listed in :attr:`ParseResult.ignored_columns`.

Volunteers (``parse_volunteers``):

============  ========  ==================================================================
field         required  headers
============  ========  ==================================================================
name          yes       姓名, 名字, 志愿者姓名, name, full name
phone         yes       手机号, 手机, 电话, 联系电话, 手机号码, 电话号码, 联系方式, phone,
                        mobile, phone number
groups        yes       意向小组, 小组, 组别, 意向组别, 报名小组, groups, group
building                楼栋, 楼号, 楼栋号, building
room                    房号, 门牌, 门牌号, 房间号, room
party member            党员, 是否党员, 政治面貌, party member, party
availability            可服务时段, 时段, 服务时段, 可服务时间, 空闲时间, availability
role                    角色, 职务, role
note                    备注, note, notes, remark, remarks
(ignored)               序号, 编号, no, #
============  ========  ==================================================================

Households (``parse_households``):

=============  ========  ================================================================
field          required  headers
=============  ========  ================================================================
building       yes       楼栋, 楼号, 楼栋号, building
unit           yes       单元, 单元号, unit
room           yes       房号, 门牌, 门牌号, 房间号, 室号, room
residents                人数, 人口, 居住人数, 人口数, residents, people
elderly alone            独居老人, 独居, 是否独居, 是否独居老人, elderly alone
phone                    联系电话, 电话, 手机号, 手机, 手机号码, 联系方式, phone
note                     备注, note, notes, remark, remarks
(ignored)                序号, 编号, no, #
=============  ========  ================================================================

Cell values: full-width digits, letters and punctuation become half-width (NFKC);
invisible characters copied from chat apps (zero-width spaces, direction marks) are
dropped; stray spaces are removed. Buildings: ``8``, ``8号楼``, ``８号楼``, ``8栋``,
``8幢``, ``8#``, ``第八栋``. Units: ``2``, ``2单元``, ``二单元``. Rooms: ``301``, ``301室``.
Yes/no: 是/否, Y/N, yes/no, true/false, 1/0, √/×, empty = no; the party column also
takes 党员/中共党员/预备党员 (yes) and 群众/团员/非党员 (no). Mobile phones: 11 digits
starting with 1, with or without ``+86``/``86``/``0086``, spaces, dashes or
parentheses. A household phone may also be a landline (``021-58123456``).

A volunteer listed twice with the same phone is one person: groups are combined, other
fields come from the first row unless empty there, and ``lines`` lists every row; two
different names for one phone is a problem. A household address given twice is a
problem. Rows whose only values are in ignored columns (a pre-numbered 序号 column in
an empty template) are skipped like empty rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from dutyboard.intake.sheets import read_table as _read_table
from dutyboard.storage.errors import ImportRefused
from dutyboard.storage.text import clean_typed

__all__ = [
    "HouseholdRow",
    "ParseResult",
    "RowProblem",
    "VolunteerRow",
    "format_problems",
    "normalise_phone",
    "parse_households",
    "parse_volunteers",
    "read_csv_rows",
    "refuse_if_problems",
]

T = TypeVar("T")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class VolunteerRow:
    lines: tuple[int, ...]
    name: str
    phone: str
    building: int | None
    room: str
    party_member: bool
    groups: tuple[str, ...]
    availability: str
    role: str
    note: str
    # The fields the sheet gave a value (a re-import changes only these: imports.py).
    given: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class HouseholdRow:
    line: int
    building: int
    unit: int
    room: str
    residents: int
    elderly_alone: bool
    phone: str
    note: str
    given: frozenset[str] = field(default=frozenset(), compare=False)  # as VolunteerRow's

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ParseResult(Generic[T]):
    rows: list[T]
    problems: list[RowProblem]
    encoding: str
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- reading


def read_csv_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """Return ``(header, [(line_number, cells)], encoding)`` of a CSV file.

    The header is the first non-empty row. Line numbers are the physical lines of the
    file (header = line 1), so a row can be found in Excel; a quoted cell spanning
    several lines gives its row the line it starts on. Fully empty rows are skipped.
    Encoding is one of ``utf-8-sig``, ``utf-8``, ``utf-16``, ``gb18030``, or ``xlsx``
    for a workbook (lines are then its row numbers). A missing,
    unreadable, undecodable or empty file raises :class:`UsageError` naming the path.
    """
    rows, encoding = _read_table(path)
    return rows[0][1], rows[1:], encoding


# --------------------------------------------------------------------------- cleaning

_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc"})
# Dashes NFKC leaves alone (NFKC already turns full-width "－" into "-").
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣", "-"))


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


def _clean(text: str) -> str:
    """For values: NFKC, no invisible characters, one kind of dash, trimmed."""
    text = unicodedata.normalize("NFKC", _drop_invisible(text))
    return text.translate(_DASHES).strip()


def _text(text: str) -> str:
    """For free text (names, notes): half-width digits and letters, Chinese punctuation
    kept, whitespace runs collapsed to one space."""
    return re.sub(r"\s+", " ", _drop_invisible(text).translate(_WIDE)).strip()


def _squeeze(text: str) -> str:
    """Clean, then collapse whitespace runs (notes, availability)."""
    return re.sub(r"\s+", " ", _clean(text))


def _no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", _clean(text))


def _clean_name(text: str) -> str:
    text = _text(text)
    # "张  三" is a common way to align two-character names; Latin names keep one space.
    if not re.search(r"[A-Za-z]", text):
        text = text.replace(" ", "")
    return text


def _header_key(text: str) -> str:
    text = _clean(text)
    text = re.sub(r"^\d+\s*[.、)]\s*", "", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$", "", text)
        text = text.strip(" *:")
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _value_key(text: str) -> str:
    return _no_spaces(text).casefold()


# --------------------------------------------------------------------------- values

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _cn_number(text: str) -> int | None:
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
    value = int(text) if text.isdigit() else _cn_number(text)
    return value if value else None


def _parse_building(text: str) -> int | None:
    return _number(_BUILDING_RE.fullmatch(_no_spaces(text)))


def _parse_unit(text: str) -> int | None:
    return _number(_UNIT_RE.fullmatch(_no_spaces(text)))


_TRUE = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "对"})
_FALSE = frozenset({"否", "n", "no", "false", "0", "×", "✗", "✘", "x", "无", "不是", "-"})
_PARTY_TRUE = _TRUE | {"党员", "中共党员", "预备党员", "中共预备党员"}
_PARTY_FALSE = _FALSE | {"非党员", "群众", "团员", "共青团员", "无党派人士"}
_ELDERLY_TRUE = _TRUE | {"独居", "独居老人"}
_ELDERLY_FALSE = _FALSE | {"非独居"}


def _parse_flag(text: str, true: frozenset[str], false: frozenset[str]) -> bool | None:
    """True/False for a yes/no cell; None when the value is not understood."""
    key = _value_key(text)
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
    shown = _squeeze(raw)
    text = _PHONE_STRIP_RE.sub("", _clean(raw))
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


def _normalise_household_phone(raw: str) -> str:
    """A mobile number, or a landline kept as ``021-58123456`` / ``58123456``."""
    try:
        return normalise_phone(raw)
    except ValueError as exc:
        text = _PHONE_STRIP_RE.sub("", _clean(raw))
        if not _LANDLINE_RE.fullmatch(text):
            shown = _squeeze(raw)
            raise ValueError(
                f"phone '{shown}' is neither an 11-digit mobile number nor a landline"
            ) from exc
        if not text.startswith("0"):
            return text
        # Area codes 010 and 02x have three digits, all others four.
        cut = 3 if text[1] in "12" else 4
        return f"{text[:cut]}-{text[cut:]}"


def _normalise_room(text: str) -> str:
    return _no_spaces(text)


def _normalise_availability(text: str) -> str:
    text = _squeeze(text).replace("~", "-")
    text = re.sub(r"(\d)\s*(?:-|至|到)\s*(\d)", r"\1-\2", text)
    return re.sub(r"(?<!\d)(\d):(\d\d)", r"0\1:\2", text)


# --------------------------------------------------------------------------- columns

_IGNORED = ("序号", "编号", "no", "no.", "#")

VOLUNTEER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "志愿者姓名", "name", "full name"),
    "phone": (
        "手机号",
        "手机",
        "电话",
        "联系电话",
        "手机号码",
        "电话号码",
        "联系方式",
        "phone",
        "mobile",
        "phone number",
    ),
    "groups": ("意向小组", "小组", "组别", "意向组别", "报名小组", "groups", "group"),
    "building": ("楼栋", "楼号", "楼栋号", "building"),
    "room": ("房号", "门牌", "门牌号", "房间号", "room"),
    "party": ("党员", "是否党员", "政治面貌", "party member", "party"),
    "availability": ("可服务时段", "时段", "服务时段", "可服务时间", "空闲时间", "availability"),
    "role": ("角色", "职务", "role"),
    "note": ("备注", "note", "notes", "remark", "remarks"),
}
VOLUNTEER_REQUIRED = ("name", "phone", "groups")

HOUSEHOLD_COLUMNS: dict[str, tuple[str, ...]] = {
    "building": ("楼栋", "楼号", "楼栋号", "building"),
    "unit": ("单元", "单元号", "unit"),
    "room": ("房号", "门牌", "门牌号", "房间号", "室号", "room"),
    "residents": ("人数", "人口", "居住人数", "人口数", "residents", "people"),
    "elderly_alone": (
        "独居老人",
        "独居",
        "是否独居",
        "是否独居老人",
        "elderly alone",
        "elderly_alone",
    ),
    "phone": ("联系电话", "电话", "手机号", "手机", "手机号码", "联系方式", "phone"),
    "note": ("备注", "note", "notes", "remark", "remarks"),
}
HOUSEHOLD_REQUIRED = ("building", "unit", "room")

_FIELD_NAMES = {"elderly_alone": "elderly alone", "party": "party member"}


@dataclass
class _Columns:
    index: dict[str, int]
    ignored: list[int]
    unknown: list[str]
    problems: list[str]


def _map_columns(header: Sequence[str], spec: Mapping[str, tuple[str, ...]]) -> _Columns:
    lookup = {_header_key(alias): name for name, aliases in spec.items() for alias in aliases}
    ignored_keys = {_header_key(a) for a in _IGNORED}
    cols = _Columns({}, [], [], [])
    for i, cell in enumerate(header):
        key = _header_key(cell)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            if key in ignored_keys:
                cols.ignored.append(i)
            else:
                cols.unknown.append(_squeeze(cell))
            continue
        if name in cols.index:
            first = cols.index[name]
            cols.problems.append(
                f"columns {first + 1} ('{_squeeze(header[first])}') and {i + 1} "
                f"('{_squeeze(cell)}') both mean {_FIELD_NAMES.get(name, name)}; "
                "rename or delete one"
            )
            continue
        cols.index[name] = i
    return cols


def _missing(cols: _Columns, required: Sequence[str]) -> list[str]:
    return [name for name in required if name not in cols.index]


def _locate_header(
    rows: list[tuple[int, list[str]]],
    spec: Mapping[str, tuple[str, ...]],
    required: Sequence[str],
    other: tuple[Mapping[str, tuple[str, ...]], Sequence[str], str],
) -> tuple[_Columns, int, list[tuple[int, list[str]]], list[RowProblem]]:
    """Find the header row (allowing up to 3 title rows above it) and map its columns.

    Returns (columns, number of header cells, rows after the header, header problems).
    """
    for k in range(min(4, len(rows))):
        cols = _map_columns(rows[k][1], spec)
        if not _missing(cols, required):
            break
    else:
        k = 0
        cols = _map_columns(rows[0][1], spec)
    line = rows[k][0]
    problems = [RowProblem(line, reason) for reason in cols.problems]
    for name in _missing(cols, required):
        accepted = ", ".join(spec[name])
        problems.append(
            RowProblem(
                line,
                f"no column for {_FIELD_NAMES.get(name, name)}; "
                f"the header needs one of: {accepted}",
            )
        )
    if _missing(cols, required):
        other_spec, other_required, other_kind = other
        if not _missing(_map_columns(rows[k][1], other_spec), other_required):
            problems.append(RowProblem(line, f"this looks like a {other_kind} file"))
    return cols, len(rows[k][1]), rows[k + 1 :], problems


class _Row:
    """One data row's cells by field name, with the raw text kept for messages."""

    def __init__(self, cells: Sequence[str], cols: _Columns) -> None:
        self.cells = cells
        self.cols = cols

    def get(self, name: str) -> str:
        i = self.cols.index.get(name)
        if i is None or i >= len(self.cells):
            return ""
        return clean_typed(self.cells[i])  # a cell is data: no control characters

    def is_blank(self) -> bool:
        """Nothing outside ignored columns (序号) has a value."""
        return all(not _clean(c) for i, c in enumerate(self.cells) if i not in self.cols.ignored)

    def overflow(self, header_len: int) -> str | None:
        extra = [c for c in self.cells[header_len:] if _clean(c)]
        if not extra:
            return None
        return (
            f"the row has {len(self.cells)} cells but the header has {header_len} "
            f"(extra value '{_squeeze(extra[0])}'); is there an unquoted comma in a value?"
        )


def _data_rows(
    rows: list[tuple[int, list[str]]], cols: _Columns, header_len: int
) -> list[tuple[int, _Row, list[str]]]:
    out: list[tuple[int, _Row, list[str]]] = []
    for line, cells in rows:
        row = _Row(cells, cols)
        if row.is_blank():
            continue
        overflow = row.overflow(header_len)
        out.append((line, row, [overflow] if overflow else []))
    return out


# --------------------------------------------------------------------------- groups


def _group_index(groups: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    index: dict[str, str] = {}
    for key, (zh, en) in groups.items():
        names = [key, zh, en]
        zh_clean = _no_spaces(zh)
        if zh_clean.endswith("组") and len(zh_clean) > 1:
            names.append(zh_clean[:-1])
        for name in names:
            index.setdefault(_value_key(name), key)
    return index


def _accepted_groups(groups: Mapping[str, tuple[str, str]]) -> str:
    return ", ".join(f"{zh}/{en}" for zh, en in groups.values())


_GROUP_SEPARATORS = re.compile(r"[、,;/|┋+&\n\r]+")
_GROUP_WORDS = re.compile(r"\s+|和|\band\b", re.IGNORECASE)


def _parse_groups(
    text: str, index: Mapping[str, str], accepted: str
) -> tuple[list[str], list[str]]:
    """(group keys in first-seen order, problems)."""
    keys: list[str] = []
    problems: list[str] = []

    def add(key: str) -> None:
        if key not in keys:
            keys.append(key)

    for chunk in _GROUP_SEPARATORS.split(_clean(text)):
        chunk = chunk.strip()
        if not chunk:
            continue
        whole = index.get(_value_key(chunk))
        if whole is not None:
            add(whole)
            continue
        for part in _GROUP_WORDS.split(chunk):
            if not part:
                continue
            key = index.get(_value_key(part))
            if key is None:
                problems.append(f"unknown group '{part}'; accepted: {accepted}")
            else:
                add(key)
    if not keys and not problems:
        problems.append(f"no group given; accepted: {accepted}")
    return keys, problems


# --------------------------------------------------------------------------- volunteers


@dataclass
class _Volunteer:
    lines: list[int]
    name: str
    phone: str
    building: int | None
    room: str
    party: bool | None
    groups: list[str]
    availability: str
    role: str | None
    note: str
    bad: bool

    def absorb(self, other: _Volunteer) -> None:
        self.lines.extend(other.lines)
        self.groups.extend(g for g in other.groups if g not in self.groups)
        if not self.name:
            self.name = other.name
        if self.building is None:
            self.building = other.building
        if not self.room:
            self.room = other.room
        if self.party is None:
            self.party = other.party
        if not self.availability:
            self.availability = other.availability
        if self.role is None:
            self.role = other.role
        if not self.note:
            self.note = other.note
        self.bad = self.bad or other.bad

    def finish(self) -> VolunteerRow:
        return VolunteerRow(
            lines=tuple(self.lines),
            name=self.name,
            phone=self.phone,
            building=self.building,
            room=self.room,
            party_member=bool(self.party),
            groups=tuple(self.groups),
            availability=self.availability,
            role=self.role or "volunteer",
            note=self.note,
            given=frozenset(
                name
                for name, value in (
                    ("building", self.building),
                    ("room", self.room or None),
                    ("party_member", self.party),
                    ("availability", self.availability or None),
                    ("note", self.note or None),
                )
                if value is not None
            ),
        )


def _parse_role(text: str) -> str | None:
    key = _value_key(text)
    if not key:
        return None
    if "组长" in key or "负责人" in key or "队长" in key or "leader" in key:
        return "leader"
    return "volunteer"


def _volunteer(
    line: int, row: _Row, problems: list[str], index: Mapping[str, str], accepted: str
) -> _Volunteer | None:
    name = _clean_name(row.get("name"))
    if not name:
        problems.append("name is empty")
    elif name.isdigit():
        problems.append(f"name '{name}' is a number; are the columns in the right order?")

    raw_phone = row.get("phone")
    phone = ""
    if not _clean(raw_phone):
        problems.append("phone is empty")
    else:
        try:
            phone = normalise_phone(raw_phone)
        except ValueError as exc:
            problems.append(str(exc))

    building: int | None = None
    raw_building = row.get("building")
    if _clean(raw_building):
        building = _parse_building(raw_building)
        if building is None:
            problems.append(
                f"building '{_squeeze(raw_building)}' is not a building number like 5 or 5号楼"
            )

    party: bool | None = None
    raw_party = row.get("party")
    if _clean(raw_party):
        party = _parse_flag(raw_party, _PARTY_TRUE, _PARTY_FALSE)
        if party is None:
            problems.append(f"party member '{_squeeze(raw_party)}' is not 是/否 or yes/no")

    groups, group_problems = _parse_groups(row.get("groups"), index, accepted)
    problems.extend(group_problems)

    if not phone:
        return None
    return _Volunteer(
        lines=[line],
        name=name,
        phone=phone,
        building=building,
        room=_normalise_room(row.get("room")),
        party=party,
        groups=groups,
        availability=_normalise_availability(row.get("availability")),
        role=_parse_role(row.get("role")),
        note=_text(row.get("note")),
        bad=bool(problems),
    )


def parse_volunteers(
    path: Path, groups: Mapping[str, tuple[str, str]]
) -> ParseResult[VolunteerRow]:
    """Parse a volunteer sign-up sheet; ``groups`` maps group key -> (zh name, en name).

    A group cell may list several groups separated by 、 , ， ; ； / | ┋ + spaces or 和;
    each is matched against the zh name, the zh name without its trailing 组, the en
    name or the key, ignoring case. Every problem of every row is collected; ``rows``
    holds the people whose rows had none.
    """
    table, encoding = _read_table(path)
    cols, header_len, body, problems = _locate_header(
        table,
        VOLUNTEER_COLUMNS,
        VOLUNTEER_REQUIRED,
        (HOUSEHOLD_COLUMNS, HOUSEHOLD_REQUIRED, "households"),
    )
    result: ParseResult[VolunteerRow] = ParseResult([], problems, encoding, cols.unknown)
    if problems:
        return result
    index = _group_index(groups)
    accepted = _accepted_groups(groups)
    people: dict[str, _Volunteer] = {}
    for line, row, reasons in _data_rows(body, cols, header_len):
        person = _volunteer(line, row, reasons, index, accepted)
        if person is not None:
            first = people.get(person.phone)
            if first is None:
                people[person.phone] = person
            elif person.name and first.name and person.name.casefold() != first.name.casefold():
                reasons.append(
                    f"phone {person.phone} is already used by {first.name} on line "
                    f"{first.lines[0]} with a different name ({person.name})"
                )
                first.bad = True
            else:
                first.absorb(person)
        problems.extend(RowProblem(line, reason) for reason in reasons)
    result.rows = [p.finish() for p in people.values() if not p.bad]
    return result


# --------------------------------------------------------------------------- households


def _household(
    line: int, row: _Row, previous: _Row | None, problems: list[str]
) -> HouseholdRow | None:
    def required_int(name: str, parse: Callable[[str], int | None], example: str) -> int:
        raw = row.get(name)
        if not _clean(raw):
            hint = ""
            if previous is not None and _clean(previous.get(name)):
                hint = " (if the sheet had merged cells, fill the value into every row)"
            problems.append(f"{name} is empty{hint}")
            return 0
        value = parse(raw)
        if value is None:
            problems.append(f"{name} '{_squeeze(raw)}' is not a {name} number like {example}")
            return 0
        return value

    building = required_int("building", _parse_building, "5 or 5号楼")
    unit = required_int("unit", _parse_unit, "2 or 2单元")

    raw_room = row.get("room")
    room = re.sub(r"(室|号|房)$", "", _normalise_room(raw_room))
    if not room:
        problems.append("room is empty")
    elif not re.fullmatch(r"[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*", room):
        problems.append(f"room '{_squeeze(raw_room)}' is not a room number like 301")

    residents = 1
    raw_residents = row.get("residents")
    if _clean(raw_residents):
        match = re.fullmatch(r"(-?\d+)(?:人|口)?", _no_spaces(raw_residents))
        if match is None:
            problems.append(f"residents '{_squeeze(raw_residents)}' is not a number")
        elif int(match.group(1)) < 1:
            problems.append(f"residents '{_squeeze(raw_residents)}' must be at least 1")
        else:
            residents = int(match.group(1))

    elderly = False
    raw_elderly = row.get("elderly_alone")
    if _clean(raw_elderly):
        flag = _parse_flag(raw_elderly, _ELDERLY_TRUE, _ELDERLY_FALSE)
        if flag is None:
            problems.append(f"elderly alone '{_squeeze(raw_elderly)}' is not 是/否 or yes/no")
        elderly = bool(flag)

    phone = ""
    raw_phone = row.get("phone")
    if _clean(raw_phone):
        try:
            phone = _normalise_household_phone(raw_phone)
        except ValueError as exc:
            problems.append(str(exc))

    if problems:
        return None
    return HouseholdRow(
        line=line,
        building=building,
        unit=unit,
        room=room,
        residents=residents,
        elderly_alone=elderly,
        phone=phone,
        note=_text(row.get("note")),
        given=frozenset(
            name
            for name in ("residents", "elderly_alone", "phone", "note")
            if _clean(row.get(name))
        ),
    )


def parse_households(path: Path) -> ParseResult[HouseholdRow]:
    """Parse a household list (楼栋, 单元, 房号, ...). Every problem of every row is
    collected; an address given twice is a problem on the later line."""
    table, encoding = _read_table(path)
    cols, header_len, body, problems = _locate_header(
        table,
        HOUSEHOLD_COLUMNS,
        HOUSEHOLD_REQUIRED,
        (VOLUNTEER_COLUMNS, VOLUNTEER_REQUIRED, "volunteers"),
    )
    result: ParseResult[HouseholdRow] = ParseResult([], problems, encoding, cols.unknown)
    if problems:
        return result
    seen: dict[str, int] = {}
    previous: _Row | None = None
    for line, row, reasons in _data_rows(body, cols, header_len):
        household = _household(line, row, previous, reasons)
        previous = row
        if household is not None:
            first = seen.get(household.address)
            if first is not None:
                reasons.append(f"address {household.address} is already on line {first}")
            else:
                seen[household.address] = line
                result.rows.append(household)
        problems.extend(RowProblem(line, reason) for reason in reasons)
    return result


# --------------------------------------------------------------------------- reporting


def format_problems(
    problems: list[RowProblem], path: Path, *, limit: int | None = None
) -> list[str]:
    """``["line 7: phone '1381234' is not an 11-digit mobile number", ...]`` by line.

    With ``limit``, at most that many lines plus a final "... and N more problems in
    FILE" line.
    """
    ordered = sorted(problems, key=lambda p: p.line)
    shown = ordered if limit is None else ordered[:limit]
    out = [f"line {p.line}: {p.reason}" for p in shown]
    if len(shown) < len(ordered):
        out.append(f"... and {len(ordered) - len(shown):,} more problems in {path.name}")
    return out


def refuse_if_problems(result: ParseResult[T], path: Path) -> None:
    """Raise :class:`ImportRefused` listing the first problems (outfiles.LIST_CAP, then
    how many more: a 100,000-line bad sheet must not print 100,000 lines) unless
    ``result.ok``."""
    from dutyboard.storage.outfiles import LIST_CAP

    if result.ok:
        return
    lines = len({p.line for p in result.problems})
    count = len(result.problems)
    raise ImportRefused(
        f"{path}: nothing imported; {count} problem{'s' if count != 1 else ''} "
        f"in {lines} row{'s' if lines != 1 else ''}. Fix them in the spreadsheet and "
        "import again.",
        format_problems(result.problems, path, limit=LIST_CAP),
    )

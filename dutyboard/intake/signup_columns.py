"""Finding a sign-up sheet's columns by their header names (see dutyboard.intake.signups
for the names accepted) and walking its data rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dutyboard.intake.cell_text import clean_cell, header_key, squeeze
from dutyboard.intake.signup_records import RowProblem
from dutyboard.storage.text import clean_typed

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
    lookup = {header_key(alias): name for name, aliases in spec.items() for alias in aliases}
    ignored_keys = {header_key(a) for a in _IGNORED}
    cols = _Columns({}, [], [], [])
    for i, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        name = lookup.get(key)
        if name is None:
            if key in ignored_keys:
                cols.ignored.append(i)
            else:
                cols.unknown.append(squeeze(cell))
            continue
        if name in cols.index:
            first = cols.index[name]
            cols.problems.append(
                f"columns {first + 1} ('{squeeze(header[first])}') and {i + 1} "
                f"('{squeeze(cell)}') both mean {_FIELD_NAMES.get(name, name)}; "
                "rename or delete one"
            )
            continue
        cols.index[name] = i
    return cols


def _missing(cols: _Columns, required: Sequence[str]) -> list[str]:
    return [name for name in required if name not in cols.index]


def locate_header(
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


class SheetRow:
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
        return all(
            not clean_cell(c) for i, c in enumerate(self.cells) if i not in self.cols.ignored
        )

    def overflow(self, header_len: int) -> str | None:
        extra = [c for c in self.cells[header_len:] if clean_cell(c)]
        if not extra:
            return None
        return (
            f"the row has {len(self.cells)} cells but the header has {header_len} "
            f"(extra value '{squeeze(extra[0])}'); is there an unquoted comma in a value?"
        )


def data_rows(
    rows: list[tuple[int, list[str]]], cols: _Columns, header_len: int
) -> list[tuple[int, SheetRow, list[str]]]:
    out: list[tuple[int, SheetRow, list[str]]] = []
    for line, cells in rows:
        row = SheetRow(cells, cols)
        if row.is_blank():
            continue
        overflow = row.overflow(header_len)
        out.append((line, row, [overflow] if overflow else []))
    return out

"""Read volunteer sign-up sheets and household lists: CSV from Excel or WPS, or .xlsx.

This module is a pure parser: it reads one file, checks every row and returns the rows
it understood plus every problem it found (with the file's physical line number, so a
user can find the row in Excel). It never touches the board; the caller decides to
import only when :attr:`ParseResult.ok` is true (see :func:`refuse_if_problems`). One
cell is cleaned and read by cell_text and cell_values, the header is found by
signup_columns, one row is checked by signup_rows; signup_records holds what is returned.

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

from collections.abc import Mapping
from pathlib import Path

from dutyboard.intake.sheets import read_table as _read_table
from dutyboard.intake.signup_columns import (
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_REQUIRED,
    VOLUNTEER_COLUMNS,
    VOLUNTEER_REQUIRED,
    SheetRow,
    data_rows,
    locate_header,
)
from dutyboard.intake.signup_records import HouseholdRow, ParseResult, RowProblem, T, VolunteerRow
from dutyboard.intake.signup_rows import (
    SignupVolunteer,
    accepted_groups,
    group_index,
    household_row,
    volunteer_row,
)
from dutyboard.storage.errors import ImportRefused
from dutyboard.storage.outfiles import LIST_CAP

__all__ = [
    "format_problems",
    "parse_households",
    "parse_volunteers",
    "read_csv_rows",
    "refuse_if_problems",
]


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
    cols, header_len, body, problems = locate_header(
        table,
        VOLUNTEER_COLUMNS,
        VOLUNTEER_REQUIRED,
        (HOUSEHOLD_COLUMNS, HOUSEHOLD_REQUIRED, "households"),
    )
    result: ParseResult[VolunteerRow] = ParseResult([], problems, encoding, cols.unknown)
    if problems:
        return result
    index = group_index(groups)
    accepted = accepted_groups(groups)
    people: dict[str, SignupVolunteer] = {}
    for line, row, reasons in data_rows(body, cols, header_len):
        person = volunteer_row(line, row, reasons, index, accepted)
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


def parse_households(path: Path) -> ParseResult[HouseholdRow]:
    """Parse a household list (楼栋, 单元, 房号, ...). Every problem of every row is
    collected; an address given twice is a problem on the later line."""
    table, encoding = _read_table(path)
    cols, header_len, body, problems = locate_header(
        table,
        HOUSEHOLD_COLUMNS,
        HOUSEHOLD_REQUIRED,
        (VOLUNTEER_COLUMNS, VOLUNTEER_REQUIRED, "volunteers"),
    )
    result: ParseResult[HouseholdRow] = ParseResult([], problems, encoding, cols.unknown)
    if problems:
        return result
    seen: dict[str, int] = {}
    previous: SheetRow | None = None
    for line, row, reasons in data_rows(body, cols, header_len):
        household = household_row(line, row, previous, reasons)
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

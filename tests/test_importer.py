"""Tests for dutyboard.intake.signups: CSV sign-up sheets and household lists from Excel/WPS.

Fixtures live in tests/data (UTF-8 with BOM, GBK, English headers, bad rows). Line
numbers asserted below are the physical lines of those files, as Excel shows them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dutyboard.intake.cell_values import normalise_phone, parse_building, parse_unit
from dutyboard.intake.signup_records import HouseholdRow, RowProblem, VolunteerRow
from dutyboard.intake.signups import (
    format_problems,
    parse_households,
    parse_volunteers,
    read_csv_rows,
    refuse_if_problems,
)
from dutyboard.storage.errors import ImportRefused, UsageError

DATA = Path(__file__).parent / "data"

GROUPS = {
    "supplies": ("物资组", "Supplies"),
    "delivery": ("快递组", "Delivery"),
    "disinfection": ("消杀组", "Disinfection"),
    "medicine": ("配药组", "Medicine"),
    "testing": ("核酸组", "Testing"),
    "care": ("关爱组", "Care"),
}


def by_name(rows: list[VolunteerRow]) -> dict[str, VolunteerRow]:
    return {r.name: r for r in rows}


def problem_pairs(problems: list[RowProblem]) -> list[tuple[int, str]]:
    return [(p.line, p.reason) for p in problems]


# --------------------------------------------------------------------------- reading


def test_read_csv_rows_gives_physical_line_numbers_and_encoding() -> None:
    header, rows, encoding = read_csv_rows(DATA / "volunteers-bom.csv")
    assert encoding == "utf-8-sig"
    assert header[0] == "序号"  # BOM not part of the first header cell
    assert header[-1] == "角色"
    lines = [line for line, _ in rows]
    # Line 6 has a quoted note spanning lines 6-7; line 8 is empty.
    assert lines == [2, 3, 4, 5, 6, 9, 10, 11, 12, 13]
    assert rows[4][1][8] == "有车\r\n可以去拉物资"


def test_read_csv_rows_gbk() -> None:
    header, rows, encoding = read_csv_rows(DATA / "volunteers-gbk.csv")
    assert encoding == "gb18030"
    assert header[1] == "姓名"
    assert rows[0] == (
        2,
        [
            "1",
            "朱建娟",
            "19679489346",
            "8号楼",
            "1-201",
            "否",
            "配药组、核酸组",
            "11:00-15:00",
            "",
            "",
        ],
    )


def test_missing_file_is_a_usage_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.csv"
    with pytest.raises(UsageError) as err:
        read_csv_rows(path)
    assert str(path) in err.value.message
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-zip", "Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old-xls", "Excel workbook"),
        (b"", "empty"),
        (b",,,\r\n,,\r\n", "empty"),
        (b"name,phone\r\n\x00\x01\x02\x00", "cannot read"),
        (b"\x80\x80\x80,\xff\xff\r\n", "cannot read"),
    ],
)
def test_unreadable_files_are_usage_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(UsageError) as err:
        parse_volunteers(path, GROUPS)
    assert expected in err.value.message
    assert str(path) in err.value.message


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="folder"):
        parse_households(tmp_path)


def test_tab_separated_utf16_unicode_text_export(tmp_path: Path) -> None:
    # Excel's "Unicode text" export: UTF-16 with BOM, tab-separated.
    path = tmp_path / "unicode.txt"
    path.write_bytes("楼栋\t单元\t房号\n5号楼\t2\t301\n".encode("utf-16"))
    result = parse_households(path)
    assert result.ok, result.problems
    assert result.encoding == "utf-16"
    assert [h.address for h in result.rows] == ["5-2-301"]


# --------------------------------------------------------------------------- volunteers


def test_bom_and_gbk_volunteer_files_give_the_same_rows() -> None:
    bom = parse_volunteers(DATA / "volunteers-bom.csv", GROUPS)
    gbk = parse_volunteers(DATA / "volunteers-gbk.csv", GROUPS)
    assert bom.ok, bom.problems
    assert gbk.ok, gbk.problems
    assert (bom.encoding, gbk.encoding) == ("utf-8-sig", "gb18030")
    assert bom.rows == gbk.rows
    assert [r.name for r in bom.rows] == [
        "朱建娟",
        "白桂军",
        "刘春珍",
        "廖国娜",
        "吕勇明",
        "袁晓",
        "付艳秀",
    ]
    assert bom.ignored_columns == []


def test_plain_row() -> None:
    rows = by_name(parse_volunteers(DATA / "volunteers-bom.csv", GROUPS).rows)
    assert rows["朱建娟"] == VolunteerRow(
        lines=(2,),
        name="朱建娟",
        phone="19679489346",
        building=8,
        room="1-201",
        party_member=False,
        groups=("medicine", "testing"),
        availability="11:00-15:00",
        role="volunteer",
        note="",
    )


def test_full_width_digits_and_spaces_are_normalised() -> None:
    rows = by_name(parse_volunteers(DATA / "volunteers-bom.csv", GROUPS).rows)
    # 刘春珍,１８９２５１３７２４４,１２号楼,３－４０１ ... group written "物资"
    liu = rows["刘春珍"]
    assert (liu.phone, liu.building, liu.room, liu.groups) == (
        "18925137244",
        12,
        "3-401",
        ("supplies",),
    )
    # "190 8414 3022", availability "7:00-11:00", role 组长
    bai = rows["白桂军"]
    assert (bai.phone, bai.availability, bai.role) == ("19084143022", "07:00-11:00", "leader")
    # "+86 156-0982-9927", "7栋", "消杀组，关爱组", "11:00～15:00", quoted note with a comma
    liao = rows["廖国娜"]
    assert liao.phone == "15609829927"
    assert liao.building == 7
    assert liao.groups == ("disinfection", "care")
    assert liao.availability == "11:00-15:00"
    assert liao.note == "腿脚不便,只在本楼"
    # "袁  晓" (padded two-character name), party "党员", groups "配药组 和 关爱组"
    yuan = rows["袁晓"]
    assert yuan.lines == (9,)
    assert yuan.party_member is True
    assert yuan.groups == ("medicine", "care")
    # Party column empty -> not a party member.
    assert rows["付艳秀"].party_member is False


def test_duplicate_phone_is_one_person_with_groups_combined() -> None:
    rows = by_name(parse_volunteers(DATA / "volunteers-bom.csv", GROUPS).rows)
    lv = rows["吕勇明"]
    # Line 6 (quoted note over lines 6-7) and line 10 ("138 2046 4636", 物资组;快递组).
    assert lv.lines == (6, 10)
    assert lv.phone == "13820464636"
    assert lv.groups == ("delivery", "supplies")
    # First row wins where it has a value ...
    assert lv.building == 3
    assert lv.room == "1-601"
    assert lv.party_member is True
    assert lv.availability == "全天"
    assert lv.note == "有车 可以去拉物资"
    # ... the second fills what the first left empty (role column: 负责人).
    assert lv.role == "leader"
    assert len([r for r in rows.values() if r.phone == "13820464636"]) == 1


def test_english_headers_and_values() -> None:
    result = parse_volunteers(DATA / "volunteers-en.csv", GROUPS)
    assert result.ok, result.problems
    assert result.encoding == "utf-8"
    li, anna, zhang = result.rows
    assert li == VolunteerRow(
        lines=(2,),
        name="Li Wei",
        phone="13812345678",
        building=5,
        room="5-2-301",
        party_member=True,
        groups=("supplies", "delivery"),
        availability="07:00-11:00",
        role="leader",
        note="",
    )
    assert anna.phone == "13987654321"  # 0086-139-8765-4321
    assert anna.groups == ("care", "testing")  # "care and testing"
    assert anna.availability == "all day"
    assert anna.note == "speaks German"
    assert zhang.groups == ("disinfection",)
    assert zhang.role == "volunteer"


def test_title_rows_above_the_header_are_skipped() -> None:
    # GBK file whose first line is a merged title cell and second line is empty; the
    # header has hints: 姓名（必填）, 手机号码*, 楼栋(选填).
    result = parse_volunteers(DATA / "volunteers-title.csv", GROUPS)
    assert result.ok, result.problems
    assert [(r.lines, r.name, r.building) for r in result.rows] == [
        ((4,), "朱建娟", 8),
        ((5,), "白桂军", 13),
    ]


def test_bad_volunteer_rows_are_all_reported_with_their_lines() -> None:
    result = parse_volunteers(DATA / "volunteers-bad.csv", GROUPS)
    assert not result.ok
    accepted = "物资组/Supplies, 快递组/Delivery, 消杀组/Disinfection, 配药组/Medicine, 核酸组/Testing, 关爱组/Care"
    assert problem_pairs(result.problems) == [
        (3, "phone '1908414302' is not an 11-digit mobile number"),
        (4, f"unknown group '后勤组'; accepted: {accepted}"),
        (5, "name is empty"),
        (6, "phone '1382046' is not an 11-digit mobile number"),
        (6, "building 'A座' is not a building number like 5 or 5号楼"),
        (6, "party member '也许' is not 是/否 or yes/no"),
        (6, f"unknown group '宣传组'; accepted: {accepted}"),
        (
            7,
            "phone 19679489346 is already used by 朱建娟 on line 2 with a different name (谭刚生)",
        ),
        (
            9,
            "phone '1.59591E+10' was turned into a number by Excel; "
            "format the column as text and export again",
        ),
        (10, f"no group given; accepted: {accepted}"),
    ]
    # Line 8 repeats 朱建娟's phone with the same name: merged, not a problem. People
    # with problems on any of their lines are not in rows.
    assert [r.name for r in result.rows] == []


def test_missing_required_header_is_a_problem_on_line_1() -> None:
    result = parse_volunteers(DATA / "volunteers-no-phone.csv", GROUPS)
    assert not result.ok
    assert result.rows == []
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.line == 1
    assert problem.reason.startswith("no column for phone; the header needs one of: 手机号")


def test_a_households_file_given_as_volunteers_says_so() -> None:
    result = parse_volunteers(DATA / "households-bom.csv", GROUPS)
    reasons = [p.reason for p in result.problems]
    assert reasons[-1] == "this looks like a households file"
    assert {p.line for p in result.problems} == {1}


def test_two_columns_with_the_same_meaning_are_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("姓名,手机号,联系电话,小组\n张三,13812345678,13812345678,物资组\n")
    result = parse_volunteers(path, GROUPS)
    assert problem_pairs(result.problems) == [
        (
            1,
            "columns 2 ('手机号') and 3 ('联系电话') both mean phone; rename or delete one",
        )
    ]


def test_unknown_columns_are_listed_and_unquoted_commas_detected(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "提交时间,姓名,手机号,小组,备注\n"
        "2022/4/1 9:00,张三,13812345678,物资组,ok\n"
        "2022/4/1 9:05,李四,13912345678,快递组,有车,周末有空\n",
        encoding="utf-8",
    )
    result = parse_volunteers(path, GROUPS)
    assert result.ignored_columns == ["提交时间"]
    assert problem_pairs(result.problems) == [
        (
            3,
            "the row has 6 cells but the header has 5 (extra value '周末有空'); "
            "is there an unquoted comma in a value?",
        )
    ]
    assert [r.name for r in result.rows] == ["张三"]


def test_group_names_match_zh_short_en_and_key(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "姓名,手机号,小组\n"
        '张三,13812345678,"物资 / DELIVERY、testing＋关爱组 ┋ 物资组"\n'
        "李四,13912345678,配药组和消杀组\n",
        encoding="utf-8",
    )
    result = parse_volunteers(path, GROUPS)
    assert result.ok, result.problems
    assert [r.groups for r in result.rows] == [
        ("supplies", "delivery", "testing", "care"),
        ("medicine", "disinfection"),
    ]


def test_empty_template_rows_with_only_a_number_are_skipped() -> None:
    # volunteers-bom.csv ends with "9,,,,,,,,," and "10,,,,,,,,," (pre-numbered 序号).
    result = parse_volunteers(DATA / "volunteers-bom.csv", GROUPS)
    assert result.ok
    assert max(line for r in result.rows for line in r.lines) == 11


# --------------------------------------------------------------------------- households

EXPECTED_HOUSEHOLDS = [
    HouseholdRow(2, 1, 1, "101", 5, False, "13179437427", ""),
    HouseholdRow(3, 1, 1, "102", 3, False, "18248307556", ""),
    HouseholdRow(4, 1, 2, "201", 1, True, "021-58123456", "独居，每周二取药"),
    HouseholdRow(5, 5, 2, "301", 2, True, "13812345678", "老伴中风半身不遂，楼上邻居帮忙洗澡"),
    HouseholdRow(6, 5, 2, "302", 4, False, "", ""),
    HouseholdRow(7, 8, 1, "101", 1, True, "13900001111", ""),
    HouseholdRow(8, 8, 1, "102", 3, False, "15868609753", ""),
    HouseholdRow(9, 12, 3, "601", 2, False, "13152203423", ""),
]


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("households-bom.csv", "utf-8-sig"), ("households-gbk.csv", "gb18030")],
)
def test_households_bom_and_gbk(name: str, encoding: str) -> None:
    result = parse_households(DATA / name)
    assert result.ok, result.problems
    assert result.encoding == encoding
    assert result.rows == EXPECTED_HOUSEHOLDS
    # "５号楼,２单元,３０１室" -> 5-2-301
    assert [h.address for h in result.rows][3] == "5-2-301"


def test_bad_household_rows_are_all_reported() -> None:
    result = parse_households(DATA / "households-bad.csv")
    assert not result.ok
    assert problem_pairs(result.problems) == [
        (3, "residents 'abc' is not a number"),
        (4, "address 1-1-101 is already on line 2"),
        (5, "residents '0' must be at least 1"),
        (
            6,
            "building is empty (if the sheet had merged cells, fill the value into every row)",
        ),
        (7, "elderly alone '可能' is not 是/否 or yes/no"),
        (7, "phone '1367160854' is neither an 11-digit mobile number nor a landline"),
    ]
    assert [h.address for h in result.rows] == ["1-1-101", "2-1-101"]
    assert result.rows[1].phone == "021-58123456"


def test_households_missing_unit_column() -> None:
    result = parse_households(DATA / "volunteers-bom.csv")
    assert problem_pairs(result.problems) == [
        (1, "no column for unit; the header needs one of: 单元, 单元号, unit"),
        (1, "this looks like a volunteers file"),
    ]


def test_households_english_headers_with_hints(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_text(
        "Building,Unit,Room,Residents (optional),Elderly_alone,Phone,Note\n"
        "5,2,301,2,Y,,bathing help\n"
        "5,2,302,,n,010 6512 3456,\n",
        encoding="utf-8",
    )
    result = parse_households(path)
    assert result.ok, result.problems
    assert result.rows == [
        HouseholdRow(2, 5, 2, "301", 2, True, "", "bathing help"),
        HouseholdRow(3, 5, 2, "302", 1, False, "010-65123456", ""),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("8", 8),
        ("8号楼", 8),
        ("８号楼", 8),
        ("8栋", 8),
        ("8 幢", 8),
        ("8#", 8),
        ("第八栋", 8),
        ("十二号楼", 12),
        ("二十一栋", 21),
        ("0", None),
        ("A座", None),
        ("8-1", None),
    ],
)
def test_building_values(text: str, value: int | None) -> None:
    assert parse_building(text) == value


@pytest.mark.parametrize(
    ("text", "value"), [("2", 2), ("2单元", 2), ("二单元", 2), ("０２", 2), ("x", None)]
)
def test_unit_values(text: str, value: int | None) -> None:
    assert parse_unit(text) == value


# --------------------------------------------------------------------------- reporting


def test_format_problems_orders_by_line_and_limits(tmp_path: Path) -> None:
    problems = [RowProblem(9, "b"), RowProblem(3, "a"), RowProblem(9, "c"), RowProblem(12, "d")]
    path = tmp_path / "志愿者.csv"
    assert format_problems(problems, path) == ["line 3: a", "line 9: b", "line 9: c", "line 12: d"]
    assert format_problems(problems, path, limit=2) == [
        "line 3: a",
        "line 9: b",
        "... and 2 more problems in 志愿者.csv",
    ]


def test_refuse_if_problems() -> None:
    path = DATA / "households-bad.csv"
    result = parse_households(path)
    with pytest.raises(ImportRefused) as err:
        refuse_if_problems(result, path)
    assert err.value.exit_code == 1
    assert "nothing imported; 6 problems in 5 rows" in err.value.message
    assert err.value.details[0] == "line 3: residents 'abc' is not a number"
    refuse_if_problems(parse_households(DATA / "households-bom.csv"), path)  # no raise


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("(+86)13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("\u202d13812345678\u202c", "13812345678"),  # direction marks from a contact card
        ("138\u200b1234\u200b5678", "13812345678"),  # zero-width spaces from a chat app
    ],
)
def test_phone_accepted(raw: str, phone: str) -> None:
    assert normalise_phone(raw) == phone


@pytest.mark.parametrize(
    "raw", ["1381234", "23812345678", "138123456789", "021-58123456", "138x1234567", ""]
)
def test_phone_rejected(raw: str) -> None:
    with pytest.raises(ValueError, match="is not an 11-digit mobile number"):
        normalise_phone(raw)


def _widen(ch: str, wide: bool) -> str:
    return chr(ord(ch) + 0xFEE0) if wide else ch


SEPARATORS = st.text(alphabet=[" ", "\u3000", "-", "－", "—", "\t"], max_size=2)


@given(
    rest=st.text(alphabet="0123456789", min_size=10, max_size=10),
    widths=st.lists(st.booleans(), min_size=11, max_size=11),
    seps=st.lists(SEPARATORS, min_size=12, max_size=12),
    prefix=st.sampled_from(["", "+86", "+86 ", "86", "0086 ", "＋８６－"]),
)
def test_phone_normaliser_accepts_any_mobile_however_written(
    rest: str, widths: list[bool], seps: list[str], prefix: str
) -> None:
    number = "1" + rest
    written = prefix + seps[0]
    for ch, wide, sep in zip(number, widths, seps[1:], strict=True):
        written += _widen(ch, wide) + sep
    assert normalise_phone(written) == number

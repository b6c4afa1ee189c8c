"""Order exports (快团团, 群接龙 mini-program): .xlsx built here with openpyxl, CSV
fixtures in tests/data/intake (UTF-8 with BOM; GBK made from it in tmp_path).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from dutyboard.intake import AddressBook, HouseholdRef, OrderEntry, ParsedOrders, parse_file
from dutyboard.intake.ktt import parse_rows
from dutyboard.intake.signups import parse_households
from dutyboard.storage.errors import UsageError

DATA = Path(__file__).parent / "data" / "intake"
BOOK = AddressBook(
    HouseholdRef(f"h{r.address}", r.building, r.unit, r.room)
    for r in parse_households(DATA / "households.csv").rows
)

HEADER = [
    "跟团号",
    "下单人",
    "团员备注",
    "商品",
    "规格",
    "数量",
    "商品金额",
    "退款金额",
    "收货人",
    "联系电话",
    "详细地址",
    "楼号（如10）",
    "单元（如2）",
    "房号（如606）",
]


def summary(orders: tuple[OrderEntry, ...]) -> list[tuple[int, str, str, tuple, bool]]:
    return [(o.line, o.name, o.address, o.items, o.cancelled) for o in orders]


def problems(result: ParsedOrders) -> list[tuple[int, str, dict[str, object], tuple[str, ...]]]:
    return [(p.line, p.reason, dict(p.fields), p.candidates) for p in result.problems]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ORDERS: list[list[object]] = [
    ["景泰嘉苑 4月28日 蔬菜团 订单导出"],
    [],
    HEADER,
    # Numbers typed as numbers, as Excel keeps them: 跟团号, 数量, phone, building, room.
    [1, "王姐🌸", None, "青菜", "2斤", 2, 20, 0, "王秀英", 13812345678, "", 5, 2, 302],
    [1, None, None, "土豆", "3斤", 1, 10, None],  # continues order 1
    [
        2,
        "小李",
        "帮忙送到87-105",
        "鸡蛋",
        "10个",
        1,
        15,
        None,
        "李明",
        "139 1234 5678",
        "",
        6,
        "",
        "101",
    ],
    [3, "阿花", None, "鸡蛋", "10个", 1, 15, 15, "花", None, None, "6", "1", "102"],  # refunded
    [4, "老张", "放门口", "牛奶", "1箱", 2, 60, 0, "张", None, None, "12号楼", "3单元", "601室"],
    [4, None, None, "面包", "1袋", 1, 15, 15],  # this line refunded, the order stays
    [5, "钱", None, "牛奶", "1箱", 2.5, 60, 0, "钱", None, None, 5, None, 302],
    [6, None, None, "青菜", "2斤", 1, 10, 0, "孙", None, "景泰路168弄5号楼1单元201室"],
    [7, "周", None, "青菜", "2斤", 1, 10, 0, "周", None, None, 9, 1, 101],
    [8, "王姐🌸", None, "鸡蛋", "10个", 1, 15, 0, "王秀英", 13812345678, None, 5, 2, 302],
    [9, "吴", None, "青菜", "2斤", 1, 10, 0, "吴", None, "12号楼1单元101室", 5, 1, 101],
    ["合计", None, None, None, None, 12, 235],
]


def test_a_ktt_workbook(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "订单.xlsx",
        {"订单汇总": [["总计", 235]], "顾客购买表": ORDERS},  # the named sheet, not the first
    )
    result = parse_file(path, BOOK)
    assert (result.kind, result.encoding, result.lines) == ("ktt", "xlsx", 14)
    assert summary(result.orders) == [
        # Orders 1 and 8 are one household's: added up, at the first one's row.
        (4, "王姐🌸", "5-2-302", (("青菜 2斤", 2), ("土豆 3斤", 1), ("鸡蛋 10个", 1)), False),
        (6, "小李", "6-1-101", (("鸡蛋 10个", 1),), False),
        (7, "阿花", "6-1-102", (), True),  # every line refunded: cancelled
        (8, "老张", "12-3-601", (("牛奶 1箱", 2),), False),  # 面包 refunded
        (11, "孙", "5-1-201", (("青菜 2斤", 1),), False),  # 收货人; from 详细地址
        (14, "吴", "5-1-101", (("青菜 2斤", 1),), False),
    ]
    wang = result.orders[0]
    assert wang.phone == "13812345678"
    assert wang.quantity_text == "2, 1, 1"
    assert wang.raw.splitlines()[1] == "1 |  |  | 土豆 | 3斤 | 1 | 10"
    assert result.orders[1].phone == "13912345678"
    assert result.orders[1].note == "帮忙送到87-105"
    assert result.orders[3].note == "放门口"
    assert problems(result) == [
        (6, "intake.note_other_address", {"address": "87-105"}, ()),
        (10, "intake.ambiguous_room", {"room": "5-302"}, ("5-1-302", "5-2-302")),
        (10, "intake.bad_quantity", {"text": "2.5"}, ()),
        (12, "intake.unknown_building", {"building": 9}, ()),
        (14, "intake.detail_other_address", {"address": "12-1-101"}, ()),
    ]
    assert result.problems[2].text.startswith("5 | 钱 |  | 牛奶 | 1箱 | 2.5 |")


def test_the_first_sheet_when_none_is_named_顾客购买表(tmp_path: Path) -> None:
    rows = [HEADER, [1, "王姐", None, "青菜", "2斤", 2, 20, 0, "王", None, None, 5, 2, 302]]
    path = workbook(tmp_path / "orders.xlsx", {"Sheet1": rows, "Sheet2": [["x", "y"]]})
    result = parse_file(path, BOOK)
    assert summary(result.orders) == [(2, "王姐", "5-2-302", (("青菜 2斤", 2),), False)]


def test_the_plain_普通团购_export_packs_quantities_into_the_product(tmp_path: Path) -> None:
    result = parse_file(DATA / "ktt-plain.csv", BOOK)
    assert summary(result.orders) == [
        (2, "王姐", "5-2-302", (("青菜", 2), ("土豆", 1)), False),
        (3, "小李", "6-1-101", (("鸡蛋", 1),), False),
        (5, "阿花", "6-1-102", (("猪肉+排骨套餐", 1),), False),  # a "+" inside a name
    ]
    assert result.orders[0].quantity_text == "青菜+2;土豆+1;"
    assert problems(result) == [(4, "intake.bad_quantity", {"text": "青菜+半"}, ())]
    # The same as a workbook.
    rows = [line.split(",") for line in (DATA / "ktt-plain.csv").read_text("utf-8").splitlines()]
    as_xlsx = parse_file(workbook(tmp_path / "plain.xlsx", {"Sheet1": rows}), BOOK)
    assert as_xlsx.orders == result.orders
    assert as_xlsx.problems == result.problems


def test_a_ktt_csv_in_utf8_with_bom_and_in_gbk(tmp_path: Path) -> None:
    bom = parse_file(DATA / "ktt-orders.csv", BOOK)
    assert bom.encoding == "utf-8-sig"
    gbk_path = tmp_path / "订单.csv"
    text = (DATA / "ktt-orders.csv").read_text(encoding="utf-8-sig").replace("🌸", "")
    gbk_path.write_bytes(text.encode("gbk"))
    gbk = parse_file(gbk_path, BOOK)
    assert gbk.encoding == "gb18030"
    assert [o._replace(name=o.name.replace("🌸", ""), raw="") for o in bom.orders] == [
        o._replace(raw="") for o in gbk.orders
    ]
    # The CSV holds the rows of the workbook test, with the header on line 3.
    assert summary(bom.orders) == [
        (4, "王姐🌸", "5-2-302", (("青菜 2斤", 2), ("土豆 3斤", 1), ("鸡蛋 10个", 1)), False),
        (6, "小李", "6-1-101", (("鸡蛋 10个", 1),), False),
        (7, "阿花", "6-1-102", (), True),
        (8, "老张", "12-3-601", (("牛奶 1箱", 2),), False),
        (11, "孙", "5-1-201", (("青菜 2斤", 1),), False),
        (14, "吴", "5-1-101", (("青菜 2斤", 1),), False),
    ]
    assert [(p.line, p.reason) for p in bom.problems] == [
        (6, "intake.note_other_address"),
        (10, "intake.ambiguous_room"),
        (10, "intake.bad_quantity"),
        (12, "intake.unknown_building"),
        (14, "intake.detail_other_address"),
    ]


def test_a_群接龙_mini_program_export_with_its_own_column_names() -> None:
    result = parse_file(DATA / "jielong-export.csv", BOOK)
    assert result.kind == "ktt"
    assert summary(result.orders) == [
        (2, "王姐", "5-2-302", (("蔬菜套餐", 2),), False),
        (3, "小李", "6-1-101", (("蔬菜套餐", 1),), False),
        (4, "阿花", "5-1-102", (("蔬菜套餐", 2),), False),  # 两份
    ]
    assert result.orders[2].note == "不要葱"
    assert result.problems == ()


def test_rows_without_a_跟团号_column_continue_the_order_above() -> None:
    rows = [
        (1, ["下单人", "商品", "数量", "详细地址"]),
        (2, ["王姐", "青菜", "2", "5-2-302"]),
        (3, ["", "土豆", "1", ""]),
        (4, ["小李", "青菜", "", "6-101"]),
    ]
    result = parse_rows(rows, BOOK)
    assert summary(result.orders) == [(2, "王姐", "5-2-302", (("青菜", 2), ("土豆", 1)), False)]
    assert problems(result) == [(4, "intake.no_quantity", {}, ())]


def test_file_errors_name_the_path(tmp_path: Path) -> None:
    not_a_workbook = tmp_path / "orders.xlsx"
    not_a_workbook.write_text("跟团号,下单人\n1,王姐\n", encoding="utf-8")
    old_xls = tmp_path / "orders.xls"
    old_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    broken_zip = tmp_path / "broken.xlsx"
    broken_zip.write_bytes(b"PK\x03\x04\x14\x00\x06\x00rest-of-a-zip")
    no_header = workbook(tmp_path / "notes.xlsx", {"Sheet1": [["今天"], ["明天", "后天"]]})
    no_header_csv = tmp_path / "notes.csv"
    no_header_csv.write_text("姓名,手机号\n张三,13812345678\n", encoding="utf-8")
    empty = workbook(tmp_path / "empty.xlsx", {"Sheet1": []})
    for path, words in [
        (tmp_path / "missing.xlsx", "no such file"),
        (tmp_path / "missing.csv", "no such file"),
        (not_a_workbook, "Excel workbook"),
        (old_xls, ".xls"),
        (broken_zip, "Excel workbook"),
        (no_header, "no order table found"),
        (no_header_csv, "no order table found"),
        (empty, "empty"),
    ]:
        with pytest.raises(UsageError) as error:
            parse_file(path, BOOK)
        assert str(path) in error.value.message, path
        assert words in error.value.message, error.value.message
        assert "\n" not in error.value.message


def test_a_workbook_renamed_to_txt_by_a_chat_app_is_still_read(tmp_path: Path) -> None:
    rows = [HEADER, [1, "王姐", None, "青菜", "2斤", 2, 20, 0, "王", None, None, 5, 2, 302]]
    path = workbook(tmp_path / "orders.xlsx", {"Sheet1": rows})
    renamed = path.rename(tmp_path / "orders.txt")
    assert parse_file(renamed, BOOK).kind == "ktt"

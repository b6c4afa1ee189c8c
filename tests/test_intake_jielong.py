"""The 群接龙 parser: pasted posts with copies, quotes, cancels, edits and mistakes.

Fixtures: tests/data/intake/jielong-*.txt; the book is tests/data/intake/households.csv
(see tests/test_intake_address.py).
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from dutyboard.i18n import CATALOG, t
from dutyboard.i18n.catalogues.intake import STRINGS
from dutyboard.intake import AddressBook, HouseholdRef, OrderEntry, ParsedOrders, parse_file
from dutyboard.intake import parse_text as parse
from dutyboard.intake.signups import parse_households
from dutyboard.storage.errors import UsageError

DATA = Path(__file__).parent / "data" / "intake"
BOOK = AddressBook(
    HouseholdRef(f"h{r.address}", r.building, r.unit, r.room)
    for r in parse_households(DATA / "households.csv").rows
)


def summary(orders: tuple[OrderEntry, ...]) -> list[tuple[int, str, str, tuple, str, bool]]:
    return [(o.line, o.name, o.address, o.items, o.quantity_text, o.cancelled) for o in orders]


def problems(result: ParsedOrders) -> list[tuple[int, str, dict[str, object], tuple[str, ...]]]:
    return [(p.line, p.reason, dict(p.fields), p.candidates) for p in result.problems]


def one(text: str) -> OrderEntry:
    result = parse_text(text)
    assert result.problems == (), result.problems
    assert len(result.orders) == 1, result.orders
    return result.orders[0]


def parse_text(text: str) -> ParsedOrders:
    return parse(text, BOOK)


# --------------------------------------------------------------------------- a real paste


def test_a_chat_with_three_copies_a_quoted_reply_a_cancel_and_edits() -> None:
    result = parse_file(DATA / "jielong-copies.txt", BOOK)
    assert (result.kind, result.encoding, result.lines) == ("jielong", "utf-8", 64)
    # One order per household, in the order households first appeared; the last copy's
    # entries win (line numbers are those of the third copy).
    assert summary(result.orders) == [
        (61, "王姐🌸", "5-2-302", (("", 3),), "3份", False),  # 14. 改成3份 (edit)
        (60, "小李", "6-1-101", (), "", True),  # 13. 取消
        (49, "Lily 🍀", "5-1-102", (("", 2),), "两份", False),  # full-width digits
        (50, "老张", "5-2-301", (("", 1),), "1份", False),
        (51, "阿花", "6-1-102", (("", 3),), "2大1小", False),  # the address comes first
        (52, "陈伯伯", "5-1-201", (("", 3),), "3", False),  # a bare number
        (54, "🐱咪咪", "6-1-202", (("", 2),), "2斤", False),
        (62, "郑", "5-1-301", (("", 1),), "1份", False),
        (64, "冯阿姨", "12-3-601", (("", 1),), "1份", False),  # １６．…：…。
    ]
    chen = result.orders[5]
    assert chen.note == "不要太大的土豆，放门口就好"
    assert chen.raw == "6. 陈伯伯 五号楼一单元201 3\n   不要太大的土豆，放门口就好"
    assert chen.household == "h5-1-201" and chen.building == 5
    assert result.orders[-1].phone == "13900001111"
    assert problems(result) == [
        (
            55,
            "intake.ambiguous_room",
            {"room": "302"},
            ("5-1-302", "5-2-302", "6-1-302", "12-1-302", "12-2-302", "12-3-302"),
        ),
        (56, "intake.unknown_building", {"building": 9}, ()),
        (57, "intake.unknown_room", {"address": "5-2-309"}, ()),
        (58, "intake.no_address", {}, ()),
        (59, "intake.bad_quantity", {"text": "半份"}, ()),
        (62, "intake.note_other_address", {"address": "6-1-201"}, ()),
    ]
    # Problems carry the raw text of the whole entry.
    assert result.problems[1].text == "9. 钱多多 9-1-101 1份"
    assert result.problems[-1].text == "15. 郑 5-1-301 1份\n    帮忙送到6-1-201我妈家"


def test_english_wechat_group_note_with_every_number_mark() -> None:
    result = parse_file(DATA / "jielong-group-note.txt", BOOK)
    assert result.problems == ()
    assert summary(result.orders) == [
        (5, "Amy", "5-1-101", (("", 1),), "1", False),
        (6, "Bob", "5-2-201", (("", 2),), "2份", False),  # 2、
        (7, "陈阿姨", "6-1-302", (("", 2),), "2份", False),  # 3， and 。
        (8, "Dave", "12-2-601", (("", 1),), "+1", False),  # ４． and 12 2 601
        (9, "黄", "5-1-102", (("", 2),), "两份", False),
        (10, "Eva", "12-3-101", (("", 2),), "x2", False),  # 第十二栋三单元
    ]


def test_every_address_spelling_in_one_post() -> None:
    result = parse_file(DATA / "jielong-spellings.txt", BOOK)
    assert [(o.line, o.name, o.address) for o in result.orders] == [
        (5, "王姐[玫瑰]", "5-2-302"),  # a WeChat emoticon in the nickname
        (6, "小李", "5-2-301"),
        (7, "老张", "5-1-302"),
        (8, "阿花", "5-1-201"),
        (9, "陈", "6-1-302"),  # 6#302: building 6 has one unit
        (10, "周", "6-1-202"),
        (11, "吴", "7-2-1201"),  # only unit 2 of building 7 has a 1201
        (12, "郑", "12-3-601"),
        (13, "冯", "5-1-202"),
        (14, "卫", "12-2-501"),
        (17, "韩", "5-1-101"),
    ]
    # Without the unit, where building 5 has a 302 and a 301 in both units: not guessed.
    assert problems(result) == [
        (15, "intake.ambiguous_room", {"room": "5-302"}, ("5-1-302", "5-2-302")),
        (16, "intake.ambiguous_room", {"room": "5-301"}, ("5-1-301", "5-2-301")),
    ]


def test_a_numbered_topic_is_not_read_as_orders() -> None:
    result = parse_file(DATA / "jielong-numbered-topic.txt", BOOK)
    assert result.problems == ()
    assert summary(result.orders) == [
        (7, "王姐", "5-2-302", (("", 1),), "", False),  # nothing written: one
        (8, "老李", "6-1-101", (("", 2),), "2份", False),
    ]


def test_a_quoted_copy_older_than_the_list_does_not_undo_an_edit() -> None:
    result = parse_file(DATA / "jielong-stale-quote.txt", BOOK)
    assert result.problems == ()
    assert summary(result.orders) == [
        (6, "王姐", "5-2-302", (("", 2),), "2箱", False),
        (5, "小李", "6-1-101", (("", 2),), "2箱", False),
    ]


def test_a_paste_holding_only_a_quoted_copy_reads_the_quote() -> None:
    result = parse_file(DATA / "jielong-quote-only.txt", BOOK)
    assert result.problems == ()
    assert summary(result.orders) == [
        (4, "王姐", "5-2-302", (("", 1),), "1箱", False),
        (5, "小李", "6-1-101", (("", 2),), "2箱", False),  # without the closing 」
    ]


def test_a_chat_with_no_numbered_entries() -> None:
    result = parse_file(DATA / "jielong-chat.txt", BOOK)
    assert result.orders == ()
    assert problems(result) == [(1, "intake.no_entries", {}, ())]
    assert result.problems[0].text == "陈团长：明天的蔬菜团大家记得报名"
    assert problems(parse_text("")) == [(1, "intake.no_entries", {}, ())]
    assert parse_text("#接龙\n蔬菜团\n例 5-2-302 王姐 1份\n").orders == ()


# --------------------------------------------------------------------------- entries


@pytest.mark.parametrize(
    ("written", "items", "quantity_text"),
    [
        ("2份", (("", 2),), "2份"),
        ("+1", (("", 1),), "+1"),
        ("＋２", (("", 2),), "+2"),
        ("2斤", (("", 2),), "2斤"),
        ("2大1小", (("", 3),), "2大1小"),
        ("3", (("", 3),), "3"),
        ("两份", (("", 2),), "两份"),
        ("十二份", (("", 12),), "十二份"),
        ("x2", (("", 2),), "x2"),
        ("", (("", 1),), ""),
        ("1份（约5斤）", (("", 1),), "1份"),
        ("88元 2份", (("", 2),), "2份"),
        ("白菜2份 土豆1份", (("白菜", 2), ("土豆", 1)), "白菜2份 土豆1份"),
        ("13812345678", (("", 1),), ""),
    ],
)
def test_quantities(written: str, items: tuple, quantity_text: str) -> None:
    order = one(f"#接龙\n1. 王姐 5-2-302 {written}")
    assert (order.items, order.quantity_text) == (items, quantity_text)
    assert order.units == sum(q for _, q in items)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("半份", "半份"),
        ("2.5份", "2.5份"),
        ("1/2份", "1/2份"),
        ("份份", "份"),
        ("0份", "0份"),
        ("2份 3份", "2份 3份"),
        ("2 3", "2 3"),
    ],
)
def test_quantities_that_cannot_be_read(written: str, shown: str) -> None:
    text = f"#接龙\n1. 王姐 5-2-302 {written}"
    result = parse_text(text)
    assert result.orders == ()
    assert problems(result) == [(2, "intake.bad_quantity", {"text": shown}, ())]
    assert result.problems[0].text == f"1. 王姐 5-2-302 {written}"


def test_the_nickname_may_hold_the_address() -> None:
    order = one("#接龙\n1. 6-302 王姐 2份")
    assert (order.name, order.address, order.units) == ("王姐", "6-1-302", 2)


def test_a_quantity_before_the_address() -> None:
    order = one("#接龙\n1. 王姐 2份 5-2-302")
    assert (order.name, order.quantity_text, order.units) == ("王姐 2份", "2份", 2)


def test_the_address_on_a_continuation_line() -> None:
    order = one("#接龙\n1. 王姐🌸\n5-2-302 2份")
    assert (order.address, order.units, order.note) == ("5-2-302", 2, "5-2-302 2份")


def test_continuation_lines_end_at_a_blank_line() -> None:
    order = one("#接龙\n1. 王姐 5-2-302\n不要葱\n放门口\n\n王姐：谢谢团长")
    assert order.note == "不要葱\n放门口"


def test_the_last_entry_of_a_household_wins_even_within_one_copy() -> None:
    result = parse_text("#接龙\n1. 王姐 5-2-302 2份\n2. 小李 6-101\n3. 王老师 5号楼2单元302 1份")
    assert summary(result.orders) == [
        (4, "王老师", "5-2-302", (("", 1),), "1份", False),
        (3, "小李", "6-1-101", (("", 1),), "", False),
    ]


def test_a_later_correct_entry_clears_an_earlier_bad_one_and_not_the_reverse() -> None:
    fixed = parse_text("#接龙\n1. 王姐 5-2-302 半份\n2. 王姐 5-2-302 1份")
    assert fixed.problems == ()
    assert [o.units for o in fixed.orders] == [1]
    broken = parse_text("#接龙\n1. 王姐 5-2-302 1份\n2. 王姐 5-2-302 半份")
    assert broken.orders == ()
    assert problems(broken) == [(3, "intake.bad_quantity", {"text": "半份"}, ())]


def test_a_cancel_then_a_new_entry_orders_again() -> None:
    result = parse_text("#接龙\n1. 王姐 5-2-302 2份\n2. 王姐 5-2-302 取消\n3. 王姐 5-2-302 1份")
    assert [(o.cancelled, o.units) for o in result.orders] == [(False, 1)]
    cancelled = parse_text("#接龙\n1. 王姐 5-2-302 2份\n2. 王姐 5-2-302 取消 半份")
    assert [(o.cancelled, o.items) for o in cancelled.orders] == [(True, ())]
    assert cancelled.problems == ()


def test_a_problem_repeated_in_every_copy_is_listed_once_at_its_last_line() -> None:
    copy = "#接龙\n团购\n\n1. 周 小区门口自提 1份\n2. 王姐 5-2-302 2份\n"
    result = parse_text(copy + copy + copy)
    assert problems(result) == [(14, "intake.no_address", {}, ())]
    assert summary(result.orders) == [(15, "王姐", "5-2-302", (("", 2),), "2份", False)]


def test_decimals_and_dates_at_a_line_start_are_not_entry_numbers() -> None:
    result = parse_text("#接龙\n1. 王姐 5-2-302 1份\n2.5斤一袋的那种\n2022.4.28到货")
    assert [o.note for o in result.orders] == ["2.5斤一袋的那种\n2022.4.28到货"]
    assert result.problems == ()


def test_windows_and_old_mac_line_breaks() -> None:
    result = parse_text("#接龙\r\n1. 王姐 5-2-302 2份\r\n2. 小李 6-101\r3. 老张 7-1201 1份")
    assert [(o.line, o.address) for o in result.orders] == [
        (2, "5-2-302"),
        (3, "6-1-101"),
        (4, "7-2-1201"),
    ]


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")],
)
def test_a_saved_post_in_any_chinese_encoding(tmp_path: Path, encoding: str, expected: str) -> None:
    text = (DATA / "jielong-copies.txt").read_text(encoding="utf-8")
    path = tmp_path / "接龙.txt"
    path.write_bytes(text.encode(encoding))
    result = parse_file(path, BOOK)
    assert result.encoding == expected
    assert result.orders == parse_text(text).orders
    assert result.problems == parse_text(text).problems


def test_file_errors_name_the_path(tmp_path: Path) -> None:
    for path, words in [
        (tmp_path / "missing.txt", "no such file"),
        (tmp_path, "folder"),
    ]:
        with pytest.raises(UsageError) as error:
            parse_file(path, BOOK)
        assert str(path) in error.value.message and words in error.value.message
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(UsageError, match="cannot read the file as text") as error:
        parse_file(binary, BOOK)
    assert str(binary) in error.value.message
    assert error.value.exit_code == 2


# --------------------------------------------------------------------------- catalogue


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_intake_string_in_both_languages_with_the_same_fields() -> None:
    assert STRINGS
    for key, (zh, en) in STRINGS.items():
        assert key.startswith("intake."), key
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key
        assert CATALOG[key] == (zh, en)


def test_every_reason_the_parsers_give_has_a_text_with_its_fields() -> None:
    texts = [
        (DATA / name).read_text(encoding="utf-8")
        for name in ("jielong-copies.txt", "jielong-chat.txt")
    ]
    texts.append("#接龙\n1. 小王 5-2-302 帮 6-1-101 带一份")
    seen = set()
    for text in texts:
        for problem in parse_text(text).problems:
            seen.add(problem.reason)
            for lang in ("zh", "en"):
                shown = t(problem.reason, lang, **problem.fields)
                assert shown != problem.reason and "{" not in shown
    assert seen == {
        "intake.ambiguous_room",
        "intake.unknown_building",
        "intake.unknown_room",
        "intake.no_address",
        "intake.bad_quantity",
        "intake.note_other_address",
        "intake.no_entries",
        "intake.several_addresses",
    }

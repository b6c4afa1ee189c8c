"""AddressBook: every spelling of an address people write, and what is never one.

The book (tests/data/intake/households.csv): building 5 has units 1 and 2, building 6
one unit, building 7 unit 1 (101, 102) and unit 2 (101, 1201), building 12 three
units; rooms 101-602 where not said otherwise. There is no building 9.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dutyboard.core.model import Household
from dutyboard.intake import AddressBook, HouseholdRef, Resolved
from dutyboard.intake.signups import parse_households

DATA = Path(__file__).parent / "data" / "intake"


def load_book() -> AddressBook:
    rows = parse_households(DATA / "households.csv").rows
    return AddressBook(HouseholdRef(f"h{r.address}", r.building, r.unit, r.room) for r in rows)


BOOK = load_book()


def found(resolved: Resolved) -> str:
    assert resolved.reason is None, resolved
    assert resolved.household == f"h{resolved.address}"
    return resolved.address


# --------------------------------------------------------------------------- spellings

FULL_SPELLINGS = [
    "5-2-302",
    "5号楼2单元302",
    "5栋2单元302室",
    "5幢2-302",
    "5号楼2-302",
    "5#2-302",
    "5-2-302室",
    "5 2 302",
    "5/2/302",
    "5号楼 2单元 302室",
    "五号楼二单元302",
    "第五栋2单元302",
    "５－２－３０２",
    "５号楼２单元３０２室",
    "5—2—302",  # em dashes from a Chinese keyboard
]


@pytest.mark.parametrize("text", FULL_SPELLINGS)
def test_every_full_spelling_resolves_alone(text: str) -> None:
    assert found(BOOK.resolve(text)) == "5-2-302"


@pytest.mark.parametrize("text", FULL_SPELLINGS)
def test_every_full_spelling_is_found_inside_free_text(text: str) -> None:
    entry = f"王姐🌸 {text} 2份"
    resolved = BOOK.find(entry)
    assert found(resolved) == "5-2-302"
    assert resolved.span is not None
    assert entry[resolved.span[0] : resolved.span[1]] == text


@pytest.mark.parametrize(
    "text", ["6#302", "6号302", "6-302", "6号楼302", "6栋302室", "6 302", "六号楼302"]
)
def test_building_and_room_in_a_one_unit_building(text: str) -> None:
    assert found(BOOK.resolve(text)) == "6-1-302"
    assert found(BOOK.find(f"老李 {text} +1")) == "6-1-302"


def test_building_and_room_when_only_one_unit_has_that_room() -> None:
    assert found(BOOK.resolve("7-1201")) == "7-2-1201"
    assert found(BOOK.find("7号楼1201 两份")) == "7-2-1201"


@pytest.mark.parametrize("text", ["5-302", "5#302", "5号302", "5号楼302", "5栋302室"])
def test_building_and_room_without_unit_is_ambiguous_with_candidates(text: str) -> None:
    for resolved in (BOOK.resolve(text), BOOK.find(f"{text} 王姐")):
        assert resolved.household is None
        assert resolved.reason == "intake.ambiguous_room"
        assert resolved.candidates == ("5-1-302", "5-2-302")
        assert resolved.building == 5
        assert resolved.written == "5-302"


def test_a_room_alone_at_the_gate_is_ambiguous_across_buildings() -> None:
    resolved = BOOK.resolve("302")
    assert resolved.reason == "intake.ambiguous_room"
    assert resolved.candidates == (
        "5-1-302",
        "5-2-302",
        "6-1-302",
        "12-1-302",
        "12-2-302",
        "12-3-302",
    )
    assert resolved.building is None
    # ... and a room only one household has is that household.
    assert found(BOOK.resolve("1201室")) == "7-2-1201"


def test_a_room_alone_in_free_text_counts_only_when_nothing_else_does() -> None:
    assert BOOK.find("赵 302 1份").reason == "intake.ambiguous_room"
    assert found(BOOK.find("赵 302 1份 6-101")) == "6-1-101"


# --------------------------------------------------------------------------- not addresses


@pytest.mark.parametrize(
    "text",
    [
        "王姐 2份",
        "小李 +1",
        "老张 2斤",
        "阿花 2大1小",
        "13812345678",
        "王姐 138-1234-5678 2份",
        "+86 138 1234 5678",
        "021-58123456",
        "5月3日 10:30 到货",
        "88元一份",
        "¥128",
        "小区门口自提",
        "",
        "   ",
    ],
)
def test_quantities_phones_money_and_times_are_not_addresses(text: str) -> None:
    assert BOOK.find(text) == Resolved(None, "", None, "intake.no_address")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("邻居1 12号楼3单元601 1份", "12-3-601"),  # not "1 12" read as building 1
        ("邻居3 5-2-302", "5-2-302"),
        ("Amy2022 6-302", "6-1-302"),
        ("小王 5幢2-302", "5-2-302"),  # not "2-302" inside it
        ("十二栋3单元601", "12-3-601"),  # not 二栋
    ],
)
def test_digits_next_to_an_address_do_not_take_it_over(text: str, address: str) -> None:
    assert found(BOOK.find(text)) == address


def test_a_phone_next_to_an_address_is_left_alone() -> None:
    resolved = BOOK.find("王姐 13812345678 5-2-302 2份")
    assert found(resolved) == "5-2-302"


def test_unknown_building_and_unknown_room() -> None:
    missing = BOOK.resolve("9-1-101")
    assert (missing.reason, missing.building, missing.written) == (
        "intake.unknown_building",
        9,
        "9-1-101",
    )
    room = BOOK.find("孙 5-2-309 1份")
    assert (room.reason, room.building, room.written) == ("intake.unknown_room", 5, "5-2-309")
    assert room.household is None and room.address == ""
    unit = BOOK.resolve("6-2-101")  # building 6 has one unit
    assert (unit.reason, unit.written) == ("intake.unknown_room", "6-2-101")


@pytest.mark.parametrize("text", ["abc", "5号楼", "5-2", "二单元", "302号楼"])
def test_resolve_refuses_what_is_not_a_whole_address(text: str) -> None:
    assert BOOK.resolve(text).reason == "intake.no_address"


def test_two_different_households_in_one_text_are_not_guessed() -> None:
    resolved = BOOK.find("小王 5-2-302 帮 6-1-101 带一份")
    assert resolved.reason == "intake.several_addresses"
    assert resolved.household is None
    assert resolved.candidates == ("5-2-302", "6-1-101")
    # The same household written twice is one address.
    assert found(BOOK.find("5-302王姐 5-2-302 2份")) == "5-2-302"
    # A known address beside an unknown one: the known one (others check other_address).
    assert found(BOOK.find("5-2-302 帮忙送到87-105")) == "5-2-302"


def test_spans_point_into_the_text_as_written() -> None:
    text = "👩\u200d👩\u200d👧 王姐\u200b ５－２－３０２室 ２份"
    resolved = BOOK.find(text)
    assert resolved.span is not None
    assert text[resolved.span[0] : resolved.span[1]] == "５－２－３０２室"
    resolved = BOOK.resolve("  5 2 302 ")
    assert resolved.span == (2, 9)


def test_other_address_names_what_differs() -> None:
    own = BOOK.resolve("5-2-302")
    assert BOOK.other_address("帮忙送到87-105", own) == "87-105"
    assert BOOK.other_address("放6-1-201门口", own) == "6-1-201"
    assert BOOK.other_address("放门口 5-302", own) is None  # may well be 5-2-302
    assert BOOK.other_address("5号楼2单元302室", own) is None
    assert BOOK.other_address("不要葱 2份", own) is None


# --------------------------------------------------------------------------- columns


@pytest.mark.parametrize(
    ("building", "unit", "room", "free", "address"),
    [
        ("5", "2", "302", "", "5-2-302"),
        ("5号楼", "二单元", "302室", "", "5-2-302"),
        ("５", "２", "３０２", "", "5-2-302"),
        ("5", "", "2-302", "", "5-2-302"),
        ("5号楼", "", "2单元302", "", "5-2-302"),
        ("", "", "5-2-302", "", "5-2-302"),
        ("5", "2", "5-2-302", "", "5-2-302"),
        ("6", "", "302", "", "6-1-302"),
        ("", "", "", "上海市浦东新区景泰路168弄5号楼2单元302室", "5-2-302"),
        ("", "", "1201", "", "7-2-1201"),
    ],
)
def test_from_parts(building: str, unit: str, room: str, free: str, address: str) -> None:
    assert found(BOOK.from_parts(building, unit, room, free)) == address


def test_from_parts_problems() -> None:
    assert BOOK.from_parts("5", "", "302").candidates == ("5-1-302", "5-2-302")
    assert BOOK.from_parts("9", "1", "101").reason == "intake.unknown_building"
    assert BOOK.from_parts("5", "2", "309").reason == "intake.unknown_room"
    assert BOOK.from_parts("", "", "").reason == "intake.no_address"
    assert BOOK.from_parts("", "", "", "景泰路168弄").reason == "intake.no_address"
    # The room column's full address disagrees with the building column: not guessed.
    assert BOOK.from_parts("6", "", "5-2-302").household is None


# --------------------------------------------------------------------------- the book


def test_the_book_takes_model_households_too() -> None:
    book = AddressBook([Household("x1", 3, 1, "0501", 2, False)])
    assert book.resolve("3-1-501").household == "x1"
    assert book.resolve("3-1-501").address == "3-1-0501"  # the book's own spelling
    assert len(book) == 1


def test_five_thousand_households_and_two_thousand_lookups_are_quick() -> None:
    refs = [
        HouseholdRef(f"h{b}-{u}-{f}{r:02d}", b, u, f"{f}{r:02d}")
        for b in range(1, 71)
        for u in range(1, 4)
        for f in range(1, 13)
        for r in (1, 2)
    ][:5000]
    started = time.perf_counter()
    book = AddressBook(refs)
    texts = [f"王姐 {h.building}号楼{h.unit}单元{h.room} 2份" for h in refs[::2][:2000]]
    results = [book.find(t) for t in texts]
    elapsed = time.perf_counter() - started
    assert all(r.household for r in results)
    assert elapsed < 1.0, elapsed  # about 0.05 s on a laptop

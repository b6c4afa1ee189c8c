"""The Deliveries view's side of issue 12, plain data from a board (no Textual):
door-only rows from the building's status as drawn, a released batch's shortfalls
and notes, parcels with their shelf counts and overdue ones, who may carry, and what
the gate dialog says after an entry.

``supplies_board`` and ``release_batch`` make a small community and a batch released
through the core; the Pilot tests (tests/tui/test_deliveries_supplies.py) and the
snapshots use them too.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.model import Task, Volunteer
from dutyboard.groups.supplies import gate, offers, orders, parcels
from dutyboard.groups.supplies.offers import Item
from dutyboard.i18n import CATALOG, t
from dutyboard.i18n.catalogues import deliveries_tui
from dutyboard.intake import parse_text
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.views.deliveries import DeliveriesView, build_deliveries, carrier_choices
from dutyboard.views.parcels import (
    PARCEL_BATCH,
    ParcelRow,
    entry_lines,
    entry_report,
    parse_count,
    rooms_of,
    shelf_counts,
)
from tests.factories import TODAY, person, slot, tiny_board

DAY = pendulum.date(2022, 4, 26)
ROOT = Path(__file__).resolve().parents[1] / "dutyboard"
HOUSEHOLDS = [
    ("h5a", 5, 1, "101"),
    ("h5b", 5, 1, "102"),
    ("h5c", 5, 1, "302"),
    ("h5d", 5, 2, "302"),
    ("h6a", 6, 1, "101"),
    ("h6b", 6, 1, "201"),
    ("h4a", 4, 1, "101"),
    ("h3a", 3, 1, "101"),
]
# A 群接龙 post as pasted from the chat: 4-1-101 joined last and is left short of one
# box by the count at the gate; 6-1-101 wrote a note on the line below.
POST = """#接龙
青菜套餐 今天到
1. 王姐 5-1-101 2份
2. 小李 5-1-102 1份
3. 陈阿姨 6-1-101 1份
放门口，谢谢[/b]
4. 赵 4-1-101 2份
"""


def supplies_board(tmp_path: Path, **overrides: Any) -> Board:
    """Buildings 1-6 (6 sealed, 4 positive), eight households, a delivery slot now
    with 周宝, 李明 and 王芳 (who lives in sealed 6: she cannot carry), a leader."""
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "组长老张", role="leader", groups=("supplies", "delivery")),
            person("zhou", "周宝", building=1, phone="13800000001"),
            person("li", "李明", building=2, phone="13800000002"),
            person("wang", "王芳", building=6, phone="13800000003"),
            person("gate", "门岗小刘", building=3, groups=("supplies",)),
        ],
        slots=[slot("am", "delivery", "07:00", "11:00", needed=3)],
        assignments=[("zhou", "am"), ("li", "am"), ("wang", "am")],
        building_status=[(6, "sealed"), (4, "positive")],
        **overrides,
    )
    with board.transaction() as tx:
        for hid, building, unit, room in HOUSEHOLDS:
            values = {"building": building, "unit": unit, "room": room}
            tx.insert("households", values, record_id=hid)
    return board


def clock_of(board: Board) -> FixedClock:
    assert isinstance(board.clock, FixedClock)
    return board.clock


def volunteer(board: Board, vid: str) -> Volunteer:
    found = board.volunteer(vid)
    assert found is not None, vid
    return found


def release_batch(board: Board, received: int = 5) -> gate.Release:
    """The post above through the core: an approved offer with its papers, the orders
    reviewed and applied, arrived, counted (``received`` of 6 boxes), sprayed, rested
    and released by the leader. The board's clock moves on past the rest time."""
    lead = volunteer(board, "lead")
    offer = offers.add_offer(
        board, lead, "青菜套餐", supplier="江桥基地", items=[Item("青菜套餐", "份", 39)]
    )
    papers = {p.key: "today" for p in offers.spec(board).papers}
    offer = offers.approve(board, offers.set_papers(board, offer, lead, papers), lead)
    review = orders.review(board, parse_text(POST, orders.address_book(board)), offer.code)
    assert not review.problems, review.problems
    orders.apply_review(board, review, lead)
    offer = gate.arrive(board, offer, lead)
    gate.count(board, offer, {"": received}, lead)
    offer = gate.spray(board, offer, lead)
    clock_of(board).advance(minutes=offers.spec(board).rest_minutes + 1)
    found = offers.get_offer(board, offer.id)
    assert found is not None
    return gate.release(board, found, lead)


def add(board: Board, *rooms: str, courier: str = "", count: int = 1) -> parcels.ParcelsAdded:
    return parcels.add_parcels(board, rooms, volunteer(board, "gate"), courier=courier, count=count)


def parcel_row(view: DeliveriesView, address: str) -> ParcelRow:
    found = next((p for p in view.parcels if p.address == address), None)
    assert found is not None, address
    return found


def task(board: Board, tid: str) -> Task:
    found = board.task(tid)
    assert found is not None, tid
    return found


@pytest.fixture
def board(tmp_path: Path) -> Board:
    return supplies_board(tmp_path)


def view_of(board: Board, lang: str = "zh") -> DeliveriesView:
    return build_deliveries(board, DAY, lang, board.now())


# ---------------------------------------------------------------- released batch


def test_a_released_batch_shows_door_only_short_and_note(board: Board) -> None:
    release_batch(board)
    view = view_of(board)
    by_address = {r.address: r for r in view.rows}
    assert list(by_address) == ["4-1-101", "5-1-101", "5-1-102", "6-1-101"]
    assert (
        by_address["4-1-101"].short == "青菜套餐×1" and by_address["4-1-101"].items == "青菜套餐×1"
    )
    assert by_address["6-1-101"].note == "放门口，谢谢[/b]"  # as typed: the pane shows text
    assert by_address["5-1-101"].short == "" and by_address["5-1-101"].items == "青菜套餐×2"
    assert [r.door_only for r in by_address.values()] == [True, False, False, True]
    assert by_address["4-1-101"].building_status == "positive"
    assert view.batches[0].name == "青菜套餐"


def test_a_household_left_with_nothing_shows_no_items_but_what_is_short(board: Board) -> None:
    release_batch(board, received=3)
    rows = {r.address: r for r in view_of(board).rows}
    assert rows["4-1-101"].items == "" and rows["4-1-101"].short == "青菜套餐×2"
    assert rows["6-1-101"].items == "" and rows["6-1-101"].short == "青菜套餐×1"


def test_a_building_sealed_later_is_door_only_on_the_next_build(board: Board) -> None:
    release_batch(board)
    assert not {r.address: r for r in view_of(board).rows}["5-1-101"].door_only
    with board.transaction() as tx:
        tx.insert("building_status", {"building": 5, "date": TODAY, "status": "sealed"})
    rows = {r.address: r for r in view_of(board).rows}
    assert rows["5-1-101"].door_only and rows["5-1-102"].building_status == "sealed"


def test_carrier_choices_are_the_delivery_people_free_to_go_out(board: Board) -> None:
    release_batch(board)
    people = carrier_choices(board, board.now())
    assert [p.name for p in people] == ["周宝", "李明"]  # 王芳 lives in sealed 6
    assert sum(p.carrying for p in people) == 4
    gate.assign(
        board,
        next(b.id for b in board.batches()),
        5,
        volunteer(board, "li"),
        volunteer(board, "lead"),
    )
    people = carrier_choices(board, board.now())
    carrying = {p.name: p.carrying for p in people}
    assert carrying["李明"] >= 2


# ---------------------------------------------------------------- parcels


def test_parcels_become_rows_after_the_deliveries_with_shelf_counts(board: Board) -> None:
    add(board, "5-1-101", courier="顺丰")
    add(board, "6-1-201", "5-1-102", count=2)
    view = view_of(board)
    assert [p.address for p in view.parcels] == ["5-1-101", "5-1-102", "6-1-201"]
    first = parcel_row(view, "5-1-101")
    assert (first.courier, first.count, first.items, first.received) == (
        "顺丰",
        1,
        "快递×1",
        "09:00",
    )
    assert first.batch == PARCEL_BATCH and first.is_parcel and not first.door_only
    assert parcel_row(view, "6-1-201").door_only
    assert [(s.building, s.parcels, s.door_only) for s in view.shelf()] == [
        (5, 3, False),
        (6, 2, True),
    ]
    assert view.all_rows == view.rows + view.parcels
    assert view.progress.total == len(view.rows)  # parcels are not deliveries' progress


def test_a_parcel_older_than_a_day_is_overdue_and_shows_its_date(board: Board) -> None:
    clock_of(board).advance(days=-1, hours=-2)
    add(board, "5-1-101")
    clock_of(board).advance(days=1, hours=2)
    add(board, "5-1-102")
    view = view_of(board)
    old, new = parcel_row(view, "5-1-101"), parcel_row(view, "5-1-102")
    assert old.overdue and not new.overdue
    assert old.received == "4月25日 07:00" and new.received == "09:00"
    assert parcel_row(view_of(board, "en"), "5-1-101").received == "25 Apr 07:00"
    assert view.overdue_parcels == 1


def test_handed_parcels_leave_the_shelf_and_say_how(board: Board) -> None:
    added = add(board, "5-1-101", "5-1-102", "6-1-101")
    by_address = {t.address: t for t in added.added}
    gate_person = volunteer(board, "gate")
    parcels.hand_over(board, [by_address["5-1-101"]], gate_person, "pickup")
    parcels.hand_over(board, [by_address["6-1-101"]], gate_person, "door")
    view = view_of(board)
    assert parcel_row(view, "5-1-101").handed == "pickup"
    assert parcel_row(view, "6-1-101").handed == "door"
    assert parcel_row(view, "6-1-101").done_by == "门岗小刘"
    assert [(s.building, s.parcels) for s in view.shelf()] == [(5, 1)]
    with pytest.raises(Refused):
        parcels.hand_over(board, [task(board, by_address["6-1-101"].id)], gate_person, "pickup")


def test_with_status_and_one_building_cover_parcels(board: Board) -> None:
    release_batch(board)
    add(board, "5-1-101", "6-1-101")
    view = view_of(board)
    parcel = parcel_row(view, "5-1-101")
    after = view.with_status((parcel.task_id,), "done", handed="door")
    changed = after.row(parcel.task_id)
    assert isinstance(changed, ParcelRow) and changed.handed == "door"
    assert [(s.building, s.parcels) for s in after.shelf()] == [(6, 1)]
    five = view.only_building(5)
    assert {r.building for r in five.all_rows} == {5} and len(five.parcels) == 1
    assert view.only_building(None) is view
    assert view.visible(open_only=True) == view.all_rows


def test_shelf_counts_ignore_deliveries_and_handed_parcels() -> None:
    base: dict[str, Any] = {"code": "P", "batch": PARCEL_BATCH, "items": "", "carrier": ""}
    rows = [
        ParcelRow("a", address="5-1-101", building=5, status="open", count=2, **base),
        ParcelRow("b", address="5-1-102", building=5, status="done", count=1, **base),
        ParcelRow(
            "c", address="9-1-101", building=9, status="open", building_status="positive", **base
        ),
    ]
    assert [(s.building, s.parcels, s.door_only) for s in shelf_counts(rows)] == [
        (5, 2, False),
        (9, 1, True),
    ]


# ---------------------------------------------------------------- the gate dialog


def test_entry_report_says_what_was_added_and_why_rooms_were_refused(board: Board) -> None:
    result = add(board, "5-1-101", "9-9-909", "5-302", "ABC[/b]", courier="京东")
    report = entry_report(result, "京东", 1, "zh")
    assert report.added == ("5-1-101",)
    assert [r.text for r in report.refused] == ["9-9-909", "5-302", "ABC[/b]"]
    ambiguous = report.refused[1].reason
    assert "5-1-302" in ambiguous and "5-2-302" in ambiguous
    lines = entry_lines(report, "zh")
    assert lines[0] == "已登记 1 户：5-1-101 · 京东"
    assert "5-302" in lines[2] and lines[2].endswith("（5-1-302、5-2-302）")
    assert lines[3].startswith("ABC[/b]：")  # the room as typed, when the reason lacks it
    en = entry_lines(entry_report(result, "京东", 1, "en"), "en")
    assert en[0] == "Added 1: 5-1-101 · 京东" and en[2].endswith(" (5-1-302, 5-2-302)")
    for line in lines + en:  # intake's words, every field filled in
        assert "intake." not in line and not re.search(r"\{\w+\}", line), line


def test_count_and_rooms_as_typed() -> None:
    assert [parse_count(s) for s in ("", " 2 ", "３", "0", "100", "x", "²")] == [
        1,
        2,
        3,
        None,
        None,
        None,
        None,
    ]
    assert list(rooms_of("5-1-101\n5-1-102，6-1-101\n\n")) == ["5-1-101", "5-1-102", "6-1-101"]


# ---------------------------------------------------------------- strings

SOURCES = [
    "views/deliveries.py",
    "views/parcels.py",
    "tui/deliveries.py",
    "tui/parcels.py",
    "tui/parcel_entry.py",
    "tui/carrier_picker.py",
]
KEY = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.{}]+)["']""")
BINDING_ID = re.compile(r"""id="([a-z_]+\.key\.[a-z_]+)\"""")


def test_every_key_the_deliveries_code_uses_exists() -> None:
    missing = []
    for name in SOURCES:
        text = (ROOT / name).read_text(encoding="utf-8")
        for key in KEY.findall(text) + BINDING_ID.findall(text):
            if "{" in key:
                prefix = key.split("{")[0]
                assert any(k.startswith(prefix) for k in CATALOG), key
            elif key not in CATALOG:
                missing.append(key)
    for how in parcels.HANDED:
        assert f"deliveries.parcel.status.{how}" in CATALOG
    assert missing == []


def test_both_languages_with_the_same_fields() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, (zh, en) in deliveries_tui.STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert fields(zh) == fields(en), key
    assert t("undo.action.batch_assign", "en") == "the carrier change"

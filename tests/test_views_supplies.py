"""What the Supplies tab and the order review show (dutyboard.views.supplies), built
from a tiny board through the supplies core: no Textual, a fixed clock."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.supplies import gate, offers, orders, parcels
from dutyboard.intake import parse_text
from dutyboard.storage.clock import FixedClock
from dutyboard.views.supplies import (
    ReviewView,
    SuppliesView,
    build_review,
    build_supplies,
    moment_text,
    one_line,
)
from tests.factories import TZ, person, slot, tiny_board

HOUSES = [
    ("h1-1-101", 1, 1, "101"),
    ("h1-1-102", 1, 1, "102"),
    ("h5-1-302", 5, 1, "302"),
    ("h5-2-302", 5, 2, "302"),
    ("h6-1-101", 6, 1, "101"),
]
PAPERS = {
    "licence": "2022-04-01",
    "food_permit": "2022-04-01",
    "vehicle_pass": "2022-04-20",
    "crew_test": "2022-04-25",
}
POST = """#接龙
青菜套餐 39元一份
1. 王姐 1-1-101 2份
2. 🌸小李 5-2-302 +1
3. 老张 6-1-101 3份
   放门口
4. 阿强 5号楼302 1份
"""


@pytest.fixture
def board(tmp_path: Path) -> Board:
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("supplies", "delivery")),
            person("d1", "王师傅", groups=("delivery",), building=3, room="1-201"),
        ],
        slots=[slot("dm", "delivery", "08:00", "12:00", needed=1)],
        assignments=[("d1", "dm")],
    )
    with board.transaction() as tx:
        for hid, b, unit, room in HOUSES:
            tx.insert("households", {"building": b, "unit": unit, "room": room}, hid)
    return board


def lead(board: Board) -> Volunteer:
    v = board.volunteer("lead")
    assert v is not None
    return v


def clock(board: Board) -> FixedClock:
    assert isinstance(board.clock, FixedClock)
    return board.clock


def take_in(board: Board, offer: offers.Offer, text: str) -> orders.ImportResult:
    rev = orders.review(board, parse_text(text, orders.address_book(board)), offer.code)
    return orders.apply_review(board, rev, lead(board))


def view(board: Board, lang: str = "zh") -> SuppliesView:
    return build_supplies(board, lang, board.now())


def test_no_offers_no_rows(board: Board) -> None:
    v = view(board)
    assert v.rows == () and v.shelf == () and v.rest_minutes == 30
    assert (v.open, v.ready, v.resting, v.to_approve) == (0, 0, 0, 0)


def test_a_draft_with_orders_papers_minimum_and_cut_off(board: Board) -> None:
    offer = offers.add_offer(
        board,
        lead(board),
        "青菜套餐",
        supplier="江桥",
        leader="王姐",
        leader_address="1-1-101",
        items=[offers.parse_item("青菜套餐/份/39")],
        minimum=10,
        cutoff=offers.parse_cutoff(board, "18:00"),
        papers={"licence": "2022-04-01", "crew_test": "2022-04-20"},
    )
    take_in(board, offer, POST)
    row = view(board).row(offer.id)
    assert row is not None
    assert (row.code, row.title, row.leader, row.supplier) == (
        offer.code,
        "青菜套餐",
        "王姐",
        "江桥",
    )
    assert row.stage == "draft" and not row.closed and not row.arrived
    assert (row.households, row.units) == (3, 6)  # 阿强: which unit of building 5?
    assert row.minimum == 10 and not row.minimum_reached
    assert row.cutoff == "18:00" and not row.cutoff_passed
    assert row.buildings == ((1, 1), (5, 1), (6, 1))
    states = {p.key: p.state for p in row.papers}
    assert states == {
        "licence": "ok",
        "food_permit": "missing",
        "supply_certificate": "missing",
        "vehicle_pass": "missing",
        "crew_test": "expired",
    }
    assert row.papers_ok == 1 and row.papers_blocking == 3  # the optional one does not block
    crew = next(p for p in row.papers if p.key == "crew_test")
    assert crew.name == "司机及随车人员48小时核酸阴性" and crew.until == "2022-04-22"
    assert crew.blocks and crew.date == "2022-04-20"
    (item,) = row.items
    assert (item.key, item.name, item.label, item.ordered, item.received) == (
        "",
        "青菜套餐",
        "青菜套餐/份 ¥39",
        6,
        None,
    )
    assert item.short == 0 and row.short == ()
    assert [(s.key, s.done) for s in row.steps] == [
        ("approved", False),
        ("arrived", False),
        ("counted", False),
        ("sprayed", False),
        ("rested", False),
        ("released", False),
    ]
    clock(board).advance(hours=9)
    assert view(board).row(offer.id).cutoff_passed  # type: ignore[union-attr]


def test_paper_names_follow_the_language(board: Board) -> None:
    offer = offers.add_offer(board, lead(board), "土豆")
    names = [p.name for p in view(board, "en").row(offer.id).papers]  # type: ignore[union-attr]
    assert names[0] == "Business licence" and names[-1] == "Crew's negative test (48 h)"


def test_the_gate_from_arrival_to_release(board: Board) -> None:
    who = lead(board)
    offer = offers.add_offer(
        board, who, "青菜套餐", items=[offers.parse_item("青菜套餐/份/39")], papers=PAPERS
    )
    offers.approve(board, offer, who)
    take_in(board, offer, POST)
    clock(board).advance(minutes=30)  # 09:30
    offer = gate.arrive(board, offers.get_offer(board, offer.id) or offer, who)
    gate.count(board, offer, {"": 4}, who)
    clock(board).advance(minutes=5)  # 09:35
    gate.spray(board, offers.get_offer(board, offer.id) or offer, who)
    clock(board).advance(minutes=12)  # 09:47
    v = view(board)
    row = v.row(offer.id)
    assert row is not None and row.stage == "resting" and row.rest_left == 18
    assert v.resting == 1 and v.ready == 0 and v.open == 1
    (item,) = row.items
    assert (item.ordered, item.received, item.short) == (6, 4, 2)
    # First come, first served: 老张 joined last and is the one short.
    assert [(s.address, s.name, s.item, s.missing) for s in row.short] == [
        ("6-1-101", "老张", "青菜套餐", 2)
    ]
    assert row.households_short == 1
    steps = {s.key: s for s in row.steps}
    assert steps["approved"].done and steps["approved"].at == "09:00"
    assert steps["arrived"].at == "09:30" and steps["counted"].at == "09:30"
    assert steps["sprayed"].at == "09:35"
    assert not steps["rested"].done and steps["rested"].at == "10:05"
    clock(board).advance(minutes=18)
    row = view(board).row(offer.id)
    assert row is not None and row.stage == "ready" and row.rest_left == 0
    assert {s.key: s.done for s in row.steps}["rested"]
    gate.release(board, offers.get_offer(board, offer.id) or offer, who)
    row = view(board).row(offer.id)
    assert row is not None and row.stage == "released" and row.closed
    assert {s.key: s.done for s in row.steps}["released"]


def test_closed_offers_come_last_with_their_reason(board: Board) -> None:
    who = lead(board)
    gone = offers.add_offer(board, who, "水果箱")
    offers.cancel(board, gone, who, "没达到起订量")
    clock(board).advance(minutes=1)
    fresh = offers.add_offer(board, who, "大米")
    v = view(board)
    assert [r.id for r in v.rows] == [fresh.id, gone.id]
    row = v.rows[1]
    assert row.stage == "cancelled" and row.closed and row.reason == "没达到起订量"
    assert row.steps[-1].key == "closed" and row.steps[-1].done


def test_typed_text_is_carried_as_it_is(board: Board) -> None:
    offer = offers.add_offer(
        board, lead(board), "青菜[/b]", leader="[@click=app.quit]", note="[red]x"
    )
    row = view(board).row(offer.id)
    assert row is not None
    assert (row.title, row.leader, row.note) == ("青菜[/b]", "[@click=app.quit]", "[red]x")


def test_an_offer_made_by_an_import_says_so(board: Board) -> None:
    rev = orders.review(board, parse_text(POST, orders.address_book(board)), "新的团")
    made = orders.apply_review(board, rev, lead(board))
    row = view(board).row(made.offer.id)
    assert row is not None and row.from_import and row.state == "draft"
    assert row.items[0].name == "新的团"  # an offer without items: named by its title


def test_parcels_waiting_per_building(board: Board) -> None:
    parcels.add_parcels(board, ["1-1-101", "6-1-101"], lead(board), count=2)
    assert view(board).shelf == ((1, 2), (6, 2))


def test_moment_text_is_short_for_today() -> None:
    class B:
        tz = TZ
        today = pendulum.date(2022, 4, 26)

    b = B()
    assert moment_text("2022-04-26T10:05:00+08:00", b) == "10:05"  # type: ignore[arg-type]
    assert moment_text("2022-04-25T02:05:00+00:00", b) == "04-25 10:05"  # type: ignore[arg-type]
    assert moment_text("", b) == "" and moment_text(None, b) == ""  # type: ignore[arg-type]


# ---------------------------------------------------------------- the review


def review_view(board: Board, text: str, batch: str, lang: str = "zh") -> ReviewView:
    rev = orders.review(board, parse_text(text, orders.address_book(board)), batch)
    return build_review(rev, lang)


def test_a_first_import_is_all_new_with_its_problems(board: Board) -> None:
    offer = offers.add_offer(board, lead(board), "青菜套餐", items=[offers.parse_item("青菜套餐")])
    v = review_view(board, POST, offer.code)
    assert (v.batch, v.code, v.new_offer, v.source) == ("青菜套餐", offer.code, False, "jielong")
    assert (v.households, v.units, v.added, v.changed, v.cancelled, v.unchanged, v.kept) == (
        3,
        6,
        3,
        0,
        0,
        0,
        0,
    )
    assert v.writes == 3 and v.can_confirm
    assert [b for b, _ in v.buildings] == [1, 5, 6]
    zhang = v.buildings[2][1][0]
    assert (zhang.kind, zhang.address, zhang.name, zhang.items, zhang.quantity_text) == (
        "added",
        "6-1-101",
        "老张",
        "青菜套餐×3",
        "3份",
    )
    assert zhang.note == "放门口" and zhang.line == 5 and "放门口" in zhang.raw
    (problem,) = v.problems
    assert problem.line == 7 and problem.text == "4. 阿强 5号楼302 1份"
    assert problem.candidates == ("5-1-302", "5-2-302")
    assert problem.reason and not problem.reason.startswith("intake.")  # translated


def test_a_second_import_marks_changed_cancelled_unchanged_and_kept(board: Board) -> None:
    offer = offers.add_offer(board, lead(board), "青菜套餐")
    take_in(board, offer, POST)
    again = "#接龙\n1. 王姐 1-1-101 3份\n2. 🌸小李 5-2-302 +1\n3. 新人 1-1-102 1份\n"
    v = review_view(board, again, "青菜套餐", "en")
    assert (v.added, v.changed, v.unchanged, v.kept) == (1, 1, 1, 1)
    kinds = {line.address: line for _, lines in v.buildings for line in lines}
    assert kinds["1-1-101"].kind == "changed" and kinds["1-1-101"].before == "青菜套餐×2"
    assert kinds["5-2-302"].kind == "unchanged" and kinds["5-2-302"].before == ""
    cancel = "#接龙\n1. 老张 6-1-101 取消\n"
    v = review_view(board, cancel, offer.code)
    assert v.cancelled == 1 and v.households == 0 and v.kept == 2
    (line,) = v.buildings[0][1]
    assert line.kind == "cancelled" and line.before == "青菜套餐×3"


def test_a_new_name_makes_a_new_draft_offer_and_nothing_to_write_cannot_confirm(
    board: Board,
) -> None:
    v = review_view(board, POST, "  周末  水果 ")
    assert v.new_offer and v.code == "" and v.batch == "周末 水果" and v.can_confirm
    v = review_view(board, "#接龙\n1. 阿强 5号楼302 1份\n", "水果")
    assert v.writes == 0 and not v.can_confirm and len(v.problems) == 1


def test_views_are_frozen(board: Board) -> None:
    offers.add_offer(board, lead(board), "土豆")
    v = view(board)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.rows[0].title = "x"  # type: ignore[misc]


def test_one_line_joins_the_lines_of_a_raw_entry() -> None:
    assert one_line("3. 老张 6-1-101 3份\n   放门口\n") == "3. 老张 6-1-101 3份 ⏎ 放门口"
    assert one_line("") == ""


def test_goods_of_an_offer_never_approved_are_not_counted_ready(board: Board) -> None:
    who = lead(board)
    offer = offers.add_offer(board, who, "青菜套餐")
    take_in(board, offer, POST)
    offer = gate.arrive(board, offers.get_offer(board, offer.id) or offer, who)
    gate.spray(board, offer, who)
    clock(board).advance(minutes=31)
    v = view(board)
    row = v.row(offer.id)
    assert row is not None and row.stage == "ready" and row.unapproved
    assert v.ready == 0 and v.to_approve == 1


# ---------------------------------------------------------------- strings


def test_every_string_the_tab_uses_exists_in_both_languages() -> None:
    import re

    from dutyboard.i18n import CATALOG
    from dutyboard.i18n.catalogues import supplies_tui
    from dutyboard.storage.vocab import OFFER_STATES
    from dutyboard.tui import order_review
    from dutyboard.tui import supplies as pane

    root = Path(__file__).resolve().parents[1] / "dutyboard"
    sources = ["views/supplies.py", "tui/supplies.py", "tui/supplies_screens.py"]
    sources += ["tui/supplies_offer_screens.py", "tui/supplies_gate_screens.py"]
    sources += ["tui/supplies_intake_screen.py", "tui/supplies_detail.py"]
    sources.append("tui/order_review.py")
    pattern = r"[\"']((?:supplies|paper|batch|refused|offer|export|key|err|building)\.[a-z_.]+[a-z_])[\"']"
    used = {k for name in sources for k in re.findall(pattern, (root / name).read_text("utf-8"))}
    stages = ("draft", "approved", "arrived", "counted", "resting", "ready", *OFFER_STATES)
    used |= {f"supplies.stage.{s}" for s in stages}
    used |= {f"supplies.detail.reason.{s}" for s in OFFER_STATES}
    used |= {f"offer.state.{s}" for s in OFFER_STATES}
    used |= {f"supplies.done.{s}" for s in ("rejected", "cancelled")}
    used |= {f"paper.state.{s}" for s in ("ok", "missing", "expired")}
    steps = ("approved", "arrived", "counted", "sprayed", "rested", "released")
    used |= {f"supplies.step.{s}" for s in steps}
    kinds = ("added", "changed", "cancelled", "unchanged")
    used |= {f"supplies.review.kind.{k}" for k in kinds}
    used |= {f"supplies.review.n.{k}" for k in (*kinds, "kept", "problems")}
    used |= {f"supplies.review.source.{k}" for k in ("jielong", "ktt")}
    used |= {f"supplies.col.{c}" for c in pane.COLUMNS}
    used |= {f"supplies.review.col.{c}" for c in order_review.COLUMNS}
    assert len(used) > 120
    assert sorted(used - CATALOG.keys()) == []
    # an English text may be plural forms (a dict): tests/test_catalogue.py checks each
    assert all(zh.strip() and en for zh, en in supplies_tui.STRINGS.values())

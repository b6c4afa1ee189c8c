"""The supplies group's core: offers and their papers, orders reviewed and applied,
the gate (arrive, count, spray, release), carriers, parcels. Fixed clock, tiny board."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.groups.supplies import gate, offers, orders, parcels
from dutyboard.groups.supplies.export import batch_text
from dutyboard.intake import parse_text
from dutyboard.storage.errors import Refused
from tests.factories import NOW, archived, archived_rows, person, slot, tiny_board

TODAY = pendulum.date(2022, 4, 26)

# Households: building 5 has two units (so "5号楼302" is ambiguous), building 6 one.
HOUSES = [
    ("h5-1-101", 5, 1, "101"),
    ("h5-1-302", 5, 1, "302"),
    ("h5-2-302", 5, 2, "302"),
    ("h5-2-601", 5, 2, "601"),
    ("h6-1-101", 6, 1, "101"),
    ("h6-1-202", 6, 1, "202"),
    ("h3-1-101", 3, 1, "101"),
]


def make_board(tmp_path: Path, *, status: tuple[tuple[int, str], ...] = ()) -> Board:
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("supplies", "delivery")),
            person("gate", "钱阿姨", groups=("supplies",)),
            person("d1", "王师傅", groups=("delivery",), building=3, room="1-201"),
            person("d2", "赵老师", groups=("delivery",), building=6, room="1-601"),
        ],
        slots=[slot("dm", "delivery", "08:00", "12:00", needed=2)],
        assignments=[("d1", "dm"), ("d2", "dm")],
        building_status=status,
        buildings=(1, 2, 3, 4, 5, 6),
    )
    with board.transaction() as tx:
        for hid, b, unit, room in HOUSES:
            tx.insert(
                "households",
                {"building": b, "unit": unit, "room": room, "residents": 2},
                hid,
            )
    return board


def who(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


ALL_PAPERS = {
    "licence": "2022-04-01",
    "food_permit": "2022-04-01",
    "vehicle_pass": "2022-04-20",
    "crew_test": "2022-04-25",
}

POST = """#接龙
4月26日 青菜套餐 39元一份
例 5-2-302 王姐 1份

1. 王姐 5-2-302 2份
2. 🌸小李 6-1-101 +1
3. 老张 5号楼1单元101室 3份
4. 阿强 5号楼302 1份
"""


def approved_offer(board: Board) -> offers.Offer:
    lead = who(board, "lead")
    offer = offers.add_offer(
        board, lead, "青菜套餐", items=[offers.parse_item("青菜套餐/份/39")], papers=ALL_PAPERS
    )
    return offers.approve(board, offer, lead)


def take_in(board: Board, text: str, batch: str, vid: str = "gate") -> orders.ImportResult:
    rev = orders.review(board, parse_text(text, orders.address_book(board)), batch)
    return orders.apply_review(board, rev, who(board, vid))


# ---------------------------------------------------------------- papers


def test_approval_needs_every_required_paper_and_names_what_is_missing(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    offer = offers.add_offer(board, who(board, "gate"), "土豆", papers={"licence": "today"})
    with pytest.raises(Refused) as exc:
        offers.approve(board, offer, lead)
    missing = " ".join(exc.value.details)
    assert "食品经营许可证" in missing and "通行证" in missing and "营业执照" not in missing
    assert offers.get_offer(board, offer.id).state == "draft"  # type: ignore[union-attr]
    offer = offers.set_papers(board, offer, lead, dict(ALL_PAPERS))
    assert offers.approve(board, offer, lead).state == "approved"


def test_an_expired_crew_test_blocks_approval(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    old = dict(ALL_PAPERS, crew_test=TODAY.subtract(days=3).isoformat())
    offer = offers.add_offer(board, lead, "鸡蛋", papers=old)
    states = {p.spec.key: p for p in offers.paper_states(board, offer)}
    assert states["crew_test"].state == "expired"
    assert states["crew_test"].until == TODAY.subtract(days=1)
    with pytest.raises(Refused, match="missing or expired"):
        offers.approve(board, offer, lead)
    # Two days old is still within its two days.
    offer = offers.set_papers(board, offer, lead, {"crew_test": TODAY.subtract(days=2).isoformat()})
    assert offers.approve(board, offer, lead).state == "approved"


def test_a_volunteer_cannot_approve_reject_release_or_assign(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    vol = who(board, "gate")
    offer = offers.add_offer(board, vol, "牛奶", papers=ALL_PAPERS)
    before = board.store.serialise()
    for act in (
        lambda: offers.approve(board, offer, vol),
        lambda: offers.reject(board, offer, vol, "资质不全"),
        lambda: gate.release(board, offer, vol),
        lambda: gate.assign(board, "b", 5, vol, vol),
    ):
        with pytest.raises(Refused, match="leader"):
            act()
    assert board.store.serialise() == before


def test_bad_input_is_refused_with_what_was_wrong(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    for bad in ("", "a/b/c/d", "菜/份/free", "菜/份/-3"):
        with pytest.raises(Refused):
            offers.parse_item(bad)
    with pytest.raises(Refused, match="cut-off"):
        offers.parse_cutoff(board, "7pm")
    assert offers.parse_cutoff(board, "20:00").startswith("2022-04-26T20:00")
    with pytest.raises(Refused, match="after today"):
        offers.parse_paper_date(board, "2022-05-01")
    with pytest.raises(Refused, match="no paper"):
        offers.add_offer(board, who(board, "gate"), "x", papers={"passport": "today"})
    with pytest.raises(Refused, match="needs a name"):
        offers.add_offer(board, who(board, "gate"), "  \n ")


# ---------------------------------------------------------------- orders


def test_review_then_apply_then_the_same_post_again_changes_nothing(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    offer = approved_offer(board)
    rev = orders.review(board, parse_text(POST, orders.address_book(board)), offer.code)
    assert rev.offer is not None and rev.offer.id == offer.id
    assert [c.entry.address for c in rev.of_kind("added")] == ["5-2-302", "6-1-101", "5-1-101"]
    assert rev.units == 2 + 1 + 3
    (problem,) = rev.problems  # 5号楼302: two units have a 302
    assert problem.reason == "intake.ambiguous_room"
    assert problem.line == 8 and "阿强" in problem.text
    assert set(problem.candidates) == {"5-1-302", "5-2-302"}
    revision = board.store.revision
    assert board.store.revision == revision  # a review writes nothing

    result = orders.apply_review(board, rev, who(board, "gate"))
    assert not result.created_offer
    got = orders.orders_of(board, offer.id)
    assert [(o.address, o.units) for o in got] == [("5-2-302", 2), ("6-1-101", 1), ("5-1-101", 3)]

    saved = board.store.serialise()
    again = take_in(board, POST, offer.code)
    assert again.review.writes == 0 and len(again.review.of_kind("unchanged")) == 3
    assert board.store.serialise() == saved


def test_an_updated_post_updates_the_batch_and_a_cancel_cancels(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    offer = approved_offer(board)
    take_in(board, POST, offer.code)
    updated = POST + "5. 小李 6-1-101 取消\n6. 陈姐 6-1-202 2份\n7. 王姐 5-2-302 3份\n"
    result = take_in(board, updated, offer.code)
    kinds = {c.entry.address: c.kind for c in result.review.changes}
    assert kinds == {
        "5-2-302": "changed",
        "6-1-101": "cancelled",
        "5-1-101": "unchanged",
        "6-1-202": "added",
    }
    live = {o.address: o.units for o in orders.orders_of(board, offer.id)}
    assert live == {"5-2-302": 3, "5-1-101": 3, "6-1-202": 2}
    # A shorter list (one building's) keeps the others.
    result = take_in(board, "#接龙\n1. 陈姐 6-1-202 2份\n", offer.code)
    assert result.review.kept == 2 and result.review.writes == 0


def test_a_new_name_starts_a_draft_offer_that_must_be_approved(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    result = take_in(board, POST, "4月26日 土豆团")
    assert result.created_offer and result.offer.state == "draft"
    assert offers.find_offer(board, "4月26日 土豆团").id == result.offer.id
    lead = who(board, "lead")
    gate.arrive(board, result.offer, lead)
    with pytest.raises(Refused, match="not approved"):
        gate.release(board, offers.find_offer(board, result.offer.code), lead)


def test_undo_of_an_import_removes_its_orders_and_its_draft(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    result = take_in(board, POST, "新团")
    undone = undo_last(board, who(board, "gate"))
    assert undone is not None and undone.action == "orders_import"
    assert orders.orders_of(board, result.offer.id) == []
    assert offers.match_offers(board, "新团") == []
    # Taken in again after the undo: the same ids are made again.
    again = take_in(board, POST, "新团")
    assert len(orders.orders_of(board, again.offer.id)) == 3


def test_undo_of_an_update_puts_the_old_quantities_back(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    offer = approved_offer(board)
    take_in(board, POST, offer.code)
    take_in(board, "#接龙\n1. 王姐 5-2-302 5份\n", offer.code)
    assert {o.address: o.units for o in orders.orders_of(board, offer.id)}["5-2-302"] == 5
    undo_last(board, who(board, "gate"))
    assert {o.address: o.units for o in orders.orders_of(board, offer.id)}["5-2-302"] == 2


def test_orders_cannot_go_into_a_closed_offer(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    offer = approved_offer(board)
    offers.cancel(board, offer, who(board, "lead"), "没到起订量")
    with pytest.raises(Refused, match="cancelled"):
        take_in(board, POST, offer.code)


ENTRIES = [
    ("王姐", "5-2-302"),
    ("小李", "6-1-101"),
    ("老张", "5号楼1单元101"),
    ("陈姐", "6-1-202"),
    ("阿强", "3-1-101"),
    ("某人", "9-9-909"),
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(ENTRIES),
            st.sampled_from(["1份", "2份", "+1", "", "取消", "2斤", "2大1小"]),
        ),
        max_size=10,
    )
)
def test_importing_the_same_post_twice_equals_importing_it_once(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[tuple[str, str], str]]
) -> None:
    board = make_board(tmp_path_factory.mktemp("b"))
    offer = approved_offer(board)
    text = "#接龙\n青菜\n" + "".join(
        f"{i}. {name} {addr} {qty}\n" for i, ((name, addr), qty) in enumerate(entries, 1)
    )
    take_in(board, text, offer.code)
    once = sorted(map(repr, orders.orders_of(board, offer.id, with_cancelled=True)))
    again = take_in(board, text, offer.code)
    assert again.review.writes == 0
    assert sorted(map(repr, orders.orders_of(board, offer.id, with_cancelled=True))) == once


# ---------------------------------------------------------------- the gate


def at_gate(tmp_path: Path, **kw: object) -> tuple[Board, offers.Offer]:
    board = make_board(tmp_path, **kw)  # type: ignore[arg-type]
    offer = approved_offer(board)
    take_in(board, POST, offer.code)
    return board, gate.arrive(board, offer, who(board, "gate"))


def test_a_count_short_leaves_the_last_to_join_short_and_names_them(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    counted = gate.count(board, offer, {"": 4}, who(board, "gate"))
    assert counted.ordered == {"": 6} and counted.short_of("") == 2
    # 王姐 (2) and 小李 (1) joined first and get theirs; 老张 gets 1 of 3.
    assert [(s.order.address, s.missing) for s in counted.short] == [("5-1-101", 2)]
    assert gate.stage(board, offers.get_offer(board, offer.id)) == "counted"  # type: ignore[arg-type]
    with pytest.raises(Refused, match="nothing in this batch"):
        gate.count(board, offer, {"土豆": 1}, who(board, "gate"))


def test_release_waits_for_spray_and_rest_then_makes_a_task_per_household(
    tmp_path: Path,
) -> None:
    board, offer = at_gate(tmp_path, status=((5, "sealed"),))
    lead = who(board, "lead")
    with pytest.raises(Refused, match="not been sprayed"):
        gate.release(board, offer, lead)
    offer = gate.spray(board, offer, who(board, "gate"))
    with pytest.raises(Refused, match="30 more minute"):
        gate.release(board, offer, lead)
    assert gate.stage(board, offer) == "resting"
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    assert gate.stage(board, offer) == "ready"
    released = gate.release(board, offer, lead)
    tasks = [t for t in board.tasks(TODAY, kind="delivery") if t.batch == released.batch]
    assert sorted(t.address for t in tasks) == ["5-1-101", "5-2-302", "6-1-101"]
    assert {t.items for t in tasks} == {"青菜套餐×2", "青菜套餐×1", "青菜套餐×3"}
    # Building 5 (three units of goods... two households) and 6 go to the two carriers.
    assert set(released.carriers.values()) == {"d1", "d2"}
    assert all(parcels.door_only(board, t) == (t.building == 5) for t in tasks)
    assert offers.get_offer(board, offer.id).state == "released"  # type: ignore[union-attr]
    assert all(o for o in board.store.rows("orders") if o.get("closed_day") == TODAY.isoformat())
    # The sheet for the building chats, per building.
    text = batch_text(board, offers.get_offer(board, offer.id), "zh")  # type: ignore[arg-type]
    assert "5号楼 2户 · 送到门口" in text and "6-1-101 🌸小李 青菜套餐×1" in text
    with pytest.raises(Refused, match="released"):
        gate.release(board, offers.get_offer(board, offer.id), lead)  # type: ignore[arg-type]


def test_undo_of_a_release_takes_the_tasks_back_and_reopens_the_offer(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    offer = gate.spray(board, offer, who(board, "gate"))
    board.clock.advance(minutes=31)  # type: ignore[attr-defined]
    lead = who(board, "lead")
    released = gate.release(board, offer, lead)
    undo_last(board, lead)
    assert [t for t in board.tasks(TODAY) if t.batch == released.batch] == []
    back = offers.get_offer(board, offer.id)
    assert back is not None and back.state == "approved" and not back.batch
    assert all(not o.get("closed_day") for o in board.store.rows("orders"))
    again = gate.release(board, back, lead)  # and it can be released again
    assert again.tasks == 3


def test_a_short_count_reaches_the_delivery_task(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    gate.count(board, offer, {"": 4}, who(board, "gate"))
    offer = gate.spray(board, offers.get_offer(board, offer.id), who(board, "gate"))  # type: ignore[arg-type]
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    gate.release(board, offer, who(board, "lead"))
    task = next(t for t in board.tasks(TODAY, kind="delivery") if t.address == "5-1-101")
    assert task.items == "青菜套餐×1" and task.extra["short"] == "青菜套餐×2"


def test_carriers_balance_the_load_and_skip_people_who_cannot_go_out(tmp_path: Path) -> None:
    people = [Volunteer("a", "A", "", None, "", ()), Volunteer("b", "B", "", None, "", ())]
    plan = gate.suggest_carriers({1: 10, 2: 6, 3: 5, 4: 1}, people)
    load = {"a": 0, "b": 0}
    for b, vid in plan.items():
        load[str(vid)] += {1: 10, 2: 6, 3: 5, 4: 1}[b]
    assert load == {"a": 11, "b": 11}
    assert gate.suggest_carriers({1: 3}, []) == {1: None}
    # d2 lives in building 6: sealed, so only d1 is suggested.
    board = make_board(tmp_path, status=((6, "sealed"),))
    assert [v.id for v in gate.delivery_people(board)] == ["d1"]


def test_a_leader_changes_who_carries_a_building_and_undo_puts_it_back(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    offer = gate.spray(board, offer, who(board, "gate"))
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    lead = who(board, "lead")
    released = gate.release(board, offer, lead, carriers={5: "d1", 6: "d1"})
    gate.assign(board, released.batch, 5, who(board, "d2"), lead)
    carriers = {t.address: t.carrier for t in board.tasks(TODAY, kind="delivery")}
    assert carriers == {"5-2-302": "d2", "5-1-101": "d2", "6-1-101": "d1"}
    undo_last(board, lead)
    assert {t.carrier for t in board.tasks(TODAY, kind="delivery")} == {"d1"}


def test_released_offers_and_orders_leave_the_live_file_at_the_swap(tmp_path: Path) -> None:
    from dutyboard.core.swap import swap

    board, offer = at_gate(tmp_path)
    open_one = offers.add_offer(board, who(board, "gate"), "还在接龙")
    offer = gate.spray(board, offer, who(board, "gate"))
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    gate.release(board, offer, who(board, "lead"))
    board.clock.advance(hours=14)  # type: ignore[attr-defined]
    swap(board, who(board, "lead"))
    live = {d["id"] for d in board.store.rows("offers")}
    assert live == {open_one.id}
    assert list(board.store.rows("orders")) == []
    # In the part of the day they closed (found by id there: they never come back).
    closed = board.store.archive().days()
    assert archived(board.store, "offers", offer.id, day=str(TODAY)) is not None
    assert closed == [str(TODAY)] and board.store.archive().holds(f"id:{offer.id}") == str(TODAY)
    assert len(archived_rows(board.store, "orders")) == 3
    # The undelivered tasks went on to the new day.
    assert len(board.tasks(board.today, kind="delivery")) == 3


# ---------------------------------------------------------------- parcels


def test_parcels_at_the_gate_shelf_handover_and_overdue(tmp_path: Path) -> None:
    board = make_board(tmp_path, status=((5, "sealed"),))
    gate_v = who(board, "gate")
    added = parcels.add_parcels(
        board, ["5-2-302", "6#101", "5号楼302", "9-1-101", "6-1-202"], gate_v, courier="顺丰"
    )
    assert sorted(t.address for t in added.added) == ["5-2-302", "6-1-101", "6-1-202"]
    assert [(p.text, p.resolved.reason) for p in added.problems] == [
        ("5号楼302", "intake.ambiguous_room"),
        ("9-1-101", "intake.unknown_building"),
    ]
    assert parcels.shelf_counts(board) == {5: 1, 6: 2}
    assert all(t.code.startswith("P") for t in added.added)
    sealed = next(t for t in added.added if t.building == 5)
    with pytest.raises(Refused, match="door delivery only"):
        parcels.hand_over(board, [sealed], gate_v, "pickup")
    parcels.hand_over(board, [sealed], gate_v, "door")
    done = board.task(sealed.id)
    assert done is not None and done.status == "done" and done.extra["handed"] == "door"
    assert parcels.shelf_counts(board) == {6: 2}
    later = NOW.add(hours=25)
    assert all(parcels.overdue(t, later) for t in parcels.on_shelf(board))
    assert not any(parcels.overdue(t, NOW.add(hours=23)) for t in parcels.on_shelf(board))
    with pytest.raises(Refused):
        parcels.add_parcels(board, ["6-1-101"], gate_v, count=0)


def test_split_rooms_reads_lines_commas_and_spaces() -> None:
    assert parcels.split_rooms("5-2-302\n6-1-101，6-1-202、3-1-101\n\n5-1-101 5-2-601") == [
        "5-2-302",
        "6-1-101",
        "6-1-202",
        "3-1-101",
        "5-1-101",
        "5-2-601",
    ]
    assert parcels.split_rooms("5号楼 2单元 302") == ["5号楼 2单元 302"]


def test_a_title_of_a_closed_offer_starts_a_new_one(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    old = approved_offer(board)
    offers.cancel(board, old, who(board, "lead"), "供应商不来了")
    result = take_in(board, POST, "青菜套餐")
    assert result.created_offer and result.offer.id != old.id
    # By its code the closed one is still named, and refused.
    with pytest.raises(Refused, match="cancelled"):
        take_in(board, POST, old.code)


def test_a_count_by_the_products_name_counts_a_jielong_batch(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    counted = gate.count(board, offer, {"青菜套餐": 5}, who(board, "gate"))
    assert counted.received == {"": 5} and counted.short_of("") == 1


def test_a_carrier_for_a_building_without_orders_is_refused(tmp_path: Path) -> None:
    board, offer = at_gate(tmp_path)
    offer = gate.spray(board, offer, who(board, "gate"))
    board.clock.advance(minutes=30)  # type: ignore[attr-defined]
    with pytest.raises(Refused, match="building 2"):
        gate.release(board, offer, who(board, "lead"), carriers={2: "d1"})

"""Journeys of the supplies group through Textual's Pilot (the Supplies tab, key 8):
a group buy from the pasted 接龙 post to the deliveries it becomes, what a volunteer
may not do, and typed text shown as text. The demo board (seed 2022) on tmp_path,
2022-04-26 09:30 Shanghai time; the offers are made through the supplies core."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static, TextArea

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.supplies import gate, offers, orders
from dutyboard.intake import parse_text
from dutyboard.storage.clock import FixedClock
from dutyboard.tui._compat import notifications
from dutyboard.tui.deliveries import DeliveriesPane
from dutyboard.tui.order_review import OrderReviewScreen
from dutyboard.tui.supplies import SuppliesPane
from dutyboard.tui.supplies_gate_screens import CountScreen, ListsScreen, ReleaseScreen
from dutyboard.tui.supplies_intake_screen import IntakeScreen
from dutyboard.tui.supplies_offer_screens import CloseOfferScreen, NewOfferScreen, PapersScreen

from .conftest import SIZE, first_leader, make_app, settle, sync

# A 接龙 post as a chat holds it, with households of the demo community: two
# entries it cannot take (3号楼201 is in both units of building 3; there is no
# building 99), a note on a continuation line, an emoji in a nickname.
POST = """#接龙
4月26日 青菜套餐 39元一份
例 5-2-302 王姐 1份

1. 王姐 1-1-101 2份
2. 🌸小李 1-1-102 +1
3. 老张 2号楼1单元201室 3份
4. 阿强 3号楼201 1份
5. 小王 99-1-101 1份
6. 刘姐 1-2-101 1份
   放门口就行
"""

PAPERS = {
    "licence": "2022-04-01",
    "food_permit": "2022-04-01",
    "vehicle_pass": "2022-04-20",
    "crew_test": "2022-04-25",
}


def volunteer(board: Board) -> Volunteer:
    """A supplies-group volunteer (not a leader)."""
    people = sorted(board.volunteers(), key=lambda v: v.name)
    return next(v for v in people if not v.is_leader and "supplies" in v.groups)


def take_in(board: Board, offer: offers.Offer, text: str, who: Volunteer) -> None:
    rev = orders.review(board, parse_text(text, orders.address_book(board)), offer.code)
    orders.apply_review(board, rev, who)


def stock_offers(board: Board, clock: FixedClock) -> dict[str, offers.Offer]:
    """Four group buys in different stages, made through the core at fixed times."""
    lead = first_leader(board)
    start = clock.now()
    clock.advance(hours=-2)
    veg = offers.add_offer(
        board,
        lead,
        "青菜套餐",
        supplier="江桥蔬菜批发",
        leader="王姐",
        leader_address="1-1-101",
        items=[offers.parse_item("青菜套餐/份/39")],
        minimum=5,
        papers=PAPERS,
    )
    veg = offers.approve(board, veg, lead)
    take_in(board, veg, POST, lead)
    clock.advance(minutes=30)
    eggs = offers.add_offer(
        board,
        lead,
        "土鸡蛋 30枚",
        supplier="崇明农场",
        leader="🌸小李",
        leader_address="1-1-102",
        items=[offers.parse_item("土鸡蛋/盒/45")],
        minimum=50,
        cutoff=offers.parse_cutoff(board, "18:00"),
        papers={"licence": "2022-04-10", "crew_test": "2022-04-20"},
    )
    take_in(board, eggs, "#接龙\n土鸡蛋\n1. 老张 2-1-201 2盒\n2. 刘姐 1-2-101 1盒\n", lead)
    clock.advance(minutes=30)
    rice = offers.add_offer(
        board,
        lead,
        "东北大米 10斤",
        leader="老张",
        leader_address="2-1-201",
        items=[offers.parse_item("大米/袋/65")],
        papers=PAPERS,
    )
    offers.approve(board, rice, lead)
    fruit = offers.add_offer(board, lead, "水果箱", leader="刘姐", papers=PAPERS)
    offers.cancel(board, fruit, lead, "没达到起订量")
    clock.advance(minutes=30)
    veg = gate.arrive(board, offers.get_offer(board, veg.id) or veg, lead)
    gate.count(board, veg, {"": 5}, lead)
    clock.advance(minutes=10)
    gate.spray(board, offers.get_offer(board, veg.id) or veg, lead)
    clock.at = start
    return {"veg": veg, "eggs": eggs, "rice": rice, "fruit": fruit}


def rows(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(r.key.value) for r in table.ordered_rows]


async def open_tab(pilot: Pilot[int]) -> SuppliesPane:
    await pilot.press("8")
    await settle(pilot)
    return pilot.app.query_one(SuppliesPane)


async def put_cursor(pilot: Pilot[int], pane: SuppliesPane, offer_id: str) -> None:
    table = pane.table()
    table.focus()
    table.move_cursor(row=rows(table).index(offer_id), animate=False)
    await pilot.pause()


def toasts(app: object) -> str:
    return "\n".join(str(n.message) for n in notifications(app))


# ---------------------------------------------------------------- a group buy, start to end


@sync
async def test_a_leader_takes_a_group_buy_from_the_post_to_the_doors(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    lead = first_leader(board)
    app = make_app(board, clock, lead)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(pilot)
        assert pane.view is not None and pane.view.rows == ()

        # n: a new offer, typed in the form.
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewOfferScreen)
        for name, value in (
            ("title", "青菜套餐"),
            ("supplier", "江桥蔬菜批发"),
            ("leader", "王姐"),
            ("room", "1-1-101"),
            ("minimum", "5"),
            ("cutoff", "18:00"),
        ):
            form.query_one(f"#offer-{name}", Input).value = value
        form.query_one("#offer-items", TextArea).text = "青菜套餐/份/39"
        await pilot.click("#offer-save")
        await settle(pilot)
        assert not isinstance(app.screen, NewOfferScreen)
        (offer,) = offers.offers(board)
        assert offer.title == "青菜套餐" and offer.state == "draft" and offer.minimum == 5
        assert offer.items == (offers.Item("青菜套餐", "份", 39.0),)
        row = pane.current()
        assert row is not None and row.id == offer.id and row.cutoff == "18:00"

        # i: the 接龙 post pasted; the review lists what it would write and every
        # problem with its line; nothing is written before Confirm.
        await pilot.press("i")
        await pilot.pause()
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        assert intake.query_one("#intake-batch", Input).value == offer.code
        target = str(intake.query_one("#intake-target", Static).render())
        assert offer.code in target and "青菜套餐" in target
        intake.query_one("#intake-text", TextArea).text = POST
        await pilot.click("#intake-review")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, OrderReviewScreen)
        view = review.view
        assert (view.households, view.units, view.added, view.changed) == (4, 7, 4, 0)
        assert [p.line for p in view.problems] == [8, 9]
        problems = str(review.query_one("#review-problems", Static).render())
        assert "第 8 行" in problems and "阿强 3号楼201 1份" in problems
        assert "3-1-201" in problems and "3-2-201" in problems
        assert "第 9 行" in problems and "99" in problems
        assert review.query_one("#review-cancel", Button).has_focus
        assert orders.orders_of(board, offer.id) == []
        await pilot.click("#review-ok")
        await settle(pilot)
        assert not isinstance(app.screen, (OrderReviewScreen, IntakeScreen))
        placed = orders.orders_of(board, offer.id)
        assert [o.address for o in placed] == ["1-1-101", "1-1-102", "2-1-201", "1-2-101"]
        assert "新增 4 户" in toasts(app)
        row = pane.current()
        assert row is not None and (row.households, row.units) == (4, 7) and row.minimum_reached

        # p: the papers, ticked (today) but the crew's test dated the day it was taken.
        await pilot.press("p")
        await pilot.pause()
        papers = app.screen
        assert isinstance(papers, PapersScreen)
        for key in ("licence", "food_permit", "vehicle_pass", "crew_test"):
            papers.query_one(f"#paper-{key}", Checkbox).value = True
        await pilot.pause()
        assert papers.query_one("#paper-date-licence", Input).value == "2022-04-26"
        papers.query_one("#paper-date-crew_test", Input).value = "2022-04-25"
        await pilot.click("#papers-save")
        await settle(pilot)
        row = pane.current()
        assert row is not None and row.papers_blocking == 0 and row.papers_ok == 4

        # a, g, c, s: approved, arrived, counted two short, sprayed.
        await pilot.press("a")
        await settle(pilot)
        assert pane.current().stage == "approved"  # type: ignore[union-attr]
        await pilot.press("g")
        await settle(pilot)
        assert pane.current().stage == "arrived"  # type: ignore[union-attr]
        await pilot.press("c")
        await pilot.pause()
        count = app.screen
        assert isinstance(count, CountScreen)
        assert count.query_one("#count-0", Input).value == "7"  # as ordered
        count.query_one("#count-0", Input).value = "5"
        await pilot.pause()
        preview = str(count.query_one("#count-short", Static).render())
        assert "2 户会缺货" in preview and "2-1-201 老张" in preview and "1-2-101 刘姐" in preview
        await pilot.click("#count-save")
        await settle(pilot)
        row = pane.current()
        assert row is not None and row.stage == "counted"
        assert [s.address for s in row.short] == ["2-1-201", "1-2-101"]
        await pilot.press("s")
        await settle(pilot)
        assert pane.current().stage == "resting"  # type: ignore[union-attr]

        # r while resting: says how long; no dialog.
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, ReleaseScreen)
        assert "还要 30 分钟" in toasts(app)
        assert offers.get_offer(board, offer.id).state == "approved"  # type: ignore[union-attr]

        # Half an hour later: ready; r shows a carrier per building, then releases.
        clock.advance(minutes=31)
        from dutyboard.tui.supplies import render

        render(app)
        await pilot.pause()
        assert pane.current().stage == "ready"  # type: ignore[union-attr]
        await pilot.press("r")
        await pilot.pause()
        release = app.screen
        assert isinstance(release, ReleaseScreen)
        assert [load.building for load in release.loads] == [1, 2]
        carriers = {b: release.query_one(f"#carrier-{b}", Select).value for b in (1, 2)}
        assert all(isinstance(v, str) for v in carriers.values())
        await pilot.click("#release-ok")
        await settle(pilot)
        released = offers.get_offer(board, offer.id)
        assert released is not None and released.state == "released" and released.batch
        assert pane.current().stage == "released"  # type: ignore[union-attr]

        # The Deliveries tab has the batch: a row per household with its carrier.
        await pilot.press("2")
        await settle(pilot)
        deliveries = app.query_one(DeliveriesPane)
        tasks = [x for x in board.tasks(kind="delivery") if x.batch == released.batch]
        assert len(tasks) == 4
        assert {x.carrier for x in tasks} <= set(carriers.values()) and all(
            x.carrier for x in tasks
        )
        short = next(x for x in tasks if x.address == "1-2-101")
        assert short.extra.get("short")
        table = deliveries.query_one(DataTable)
        assert {x.id for x in tasks} <= set(rows(table))
        first = next(x for x in tasks if x.address == "1-1-101")
        table.focus()
        table.move_cursor(row=rows(table).index(first.id), animate=False)
        await pilot.pause()
        await pilot.press("space")
        await settle(pilot)
        assert board.task(first.id).status == "done"  # type: ignore[union-attr]

    fresh = Board.open(board_path, clock, device_id="other")
    assert fresh.task(first.id).status == "done"  # type: ignore[union-attr]
    actions = [e.action for e in fresh.audit()]
    assert actions[-9:] == [
        "offer_add",
        "orders_import",
        "offer_papers",
        "offer_approve",
        "batch_arrive",
        "batch_count",
        "batch_spray",
        "batch_release",
        "done",
    ]


# ---------------------------------------------------------------- a volunteer


@sync
async def test_a_volunteer_sees_leader_keys_greyed_and_the_core_refuses_them(
    board: Board, clock: FixedClock
) -> None:
    made = stock_offers(board, clock)
    me = volunteer(board)
    app = make_app(board, clock, me)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(pilot)
        assert not pane.leader
        await put_cursor(pilot, pane, made["eggs"].id)  # a draft: a leader could approve it
        for action in ("approve", "close_offer", "release"):
            assert pane.check_action(action, ()) is None, action
        for action in ("new_offer", "intake", "papers", "arrived"):
            assert pane.check_action(action, ()) is True, action
        keys = {key: enabled for key, _, enabled in app.query_one("#keys").shown_keys()}  # type: ignore[attr-defined]
        assert keys["a"] is False and keys["x"] is False and keys["r"] is False
        assert keys["n"] is True and keys["g"] is True
        await pilot.press("a", "x")
        await settle(pilot)
        assert not isinstance(app.screen, CloseOfferScreen)
        # c before the goods are here says so (and is not taken by the app's c).
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ModalScreen)  # no count, no conflicts dialog
        assert "还没有到货" in toasts(app)
        assert offers.get_offer(board, made["eggs"].id).state == "draft"  # type: ignore[union-attr]
        await put_cursor(pilot, pane, made["veg"].id)
        clock.advance(minutes=20)  # rested
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, ReleaseScreen)
        assert offers.get_offer(board, made["veg"].id).state == "approved"  # type: ignore[union-attr]
        # What anyone may do still works: the building lists.
        await pilot.press("e")
        await settle(pilot)
        lists = app.screen
        assert isinstance(lists, ListsScreen)
        text = lists.query_one("#lists-text", TextArea).text
        assert "【青菜套餐】" in text and "1-1-101 王姐 青菜套餐×2" in text
        written = (
            board.store.path.parent
            / "exports"
            / f"dutyboard-batch-{made['veg'].code}-2022-04-26.txt"
        )
        assert written.read_text(encoding="utf-8") == text
        assert str(written) in str(lists.query_one("#lists-result", Static).render())
        await pilot.press("escape")

    # The core refuses them too, whoever asks.
    import pytest

    from dutyboard.storage.errors import Refused

    eggs = offers.get_offer(board, made["eggs"].id)
    veg = offers.get_offer(board, made["veg"].id)
    assert eggs is not None and veg is not None
    for attempt in (
        lambda: offers.approve(board, eggs, me),
        lambda: offers.reject(board, eggs, me, "no"),
        lambda: offers.cancel(board, eggs, me, "no"),
        lambda: gate.release(board, veg, me),
    ):
        with pytest.raises(Refused):
            attempt()


# ---------------------------------------------------------------- typed text is text


MARKUP = "青菜[/b]"
CLICK = "[@click=app.quit]"


@sync
async def test_markup_in_typed_text_is_shown_literally(board: Board, clock: FixedClock) -> None:
    lead = first_leader(board)
    odd = offers.add_offer(
        board,
        lead,
        MARKUP,
        supplier="[b]批发[/]",
        leader=CLICK,
        items=[offers.parse_item("[red]菜/份/9")],
        note="[link=x]看这里",
        papers=PAPERS,
    )
    take_in(board, odd, f"#接龙\n1. {CLICK}张 1-1-101 2份\n   [/i]放门口\n", lead)
    app = make_app(board, clock, lead)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_tab(pilot)
        await put_cursor(pilot, pane, odd.id)
        table = pane.table()
        cells = [c.plain for c in table.get_row(odd.id)]
        assert MARKUP in cells and CLICK in cells
        detail = str(pane.query_one("#supplies-detail-text", Static).render())
        for text in (MARKUP, "[b]批发[/]", CLICK, "[red]菜", "[link=x]看这里"):
            assert text in detail, text
        await pilot.press("a")  # the toast names the title
        await settle(pilot)
        assert app.is_running and MARKUP in toasts(app)
        await pilot.press("e")  # the lists name the household's nickname
        await pilot.pause()
        lists = app.screen
        assert isinstance(lists, ListsScreen)
        assert f"{CLICK}张" in lists.query_one("#lists-text", TextArea).text
        await pilot.press("escape")
        await pilot.press("i")
        await pilot.pause()
        intake = app.screen
        assert isinstance(intake, IntakeScreen)
        intake.query_one("#intake-batch", Input).value = MARKUP
        await pilot.pause()
        assert MARKUP in str(intake.query_one("#intake-target", Static).render())
        intake.query_one(
            "#intake-text", TextArea
        ).text = f"#接龙\n1. {CLICK}张 1-1-101 3份\n2. [/b]李 [bold]5号楼302 1份\n"
        await pilot.click("#intake-review")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, OrderReviewScreen)
        names = [c.plain for c in review.query_one(DataTable).get_row("b1-0")]
        assert f"{CLICK}张" in names
        problems = str(review.query_one("#review-problems", Static).render())
        assert "[/b]李 [bold]5号楼302 1份" in problems
        title = str(review.query_one("#review-title", Static).render())
        assert MARKUP in title
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert app.is_running


# ---------------------------------------------------------------- language, focus


@sync
async def test_l_switches_the_tab_s_language_and_enter_focuses_the_detail(
    board: Board, clock: FixedClock
) -> None:
    made = stock_offers(board, clock)
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_tab(pilot)
        await put_cursor(pilot, pane, made["veg"].id)
        table = pane.table()
        assert [str(c.label) for c in table.columns.values()][:2] == ["编号", "团购"]
        detail = str(pane.query_one("#supplies-detail-text", Static).render())
        assert "静置中，还要 10 分钟（09:40 可放行）" in detail
        await pilot.press("l")
        await settle(pilot)
        assert pane.lang == "en"
        assert [str(c.label) for c in table.columns.values()][:2] == ["Code", "Group buy"]
        assert pane.current().id == made["veg"].id  # type: ignore[union-attr]
        detail = str(pane.query_one("#supplies-detail-text", Static).render())
        assert "resting: 10 more minutes (ready at 09:40)" in detail
        keys = {desc for _, desc, _ in app.query_one("#keys").shown_keys()}  # type: ignore[attr-defined]
        assert "New offer" in keys and "新团购" not in keys
        await pilot.press("enter")
        await pilot.pause()
        assert pane.detail().has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert table.has_focus
        # The rest is counted down as the clock goes on.
        clock.advance(minutes=4)
        pane._rest_check()
        await pilot.pause()
        assert pane.current().rest_left == 6  # type: ignore[union-attr]

"""Journeys through the Deliveries tab for issue 12, driven with Pilot on the whole
app: parcels entered at the gate and handed over, a leader changing who carries a
building (and ``u`` putting it back), a volunteer kept from it, and a building sealed
while the board is open.

The board is the small community of tests/test_views_parcels.py (buildings 6 sealed
and 4 positive), with a batch released through the core where a journey needs one.
"""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from dutyboard.core.board import Board
from dutyboard.core.model import Task
from dutyboard.groups.supplies import gate, parcels
from dutyboard.storage.errors import Refused
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.carrier_picker import CarrierPicker
from dutyboard.tui.deliveries import DeliveriesPane
from dutyboard.tui.parcel_entry import ParcelEntry, RoomInput
from dutyboard.tui.picker import PickerList
from dutyboard.views.deliveries import BatchInfo, DeliveriesView, DeliveryRow
from dutyboard.views.parcels import PARCEL_BATCH, ParcelRow
from tests.factories import TODAY
from tests.test_views_parcels import add, clock_of, release_batch, supplies_board, volunteer

from .conftest import SIZE, settle, sync


@pytest.fixture
def board(tmp_path: Path) -> Board:
    return supplies_board(tmp_path)


def app_for(board: Board, who: str, lang: str = "zh") -> DutyboardApp:
    return DutyboardApp(
        board, clock_of(board), who=volunteer(board, who), lang=lang, watch_interval=60.0
    )


def pane(app: DutyboardApp) -> DeliveriesPane:
    return app.query_one("#deliveries-pane", DeliveriesPane)


def table(app: DutyboardApp) -> DataTable[Text]:
    return pane(app).query_one(DataTable)


def cell(app: DutyboardApp, task_id: str, column: str) -> str:
    return str(table(app).get_cell(task_id, column))


def to_row(app: DutyboardApp, task_id: str) -> None:
    t = table(app)
    t.move_cursor(row=t.get_row_index(task_id))


async def open_deliveries(pilot: Pilot[int]) -> None:
    await pilot.press("2")
    await settle(pilot)


def parcels_of(board: Board, household: str) -> list[Task]:
    return [t for t in board.tasks(kind=parcels.KIND) if t.household == household]


def deliveries_in(board: Board, building: int) -> list[Task]:
    return [t for t in board.tasks(kind="delivery") if t.building == building]


def status_line(app: DutyboardApp) -> str:
    return str(app.screen.query_one("#parcel-status", Static).render())


def enabled(app: DutyboardApp, key: str) -> bool:
    return app.screen.active_bindings[key].enabled


# ---------------------------------------------------------------- parcels


@sync
async def test_parcels_entered_at_the_gate_then_taken_to_the_door(board: Board) -> None:
    app = app_for(board, "gate")  # anyone at the gate may enter parcels
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        await pilot.press("k")
        assert isinstance(app.screen, ParcelEntry)
        room = app.screen.query_one("#parcel-room", RoomInput)
        assert room.has_focus
        await pilot.press(*"5-1-101", "enter")
        await settle(pilot)
        assert [t.status for t in parcels_of(board, "h5a")] == ["open"]
        assert room.value == "" and room.has_focus  # ready for the next parcel
        assert "已登记 1 户：5-1-101" in status_line(app)

        # A courier for the next ones, then a whole list pasted from the chat.
        await pilot.click("#parcel-courier")
        await pilot.press(*"顺丰")
        room.post_message(events.Paste("5-1-102\n6-1-201\n3-1-101\n"))
        await settle(pilot)
        pasted = [t for h in ("h5b", "h6b", "h3a") for t in parcels_of(board, h)]
        assert [t.extra["courier"] for t in pasted] == ["顺丰"] * 3
        assert "已登记 3 户：5-1-102、6-1-201、3-1-101 · 顺丰" in status_line(app)

        # A room nobody lives in is refused with its reason; nothing is guessed.
        before = len(board.tasks(kind=parcels.KIND))
        room.focus()
        await pilot.press(*"5-9-999", "enter")
        await settle(pilot)
        assert len(board.tasks(kind=parcels.KIND)) == before
        assert status_line(app).startswith("✗ ") and "5-9-999" in status_line(app)
        await pilot.press(*"5-302", "enter")  # two households have a 302 in building 5
        await settle(pilot)
        assert "5-1-302" in status_line(app) and "5-2-302" in status_line(app)

        await pilot.press("escape")
        assert not isinstance(app.screen, ParcelEntry)
        (first,) = parcels_of(board, "h5a")
        assert cell(app, first.id, "status") == "09:00 上架"
        assert cell(app, first.id, "items") == "快递×1" and cell(app, first.id, "batch") == "快递"
        assert "货架  3号楼 1 · 5号楼 2 · 6号楼 1（送到门口）" in str(
            pane(app).query_one(".parcels-shelf", Static).render()
        )
        to_row(app, first.id)
        await pilot.press("space")
        await settle(pilot)
        done = board.task(first.id)
        assert done is not None and done.status == "done" and done.extra["handed"] == "door"
        assert done.done_by == "gate"
        assert cell(app, first.id, "status") == "已送到门口 ✓ 09:00"


@sync
async def test_a_parcel_picked_up_but_never_from_a_sealed_building(board: Board) -> None:
    added = {t.household: t for t in add(board, "5-1-101", "6-1-201").added}
    sealed, normal = added["h6b"], added["h5a"]
    app = app_for(board, "zhou")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        to_row(app, sealed.id)
        await pilot.pause()
        assert "送到门口" in cell(app, sealed.id, "address")
        assert not enabled(app, "p") and not enabled(app, "f")
        await pilot.press("p")
        await settle(pilot)
        assert board.task(sealed.id).status == "open"  # type: ignore[union-attr]
        with pytest.raises(Refused):  # and the core says no as well
            parcels.hand_over(board, [sealed], volunteer(board, "zhou"), "pickup")

        to_row(app, normal.id)
        await pilot.pause()
        assert enabled(app, "p")
        await pilot.press("p")
        await settle(pilot)
        picked = board.task(normal.id)
        assert picked is not None and picked.extra["handed"] == "pickup"
        assert cell(app, normal.id, "status") == "已自取 ✓ 09:00"
        shelf = str(pane(app).query_one(".parcels-shelf", Static).render())
        assert shelf == "货架  6号楼 1（送到门口）"
        # space on a handed parcel puts it back on the shelf
        to_row(app, normal.id)
        await pilot.press("space")
        await settle(pilot)
        assert board.task(normal.id).status == "open"  # type: ignore[union-attr]


@sync
async def test_an_overdue_parcel_is_red_and_the_shelf_empties(board: Board) -> None:
    clock_of(board).advance(days=-1, hours=-1)
    (old,) = add(board, "5-1-101", courier="[@click=app.quit]京东").added
    clock_of(board).advance(days=1, hours=1)
    app = app_for(board, "zhou", "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        status = table(app).get_cell(old.id, "status")
        assert str(status) == "shelved 25 Apr 08:00 · 1 day+"
        assert status.style == pane(app).mark_style("overdue")
        assert cell(app, old.id, "items") == "parcel×1 [@click=app.qui…"  # text, cut short
        assert "1 over a day" in str(pane(app).query_one(".tasks-summary", Static).render())
        to_row(app, old.id)
        await pilot.press("space")
        await settle(pilot)
        assert app.is_running
        shelf = str(pane(app).query_one(".parcels-shelf", Static).render())
        assert shelf == "Shelves empty ✓"


# ---------------------------------------------------------------- carriers


@sync
async def test_a_leader_changes_the_carrier_and_u_puts_it_back(board: Board) -> None:
    release = release_batch(board)
    five = deliveries_in(board, 5)
    assert {t.carrier for t in five} == {"zhou"}
    app = app_for(board, "lead")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        to_row(app, five[0].id)
        await pilot.pause()
        assert enabled(app, "c")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CarrierPicker)
        assert "5号楼 由谁配送 · 青菜套餐" in str(app.screen.query_one("#picker-title").render())
        shown = [str(o.prompt) for o in app.screen.query_one(PickerList).options]
        assert len(shown) == 2  # 王芳 lives in sealed 6 and cannot go out
        assert "周宝" in shown[0] and "在送 2 户 · 现在送这栋" in shown[0]
        assert "李明" in shown[1] and shown[1].endswith("在送 2 户")
        await pilot.press(*"李明", "enter")
        await settle(pilot)
        assert {t.carrier for t in deliveries_in(board, 5)} == {"li"}
        assert cell(app, five[0].id, "carrier") == "李明"
        assert {t.carrier for t in deliveries_in(board, 6)} == {"li"}  # untouched
        await pilot.press("u")
        await settle(pilot)
        assert {t.carrier for t in deliveries_in(board, 5)} == {"zhou"}
        assert cell(app, five[0].id, "carrier") == "周宝"
    assert release.tasks == 4


@sync
async def test_a_volunteer_sees_c_greyed_and_the_core_refuses(board: Board) -> None:
    release = release_batch(board)
    five = deliveries_in(board, 5)
    app = app_for(board, "zhou")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        to_row(app, five[0].id)
        await pilot.pause()
        assert not enabled(app, "c")
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, CarrierPicker)
    zhou, li = volunteer(board, "zhou"), volunteer(board, "li")
    with pytest.raises(Refused):
        gate.assign(board, release.batch, 5, li, zhou)
    assert {t.carrier for t in deliveries_in(board, 5)} == {"zhou"}


# ---------------------------------------------------------------- door only


@sync
async def test_a_building_sealed_while_open_shows_door_only_at_once(board: Board) -> None:
    release_batch(board)
    (parcel,) = add(board, "5-1-102").added
    five = deliveries_in(board, 5)
    app = app_for(board, "lead")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        assert cell(app, five[0].id, "address") == five[0].address
        sixes = deliveries_in(board, 6)
        assert cell(app, sixes[0].id, "address") == "6-1-101  送到门口"

        def seal() -> None:  # as a leader's change saved on this laptop
            with board.transaction() as tx:
                tx.insert("building_status", {"building": 5, "date": TODAY, "status": "sealed"})

        app.submit(seal)
        await settle(pilot)
        assert all(cell(app, t.id, "address").endswith("送到门口") for t in five)
        assert cell(app, parcel.id, "address") == "5-1-102  送到门口"
        assert cell(app, five[0].id, "mark") == "封控"
        to_row(app, parcel.id)
        await pilot.pause()
        assert not enabled(app, "p")


@sync
async def test_short_and_note_are_shown_as_text(board: Board) -> None:
    release_batch(board)
    rows = {t.address: t for t in board.tasks(kind="delivery")}
    app = app_for(board, "lead", "en")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        assert cell(app, rows["4-1-101"].id, "items") == "青菜套餐×1  short: 青菜套餐×1"
        assert cell(app, rows["6-1-101"].id, "items") == "青菜套餐×1  note: 放门口，谢谢[/b]"
        assert cell(app, rows["4-1-101"].id, "address") == "4-1-101  door only"


@sync
async def test_the_building_filter_keeps_its_parcels_and_the_old_keys_work(board: Board) -> None:
    release_batch(board)
    added = {t.household: t for t in add(board, "5-1-101", "6-1-201").added}
    app = app_for(board, "lead")
    async with app.run_test(size=SIZE) as pilot:
        await open_deliveries(pilot)
        assert table(app).row_count == 6
        await pilot.press("b", "b", "b")  # from 4 of the batch: 5, 6, the parcels of 5
        row = table(app).coordinate_to_cell_key(table(app).cursor_coordinate).row_key
        assert row == added["h5a"].id
        app.building = 5  # as ctrl+p and a building do
        await settle(pilot)
        assert table(app).row_count == 3
        shelf = str(pane(app).query_one(".parcels-shelf", Static).render())
        assert shelf == "货架  5号楼 1"
        await pilot.press("escape")
        await settle(pilot)
        assert table(app).row_count == 6
        await pilot.press("o")  # open only: all of them are open
        assert table(app).row_count == 6
        to_row(app, deliveries_in(board, 5)[0].id)
        await pilot.press("space")
        await settle(pilot)
        assert deliveries_in(board, 5)[0].status == "done"
        assert "handed" not in deliveries_in(board, 5)[0].extra
        assert isinstance(app.screen.focused, DataTable)
        assert not isinstance(app.screen.focused, Input)


# ---------------------------------------------------------------- the pane alone


class PaneApp(App[None]):
    """The Deliveries pane given a view by hand; keeps every message it posts."""

    CSS_PATH = str(Path(__file__).resolve().parents[2] / "dutyboard" / "tui" / "tasks.tcss")

    def __init__(self, view: DeliveriesView) -> None:
        super().__init__()
        self.pane = DeliveriesPane("zh", id="deliveries")
        self.view = view
        self.posted: list[Message] = []

    def compose(self) -> ComposeResult:
        yield self.pane

    def on_mount(self) -> None:
        self.pane.show(self.view)

    # What the pane sends up, handled by name as DutyboardApp does.
    def on_deliveries_pane_carrier(self, message: DeliveriesPane.Carrier) -> None:
        self.posted.append(message)

    def on_deliveries_pane_hand_over(self, message: Message) -> None:
        self.posted.append(message)

    def on_deliveries_pane_parcels(self, message: Message) -> None:
        self.posted.append(message)


ROW = DeliveryRow("d1", "D1", "veg", 5, "5-1-101", "青菜", "周宝", "open")
ON_SHELF = ParcelRow("p1", "P1", PARCEL_BATCH, 5, "5-1-102", "快递×1", "", "open", received="09:10")
DOOR_ONLY = ParcelRow(
    "p2", "P2", PARCEL_BATCH, 6, "6-1-201", "快递×1", "", "open", building_status="sealed"
)
VIEW = DeliveriesView(
    pendulum.date(2022, 4, 26),
    (BatchInfo("veg", "蔬菜包", "", "青菜", "10:30"),),
    (ROW,),
    (),
    (ON_SHELF, DOOR_ONLY),
)


@sync
async def test_the_pane_greys_keys_per_row_and_shows_a_hand_over_at_once() -> None:
    app = PaneApp(VIEW)
    async with app.run_test(size=SIZE) as pilot:
        dt = app.pane.query_one(DataTable)
        assert not enabled(app, "c") and not enabled(app, "p") and enabled(app, "k")
        app.pane.leader = True
        await pilot.pause()
        assert enabled(app, "c")
        await pilot.press("c")
        assert [(type(m).__name__, m.batch, m.building) for m in app.posted] == [  # type: ignore[attr-defined]
            ("Carrier", "veg", 5)
        ]
        dt.move_cursor(row=1)
        await pilot.pause()
        assert not enabled(app, "c") and not enabled(app, "f") and enabled(app, "p")
        await pilot.press("space")
        assert str(dt.get_cell("p1", "status")) == "已送到门口 ✓"  # before any save
        assert "货架  6号楼 1（送到门口）" in str(app.pane.query_one(".parcels-shelf").render())
        hand_over = app.posted[-1]
        assert isinstance(hand_over, DeliveriesPane.HandOver)
        assert (hand_over.task_ids, hand_over.how) == (("p1",), "door")
        assert dt.cursor_row == 2  # on to the next one
        assert not enabled(app, "p")  # 6 is sealed: to the door only
        await pilot.press("p", "k")
        assert isinstance(app.posted[-1], DeliveriesPane.Parcels)
        assert len(app.posted) == 3

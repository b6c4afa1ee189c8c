"""The Deliveries and Disinfection panes, driven with Pilot inside a tiny App.

The panes are given plain views (built by hand here, or from the demo board) and
must change on screen at once when a key is pressed, then post their message.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pendulum
from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from dutyboard.core.board import Board
from dutyboard.i18n import CATALOG
from dutyboard.tui.deliveries import DeliveriesPane
from dutyboard.tui.disinfection import DisinfectionPane
from dutyboard.tui.fail_reason import FailReason
from dutyboard.tui.task_pane import TaskPane
from dutyboard.views.deliveries import (
    DEFAULT_REASONS,
    BatchInfo,
    DeliveriesView,
    DeliveryRow,
    Reason,
    build_deliveries,
)
from dutyboard.views.disinfection import (
    ChecklistCell,
    ChecklistColumn,
    ChecklistRow,
    DisinfectionView,
    build_disinfection,
)

from .conftest import SIZE, sync

ROOT = Path(__file__).resolve().parents[2]
TCSS = ROOT / "dutyboard" / "tui" / "tasks.tcss"
DAY = pendulum.date(2022, 4, 26)
NOW = pendulum.datetime(2022, 4, 26, 10, 30, tz="Asia/Shanghai")


class PaneApp(App[None]):
    """One pane and a Footer; keeps every message the pane posts."""

    CSS_PATH = str(TCSS)

    def __init__(self, pane: TaskPane, view: object | None = None) -> None:
        super().__init__()
        self.pane = pane
        self.view = view
        self.posted: list[Any] = []  # the panes' messages

    def compose(self) -> ComposeResult:
        yield self.pane
        yield Footer()

    def on_mount(self) -> None:
        if self.view is not None:
            self.pane.show(self.view)  # type: ignore[attr-defined]

    @on(DeliveriesPane.Tick)
    @on(DeliveriesPane.Fail)
    @on(DeliveriesPane.Reopen)
    @on(DisinfectionPane.Tick)
    @on(DisinfectionPane.Reopen)
    def keep(self, message: Message) -> None:
        self.posted.append(message)


def cell(app: PaneApp, row: str, column: str) -> Text:
    value = app.pane.query_one(DataTable).get_cell(row, column)
    assert isinstance(value, Text)
    return value


def style_of(text: Text) -> Style:
    assert isinstance(text.style, Style)
    return text.style


def text_of(app: PaneApp, selector: str) -> str:
    return str(app.pane.query_one(selector, Static).render())


def key_label(app: PaneApp, key: str) -> str:
    return app.screen.active_bindings[key].binding.description


# ------------------------------------------------------------------ deliveries

REASONS = (Reason("nobody_home", "家中无人"), Reason("left_at_door", "已放门口"))
BATCH = BatchInfo("veg", "蔬菜包", "基地", "青菜", "10:30")


def delivery(tid: str, address: str, items: str, carrier: str, **kw: Any) -> DeliveryRow:
    building = int(address.split("-")[0])
    return DeliveryRow(tid, tid.upper(), "veg", building, address, items, carrier, "open", **kw)


ROWS = (
    delivery("d1", "5-1-101", "青菜", "周宝", building_status="sealed"),
    delivery("d2", "5-1-102", "青菜 土豆 鸡蛋10个", "李明", building_status="sealed"),
    delivery("d3", "6-1-101", "牛奶", "王芳", building_status="positive"),
    delivery("d4", "6-2-301", "milk", "Ann", building_status="positive"),
    delivery("d5", "7-1-101", "青菜 土豆", "赵四"),
)
DONE = replace(ROWS[3], status="done", done_at="10:32", done_by="Ann")
VIEW = DeliveriesView(DAY, (BATCH,), (*ROWS[:3], DONE, ROWS[4]), REASONS)


def deliveries_app(view: DeliveriesView | None = VIEW, lang: str = "zh") -> PaneApp:
    return PaneApp(DeliveriesPane(lang, id="deliveries"), view)


@sync
async def test_space_shows_the_tick_at_once_then_posts_it() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        assert str(cell(app, "d1", "status")) == "待办"
        assert "1/5" in text_of(app, ".tasks-summary")
        await pilot.press("space")
        assert str(cell(app, "d1", "status")) == "已送达 ✓"  # before any save
        assert "2/5" in text_of(app, ".tasks-summary")
        assert [(type(m), m.task_ids) for m in app.posted] == [(DeliveriesPane.Tick, ("d1",))]
        assert app.posted[0].control is app.pane
        assert app.pane.query_one(DataTable).cursor_row == 1  # on to the next household
        d1 = replace(ROWS[0], status="done", done_at="10:41")
        fresh = replace(VIEW, rows=(d1, *VIEW.rows[1:]))
        app.pane.show(fresh)  # type: ignore[attr-defined]
        await pilot.pause()
        assert str(cell(app, "d1", "status")) == "已送达 ✓ 10:41"
        assert app.pane.query_one(DataTable).cursor_row == 1


@sync
async def test_space_on_a_done_row_reopens_it() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        app.pane.query_one(DataTable).move_cursor(row=3)
        await pilot.press("space")
        assert str(cell(app, "d4", "status")) == "待办"
        assert [(type(m), m.task_ids) for m in app.posted] == [(DeliveriesPane.Reopen, ("d4",))]


@sync
async def test_f_asks_why_and_a_number_picks_the_reason() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, FailReason)
        await pilot.press("2")
        assert not isinstance(app.screen, FailReason)
        assert [(type(m), m.task_id, m.reason) for m in app.posted] == [
            (DeliveriesPane.Fail, "d1", "left_at_door")
        ]
        assert str(cell(app, "d1", "status")) == "未送达：已放门口"
        assert "未送达 1" in text_of(app, ".tasks-summary")


@sync
async def test_f_takes_a_reason_typed_in_and_escape_cancels() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "escape")
        assert app.posted == [] and str(cell(app, "d1", "status")) == "待办"
        await pilot.press("f", "tab", "enter")  # nothing typed: stays open
        assert isinstance(app.screen, FailReason)
        await pilot.press(*"门口有狗", "enter")
        assert [(m.task_id, m.reason) for m in app.posted] == [("d1", "门口有狗")]
        assert str(cell(app, "d1", "status")) == "未送达：门口有狗"


@sync
async def test_enter_picks_the_highlighted_reason_in_english() -> None:
    app = deliveries_app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert "Why was 5-1-101 not delivered?" in str(app.screen.query_one("#fail-title").render())
        await pilot.press("down", "enter")
        assert [(m.task_id, m.reason) for m in app.posted] == [("d1", "left_at_door")]


@sync
async def test_o_shows_open_only_and_fresh_data_drops_the_ticked_row() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        await pilot.press("o")
        assert table.row_count == 4 and "只看待办" in text_of(app, ".tasks-summary")
        await pilot.press("space")  # d1 delivered: still listed (✓) until fresh data
        assert table.row_count == 4 and str(cell(app, "d1", "status")) == "已送达 ✓"
        app.pane.show(app.pane.view)  # type: ignore[attr-defined]  # as the app will, after the save
        await pilot.pause()
        assert table.row_count == 3
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == "d2"
        await pilot.press("o")
        assert table.row_count == 5


@sync
async def test_when_all_is_delivered_the_open_filter_says_so() -> None:
    done = tuple(replace(r, status="done") for r in VIEW.rows)
    app = deliveries_app(replace(VIEW, rows=done))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert app.pane.has_class("-empty")
        assert "没有待办的配送了" in text_of(app, ".tasks-empty")


@sync
async def test_b_jumps_to_the_next_building_and_wraps() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        rows = []
        for _ in range(3):
            await pilot.press("b")
            rows.append(table.cursor_row)
        assert rows == [2, 4, 0]


@sync
async def test_marks_and_statuses_take_their_styles_from_the_tcss() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE):
        pane = app.pane
        positive, sealed = cell(app, "d3", "mark"), cell(app, "d1", "mark")
        assert (str(positive), str(sealed)) == ("涉阳", "封控")
        assert (
            positive.style == pane.mark_style("positive") and style_of(positive).color is not None
        )
        assert sealed.style == pane.mark_style("sealed") and style_of(sealed).color is not None
        assert style_of(positive).color != style_of(sealed).color
        done = cell(app, "d4", "status")
        assert str(done) == "已送达 ✓ 10:32" and done.style == pane.mark_style("done")
        assert str(cell(app, "d4", "mark")) == "涉阳" and str(cell(app, "d5", "mark")) == ""


@sync
async def test_chinese_columns_line_up() -> None:
    """Every row's carrier starts in the same terminal column, whatever the items."""
    app = deliveries_app()
    async with app.run_test(size=SIZE):
        table = app.pane.query_one(DataTable)
        starts = set()
        for y, row in enumerate(VIEW.rows, start=1):  # line 0 is the header
            line = table.render_line(y).text
            starts.add(cell_len(line[: line.index(row.carrier)]))
            assert row.address in line
        assert len(starts) == 1


@sync
async def test_set_lang_relabels_columns_and_keys() -> None:
    app = deliveries_app()
    async with app.run_test(size=SIZE) as pilot:
        assert key_label(app, "space") == "送达/撤销" and key_label(app, "f") == "未送达"
        app.pane.set_lang("en")
        await pilot.pause()
        labels = [str(c.label) for c in app.pane.query_one(DataTable).ordered_columns]
        assert labels == ["Address", "Building", "Items", "Carrier", "Status", "Batch"]
        assert (
            key_label(app, "space") == "Delivered/undo" and key_label(app, "b") == "Next building"
        )
        assert str(cell(app, "d4", "status")) == "delivered ✓ 10:32"
        assert str(cell(app, "d3", "mark")) == "positive"


@sync
async def test_no_deliveries_today() -> None:
    app = deliveries_app(DeliveriesView(DAY, (), (), REASONS))
    async with app.run_test(size=SIZE) as pilot:
        assert "今天没有配送" in text_of(app, ".tasks-empty") and app.pane.has_class("-empty")
        assert not app.screen.active_bindings["space"].enabled
        await pilot.press("space", "f", "b")
        assert app.posted == [] and not isinstance(app.screen, FailReason)


@sync
async def test_data_given_before_mounting_is_shown() -> None:
    pane = DeliveriesPane("zh")
    pane.show(VIEW)
    app = PaneApp(pane)
    async with app.run_test(size=SIZE):
        assert pane.query_one(DataTable).row_count == 5


# ------------------------------------------------------------------ disinfection

COLUMNS = (
    ChecklistColumn("lift_buttons", "电梯按钮"),
    ChecklistColumn("stair_rails", "楼梯扶手"),
    ChecklistColumn("surfaces", "台面"),
)


def item(tid: str, due: str, late: bool = False, done_at: str = "") -> ChecklistCell:
    return ChecklistCell((tid,), () if done_at else (tid,), due, late, done_at)


GRID = DisinfectionView(
    DAY,
    COLUMNS,
    (
        ChecklistRow("b9.1", 9, None, "", 1, 2, "positive", (item("a", "09:00", True), item("b", "09:30", True, "09:20"), None)),
        ChecklistRow("b9.2", 9, None, "", 2, 2, "positive", (item("c", "13:00"), item("d", "13:30"), None)),
        ChecklistRow("b1.1", 1, None, "", 1, 1, "normal", (item("e", "09:00", True), item("f", "09:30", True), None)),
        ChecklistRow("a:gate.1", None, "gate", "小区大门", 1, 1, "normal", (None, None, item("g", "10:00", True))),
    ),
)  # fmt: skip


def grid_app(view: DisinfectionView | None = GRID, lang: str = "zh") -> PaneApp:
    return PaneApp(DisinfectionPane(lang, id="disinfection"), view)


@sync
async def test_grid_layout_marks_and_overdue_cells() -> None:
    app = grid_app()
    async with app.run_test(size=SIZE):
        pane, table = app.pane, app.pane.query_one(DataTable)
        labels = [str(c.label) for c in table.ordered_columns]
        assert labels == ["楼栋/区域", "进度", "电梯按钮", "楼梯扶手", "台面"]
        assert str(cell(app, "b9.2", "place")) == "9号楼 第2轮 涉阳"
        assert cell(app, "b9.2", "place").spans[-1].style == pane.mark_style("positive")
        assert str(cell(app, "b1.1", "place")) == "1号楼"
        assert str(cell(app, "a:gate.1", "place")) == "小区大门"
        late = cell(app, "b9.1", "lift_buttons")
        assert str(late) == "超时 09:00" and late.style == pane.mark_style("overdue")
        assert style_of(late).color is not None and style_of(late).bold
        assert str(cell(app, "b9.1", "stair_rails")) == "✓ 09:20"
        assert str(cell(app, "b9.2", "lift_buttons")) == "13:00前"
        assert str(cell(app, "b9.1", "progress")) == "1/2"
        assert str(cell(app, "a:gate.1", "lift_buttons")) == ""
        assert "1/7" in text_of(app, ".tasks-summary") and "超时 4 项" in text_of(
            app, ".tasks-summary"
        )
        assert "9号楼 涉阳 1/4" in text_of(app, ".tasks-buildings")
        assert table.cursor_coordinate == (0, 2)  # on the first item, not the names


@sync
async def test_space_ticks_the_cell_then_space_again_reopens_it() -> None:
    app = grid_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert str(cell(app, "b9.1", "lift_buttons")) == "✓"  # the time comes with fresh data
        assert str(cell(app, "b9.1", "progress")) == "2/2"
        assert "超时 3 项" in text_of(app, ".tasks-summary")
        await pilot.press("space")
        assert str(cell(app, "b9.1", "lift_buttons")) == "超时 09:00"
        assert [(type(m), m.task_ids) for m in app.posted] == [
            (DisinfectionPane.Tick, ("a",)),
            (DisinfectionPane.Reopen, ("a",)),
        ]
        assert all(m.control is app.pane for m in app.posted)


@sync
async def test_space_where_there_is_no_item_does_nothing() -> None:
    app = grid_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        table.move_cursor(row=3, column=2)  # the gate has no lift buttons
        await pilot.pause()
        assert not app.screen.active_bindings["space"].enabled
        await pilot.press("space")
        table.move_cursor(row=0, column=0)  # the building's name
        await pilot.press("space")
        assert app.posted == []


@sync
async def test_b_goes_building_by_building_then_the_areas() -> None:
    app = grid_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        seen = []
        for _ in range(3):
            await pilot.press("b")
            seen.append(tuple(table.cursor_coordinate))
        assert seen == [(2, 2), (3, 2), (0, 2)]


@sync
async def test_fresh_data_keeps_the_cursor_on_its_cell_and_set_lang_relabels() -> None:
    app = grid_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        table.move_cursor(row=2, column=3)
        app.pane.show(GRID)  # type: ignore[attr-defined]
        await pilot.pause()
        assert tuple(table.cursor_coordinate) == (2, 3)
        app.pane.set_lang("en")
        await pilot.pause()
        assert str(table.ordered_columns[0].label) == "Building/area"
        assert str(cell(app, "b9.1", "place")) == "Building 9 round 1 positive"
        assert str(cell(app, "b9.2", "stair_rails")) == "by 13:30"
        assert key_label(app, "space") == "Done/undo"
        assert tuple(table.cursor_coordinate) == (2, 3)


@sync
async def test_no_checklist_today() -> None:
    app = grid_app(DisinfectionView(DAY, (), ()))
    async with app.run_test(size=SIZE) as pilot:
        assert "今天没有消杀清单" in text_of(app, ".tasks-empty")
        await pilot.press("space", "b")
        assert app.posted == []


# ------------------------------------------------------------------ the demo board


@sync
async def test_the_demo_community_in_both_panes(board: Board) -> None:
    deliveries = build_deliveries(board, DAY, "zh", NOW)
    app = deliveries_app(deliveries)
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        assert table.row_count == len(board.tasks(DAY, kind="delivery")) > 50
        buildings = []
        for _ in range(3):
            await pilot.press("b")
            building = deliveries.rows[table.cursor_row].building
            assert building is not None
            buildings.append(building)
        assert len(set(buildings)) == 3 and sorted(buildings) == buildings
    checklist = build_disinfection(board, DAY, "zh", NOW)
    app = grid_app(checklist)
    async with app.run_test(size=SIZE) as pilot:
        table = app.pane.query_one(DataTable)
        assert table.row_count == len(checklist.rows)
        first = checklist.rows[0]
        assert first.status == "positive" or not any(r.status == "positive" for r in checklist.rows)
        await pilot.press("space")
        assert len(app.posted) == 1 and isinstance(app.posted[0], DisinfectionPane.Tick)


# ------------------------------------------------------------------ strings


def test_every_string_the_panes_use_exists() -> None:
    sources = [
        ROOT / "dutyboard" / "views" / "deliveries.py",
        ROOT / "dutyboard" / "views" / "disinfection.py",
        ROOT / "dutyboard" / "tui" / "deliveries.py",
        ROOT / "dutyboard" / "tui" / "disinfection.py",
        ROOT / "dutyboard" / "tui" / "fail_reason.py",
    ]
    used = {k for p in sources for k in re.findall(r"\"(tasks\.[a-z_.]+)\"", p.read_text())}
    used |= {f"tasks.col.{c}" for c in DeliveriesPane.COLUMNS}
    used |= {f"tasks.reason.{k}" for k in DEFAULT_REASONS}
    assert len(used) > 30
    assert used - CATALOG.keys() == set()

"""The duty board's journeys, driven by keys through Textual's Pilot.

Each test checks what the person sees AND what the board holds, and where it matters
the file on disk (opened afresh, as another laptop would).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import DataTable, OptionList, Static

from dutyboard.core import staffing
from dutyboard.core.board import Board
from dutyboard.storage import device
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused, SaveError
from dutyboard.tui._compat import REFRESH_LAYOUT, notifications
from dutyboard.tui.app import DutyboardApp
from dutyboard.tui.deliveries import DeliveriesPane
from dutyboard.tui.disinfection import DisinfectionPane
from dutyboard.tui.header import BoardHeader
from dutyboard.tui.key_bar import KeyBar
from dutyboard.tui.launch import launch, pick_lang
from dutyboard.tui.picker import PickerScreen
from dutyboard.tui.reassign import ReassignScreen
from dutyboard.tui.tab_bar import TabBar
from dutyboard.tui.today import TodayPane
from tests.waiting import wait_until_in_app

from .conftest import SIZE, first_leader, make_app, on_duty_volunteer, settle, sync

REPO = Path(__file__).resolve().parents[2]


def header_text(app: DutyboardApp, part: str) -> str:
    return app.query_one(BoardHeader).part(part)


def delivery_rows(app: DutyboardApp) -> list[str]:
    table = app.query_one(DeliveriesPane).query_one(DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


@sync
async def test_volunteer_ticks_deliveries_and_a_checklist_item_then_undoes_one(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    who = on_duty_volunteer(board)
    app = make_app(board, clock, who)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # Deliveries
        first_three = delivery_rows(app)[:3]
        await pilot.press("space", "space", "space")
        await settle(pilot)
        assert [board.task(i).status for i in first_three] == ["done"] * 3  # type: ignore[union-attr]

        await pilot.press("u")  # undo the last tick
        await settle(pilot)
        assert [board.task(i).status for i in first_three] == ["done", "done", "open"]  # type: ignore[union-attr]

        await pilot.press("3")  # Disinfection: the cursor is on the first item of the first row
        view = app.query_one(DisinfectionPane).view
        assert view is not None
        cell = view.rows[0].cells[0]
        assert cell is not None and cell.status == "open"
        await pilot.press("space")
        await settle(pilot)
        assert all(board.task(i).status == "done" for i in cell.task_ids)  # type: ignore[union-attr]
        assert header_text(app, "state") == "已保存"
        assert app.query_one(BoardHeader).state == "saved"

    # What another laptop reads from the file.
    fresh = Board.open(board_path, clock, device_id="other-laptop")
    statuses = [fresh.task(i).status for i in first_three]  # type: ignore[union-attr]
    assert statuses == ["done", "done", "open"]
    assert all(fresh.task(i).status == "done" for i in cell.task_ids)  # type: ignore[union-attr]
    mine = [e for e in fresh.audit(fresh.today) if e.who == who.id]
    assert [e.action for e in mine] == ["done", "done", "done", "undo", "done"]
    assert {fresh.task(first_three[0]).done_by} == {who.id}  # type: ignore[union-attr]


@sync
async def test_leader_moves_someone_into_an_overlapping_slot_with_a_reason(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    leader = first_leader(board)
    slots = {(s.group, s.key): s for s in board.slots(board.today)}
    morning = slots[("delivery", "morning")]
    medicine = slots[("medicine", "morning")]  # 09:00-12:00
    target = slots[("disinfection", "morning")]  # 08:00-11:00: overlaps the medicine slot
    moving = board.assignments(morning.id)[0]
    person = board.volunteer(moving.volunteer)
    assert person is not None
    # Someone is also helping the medicine group this morning.
    staffing.assign(board, person.id, medicine.id, leader, override_reason="extra hands")

    app = make_app(board, clock, leader)
    async with app.run_test(size=SIZE) as pilot:
        assert app.query_one(TodayPane).select_key(moving.id)
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReassignScreen)
        groups = [g.key for g in screen.targets]
        # The list starts at the person's group; down to disinfection, Enter: the
        # first slot (today's morning) lights up and its warnings show.
        steps = groups.index("disinfection") - groups.index(moving.group)
        await pilot.press(*["down"] * steps, "enter")
        assert screen.slot_id == target.id
        warning = str(screen.query_one("#reassign-warnings", Static).render())
        assert "重叠" in warning and "配药组" in warning
        await pilot.press("enter")  # with warnings Enter asks for a reason first
        assert app.screen is screen and screen.focused is screen.query_one("#reassign-reason")
        await pilot.press("enter")  # no reason typed: refused, still open
        assert app.screen is screen
        await pilot.press(*"short-handed", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReassignScreen)
        assert board.assignment(moving.id).slot == target.id  # type: ignore[union-attr]

    entry = Board.open(board_path, clock, device_id="other").audit()[-1]
    assert (entry.action, entry.record, entry.who) == ("reassign", moving.id, leader.id)
    assert entry.reason == "short-handed"
    assert "overlap" in entry.after["warnings"]
    assert entry.after["slot"] == target.id


@sync
async def test_volunteer_cannot_reassign(board: Board, clock: FixedClock) -> None:
    who = on_duty_volunteer(board)
    mine = board.assignments_of(who.id, board.today)[0]
    app = make_app(board, clock, who)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(TodayPane)
        assert pane.select_key(mine.id)
        await pilot.pause()
        for key in ("r", "a", "n"):
            active = app.screen.active_bindings[key]
            assert active.enabled is False, f"{key} is greyed out in the Footer"
        assert pane.check_action("reassign", ()) is None
        await pilot.press("r", "a", "n")
        await settle(pilot)
        assert app.screen is app.screen_stack[0]  # no dialog opened
        assert board.assignment(mine.id).status == "scheduled"  # type: ignore[union-attr]
        # The key bar draws them greyed, and a click on one does nothing.
        keys = {shown: enabled for shown, _, enabled in app.query_one(KeyBar).shown_keys()}
        assert keys["r"] is False and keys["u"] is True
        await pilot.click("#keys", offset=(1, 0))  # the first key: r
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
    other = next(s for s in board.slots(board.today) if s.id != mine.slot)
    with pytest.raises(Refused, match="not a shift leader"):
        staffing.reassign(board, mine.id, other.id, who, override_reason="I want to")
    with pytest.raises(Refused, match="not a shift leader"):
        staffing.mark(board, mine.id, "arrived", who)


@sync
async def test_language_switch_relabels_everything(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        tabs = app.query_one(TabBar)
        table = app.query_one(TodayPane).table
        assert tabs.labels["today"] == "1 今日值班"
        assert "1 今日值班" in tabs.render().plain
        assert header_text(app, "date") == "4月26日 星期二"
        assert header_text(app, "badge") == "组长"
        assert table.column_label("name") == "姓名"
        assert app.screen.active_bindings["r"].binding.description == "调动"

        await pilot.press("l")
        await pilot.pause()
        assert [tabs.labels[t] for t in ("today", "deliveries", "disinfection")] == [
            "1 Today",
            "2 Deliveries",
            "3 Disinfection",
        ]
        assert header_text(app, "date") == "Tue 26 Apr"
        assert header_text(app, "badge") == "leader"
        assert header_text(app, "state") == "saved"
        assert table.column_label("name") == "Name"
        assert app.screen.active_bindings["r"].binding.description == "Move"
        assert app.screen.active_bindings["l"].binding.description == "中文"
        assert "On duty now" in app.query_one(TodayPane).table.preamble
        assert device.load_settings()["lang"] == "en"

        await pilot.press("2")
        assert app.screen.active_bindings["f"].binding.description != "未送达"

        await pilot.press("l")
        await pilot.pause()
        assert tabs.labels["today"] == "1 今日值班"
        assert device.load_settings()["lang"] == "zh"


@sync
async def test_a_change_saved_by_another_process_shows_up(
    board: Board, board_path: Path, clock: FixedClock
) -> None:
    volunteer = on_duty_volunteer(board)
    task = sorted(board.tasks(board.today, kind="delivery", status="open"), key=lambda x: x.id)[0]
    app = make_app(board, clock, volunteer, watch_interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # the Deliveries tab is on screen (panes draw when shown)
        pane = app.query_one(DeliveriesPane)
        assert pane.view is not None and pane.view.row(task.id).status == "open"  # type: ignore[union-attr]
        script = (
            "from dutyboard.core.board import Board\n"
            f"b = Board.open({str(board_path)!r}, device_id='gate-laptop')\n"
            f"b.tick([b.task({task.id!r})], b.volunteer({volunteer.id!r}))\n"
        )
        subprocess.run([sys.executable, "-c", script], cwd=REPO, check=True, env=_env(), timeout=60)
        start = time.monotonic()
        while time.monotonic() - start < 2.0:
            await pilot.pause(0.1)
            if pane.view.row(task.id).status == "done":  # type: ignore[union-attr]
                break
        assert pane.view.row(task.id).status == "done"  # type: ignore[union-attr]
        assert header_text(app, "state") == "已从磁盘重新载入"
        assert app.query_one(BoardHeader).state == "reloaded"
        assert board.task(task.id).status == "done"  # type: ignore[union-attr]


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@sync
async def test_a_failed_save_is_shown_and_retried_until_it_works(
    board: Board, board_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk refuses (full, read-only): the tick stays, the header says so, and the
    app keeps trying every 2 s until the write goes through."""
    store = board.store
    real_write = store._write_locked
    failing = {"on": True}

    def write(new_file: bool = False) -> None:
        if failing["on"]:
            raise SaveError(f"{store.path}: could not save (the disk is full).")
        real_write(new_file)

    monkeypatch.setattr(store, "_write_locked", write)
    app = make_app(board, clock, on_duty_volunteer(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        task_id = delivery_rows(app)[0]
        await pilot.press("space")
        await settle(pilot)
        assert app.query_one(BoardHeader).state == "failed"
        assert header_text(app, "state") == "保存失败，重试中"
        assert any(n.severity == "error" for n in notifications(app))
        assert board.task(task_id).status == "done"  # type: ignore[union-attr]  # kept in memory
        on_disk = Board.open(board_path, clock, device_id="other")
        assert on_disk.task(task_id).status == "open"  # type: ignore[union-attr]

        failing["on"] = False
        await wait_until_in_app(
            pilot, lambda: app.query_one(BoardHeader).state == "saved", what="the retry to save"
        )
        await settle(pilot)
        assert header_text(app, "state") == "已保存"
    on_disk = Board.open(board_path, clock, device_id="other")
    assert on_disk.task(task_id).status == "done"  # type: ignore[union-attr]


@sync
async def test_a_busy_board_retries_the_change_itself(
    board: Board, board_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program holds the lock: nothing was changed yet, so the tick is queued
    and applied when the lock is free, in order with what came after it."""
    store = board.store
    real_acquire = store._lock.acquire
    busy = {"on": True}

    def acquire(*args: object, **kwargs: object) -> object:
        if busy["on"]:
            raise filelock.Timeout(str(store.path) + ".lock")
        return real_acquire(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(store._lock, "acquire", acquire)
    app = make_app(board, clock, on_duty_volunteer(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        first, second = delivery_rows(app)[:2]
        await pilot.press("space", "space")
        await settle(pilot)
        assert app.query_one(BoardHeader).state == "failed"
        assert board.task(first).status == "open"  # type: ignore[union-attr]
        busy["on"] = False
        await wait_until_in_app(
            pilot, lambda: app.query_one(BoardHeader).state == "saved", what="the retry to save"
        )
        await settle(pilot)
    on_disk = Board.open(board_path, clock, device_id="other")
    assert [on_disk.task(i).status for i in (first, second)] == ["done", "done"]  # type: ignore[union-attr]


@sync
async def test_who_is_at_the_keyboard_is_asked_and_remembered(
    board: Board, clock: FixedClock
) -> None:
    leaders = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)
    device.save_setting(f"last_user:{board.store.board_id}", leaders[1].id)
    app = make_app(board, clock, None)
    async with app.run_test(size=SIZE) as pilot:
        picker = app.screen
        assert isinstance(picker, PickerScreen) and not picker.cancellable
        assert [c.id for c in picker.choices[: len(leaders)]] == [v.id for v in leaders]
        await pilot.press("escape")  # cannot be skipped
        assert app.screen is picker
        assert picker.query_one(OptionList).highlighted == 1  # last time's person
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.who == leaders[2]
        assert header_text(app, "who") == leaders[2].name
        assert header_text(app, "badge") == "组长"
    assert device.load_settings()[f"last_user:{board.store.board_id}"] == leaders[2].id


@sync
async def test_the_palette_finds_a_person_by_phone(board: Board, clock: FixedClock) -> None:
    who = on_duty_volunteer(board)
    mine = board.assignments_of(who.id, board.today)[0]
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")  # start somewhere else
        await pilot.press("ctrl+p")
        await pilot.press(*who.phone[-8:])
        for _ in range(20):  # the palette searches in the background
            await pilot.pause(0.05)
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_tab == "today"
        assert app.query_one(TodayPane).current_key() == mine.id


def test_launch_refuses_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "board.json"
    path.write_bytes(b'{"meta": {"1": {"app": "dutyb')
    assert launch(path, who=None, lang=None, demo=False, config_dir=None) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "Traceback" not in err
    assert path.read_bytes() == b'{"meta": {"1": {"app": "dutyb'


def test_launch_refuses_an_unknown_or_ambiguous_name(
    board_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert launch(board_path, who="无此人", lang="zh", demo=False, config_dir=None) == 1
    assert "本看板上没有叫“无此人”的人" in capsys.readouterr().err  # in the UI language
    board = Board.open(board_path)
    names = [v.name for v in board.volunteers()]
    twice = next(n for n in names if names.count(n) > 1)
    assert launch(board_path, who=twice, lang="en", demo=False, config_dir=None) == 1
    err = capsys.readouterr().err
    assert "ambiguous" in err and err.count(twice) >= 3  # the message and each candidate
    assert "Traceback" not in err


def test_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    assert pick_lang(None) == "zh"
    device.save_setting("lang", "en")
    assert pick_lang(None) == "en"
    assert pick_lang("zh") == "zh"
    monkeypatch.setenv("DUTYBOARD_LANG", "zh")
    assert pick_lang(None) == "zh"


@sync
async def test_the_garbage_collector_is_paused_only_until_today_is_on_screen(
    board: Board, clock: FixedClock
) -> None:
    import gc

    assert gc.isenabled()
    app = make_app(board, clock, first_leader(board))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled(), "on_ready turns it back on"
    assert gc.isenabled()


@sync
async def test_tabs_and_keys_answer_the_mouse(board: Board, clock: FixedClock) -> None:
    app = make_app(board, clock, first_leader(board), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        bar = app.query_one(TabBar)
        # Where "3 消杀" is drawn: each label takes its cells plus a space either side.
        x = sum(cell_len(f" {label} ") + 1 for label in list(bar.labels.values())[:2])
        await pilot.click("#tabs", offset=(x + 2, 0))
        await settle(pilot)
        assert app.active_tab == "disinfection"
        assert app.query_one(DisinfectionPane).display
        assert "3 消杀" in bar.render().plain
        first_key = app.query_one(KeyBar).shown_keys()[0]
        assert first_key[2] is True  # a leader's first key works
        await pilot.click("#tabs", offset=(2, 0))  # back to Today
        await settle(pilot)
        assert app.active_tab == "today"
        await pilot.click("#keys", offset=(1, 0))  # r: move the person under the cursor
        await settle(pilot)
        assert isinstance(app.screen, ReassignScreen)


@sync
async def test_keys_pressed_while_a_tab_is_first_mounting_do_not_reach_today(
    board: Board, clock: FixedClock
) -> None:
    boss = first_leader(board)
    app = make_app(board, clock, boss, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(TodayPane)
        mine = board.assignments_of(on_duty_volunteer(board).id, board.today)[0]
        assert pane.select_key(mine.id)
        for key in ("2", "a", "l"):  # in one burst, as a fast typist: before the
            app.post_message(events.Key(key, key))  # Deliveries pane is mounted
        await settle(pilot)
        assert board.assignment(mine.id).status == "scheduled"  # type: ignore[union-attr]
        deliveries = app.query_one(DeliveriesPane)
        assert app.lang == "en" and deliveries.lang == "en"
        assert app.screen.active_bindings["f"].binding.description == "Not delivered"


@sync
async def test_an_80_column_terminal_keeps_the_save_state_the_tabs_and_the_search_key(
    board: Board, clock: FixedClock
) -> None:
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        header = app.query_one(BoardHeader).render().plain
        assert header.rstrip().endswith("saved") and "Tue 26 Apr" in header
        tabs = app.query_one(TabBar).render().plain
        assert "5 Care" in tabs and "7" in tabs and "Testing" not in tabs
        keys = app.query_one(KeyBar).render().plain
        assert keys.rstrip().endswith("^p Search") and len(keys) <= 80
        assert " q " in keys  # every key is there, some without their words
        x = tabs.index(" 7 ") + 1
        await pilot.click("#tabs", offset=(x, 0))  # a tab shown by its number opens too
        await settle(pilot)
        assert app.active_tab == "testing"


@sync
async def test_a_resize_lays_the_board_out_again_but_the_same_size_does_not(
    board: Board, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BoardScreen drops a resize to the size it already has (Textual sends the start
    size up to three times); a real resize still lays everything out again."""
    app = make_app(board, clock, first_leader(board), lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        layouts: list[object] = []
        real = getattr(screen, REFRESH_LAYOUT)
        monkeypatch.setattr(
            screen, REFRESH_LAYOUT, lambda *a, **k: (layouts.append(a), real(*a, **k))[1]
        )
        screen.post_message(events.Resize(screen.size, screen.size))
        await settle(pilot)
        assert layouts == []
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert layouts, "a new size is laid out"
        assert screen.size == (80, 24)
        assert len(app.query_one(KeyBar).render().plain) <= 80
        assert app.query_one(TodayPane).size.width == 80

"""Fixtures for the app's tests: the demo board (seed 2022) on tmp_path, a fixed clock."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pendulum
import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.demo.board import build_demo
from dutyboard.storage.clock import FixedClock
from dutyboard.tui._compat import INPUT_BLINK
from dutyboard.tui.app import DutyboardApp

TZ = "Asia/Shanghai"
NOW = pendulum.datetime(2022, 4, 26, 9, 30, tz=TZ)
DAY = pendulum.date(2022, 4, 26)
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor would make screenshots differ from run to run."""
    monkeypatch.setattr(Input, INPUT_BLINK, lambda self: None)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def board_path(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "board.json"
    build_demo(path, date=DAY, seed=2022, clock=clock, device_id="demo-laptop")
    return path


@pytest.fixture
def board(board_path: Path, clock: FixedClock) -> Board:
    return Board.open(board_path, clock, device_id="test-laptop")


def first_leader(board: Board) -> Volunteer:
    return sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]


def on_duty_volunteer(board: Board) -> Volunteer:
    """A plain volunteer with an assignment today (deterministic for seed 2022)."""
    people = sorted((v for v in board.volunteers() if not v.is_leader), key=lambda v: v.name)
    return next(v for v in people if board.assignments_of(v.id, board.today))


def make_app(
    board: Board,
    clock: FixedClock,
    who: Volunteer | None,
    lang: str = "zh",
    watch_interval: float = 60.0,
) -> DutyboardApp:
    return DutyboardApp(board, clock, who=who, lang=lang, watch_interval=watch_interval)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (no async pytest plugin is needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot[int]) -> None:
    """Let the save workers finish and their results reach the screen (a redraw may
    post messages of its own: one more pause for those)."""
    app = pilot.app
    assert isinstance(app, DutyboardApp)
    await pilot.pause()
    await app.settled()
    await pilot.pause()
    await pilot.pause()

"""Refusals from the core are shown in the screen's language (errors.refused)."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.demo.board import build_demo
from dutyboard.i18n import CATALOG
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused, refused

ROOT = Path(__file__).resolve().parents[1] / "dutyboard"


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in ROOT.rglob("*.py"):
        keys |= set(re.findall(r'refused\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    return keys


def test_every_refusal_key_is_in_both_languages() -> None:
    used = _used_keys()
    assert len(used) >= 20  # the scan finds the calls (it would find none if it broke)
    for key in used:
        assert key in CATALOG, key
        zh, en = CATALOG[key]
        assert zh and en and zh != en, key


def test_text_in_each_language_and_english_message() -> None:
    exc = refused("refused.task_gone", code="D12345")
    assert isinstance(exc, Refused)
    assert exc.message == "task D12345 was deleted on another laptop."
    assert exc.text("en") == exc.message
    assert exc.text("zh") == "任务 D12345 已在另一台电脑上删除。"
    plain = Refused("no key")
    assert plain.text("zh") == "no key"


def test_a_volunteer_refused_by_the_core_reads_it_in_chinese(tmp_path: Path) -> None:
    from dutyboard.core import staffing

    clock = FixedClock(pendulum.datetime(2022, 4, 26, 9, 30, tz="Asia/Shanghai"))
    build_demo(tmp_path / "b.json", date=pendulum.date(2022, 4, 26), seed=2022, clock=clock)
    board = Board.open(tmp_path / "b.json", clock)
    mine = next(
        a
        for s in board.slots(board.today)
        for a in board.assignments(s.id)
        if not board.volunteer(a.volunteer).is_leader  # type: ignore[union-attr]
    )
    who = board.volunteer(mine.volunteer)
    assert who is not None
    with pytest.raises(Refused) as caught:
        staffing.mark(board, mine.id, "arrived", who)
    assert "不是组长" in caught.value.text("zh")
    assert "not a shift leader" in caught.value.text("en")

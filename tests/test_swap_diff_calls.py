"""The swap dialog and `dutyboard swap` say how many old care calls go to the archive."""

from __future__ import annotations

from pathlib import Path

from dutyboard.core.board import Board
from dutyboard.views.tomorrow import build_diff
from tests.test_care_calls_archive import DAY, at, call, clock_of, small


def test_the_diff_counts_the_old_calls_that_go_to_the_archive(tmp_path: Path) -> None:
    board: Board = small(tmp_path)
    _, _, carry = build_diff(board, "zh")
    assert "关爱电话" not in carry  # nobody has more than two calls yet
    for i in range(4):
        call(board, "h-old", at(DAY, 9 + i), f"call {i}")
    clock_of(board).at = at(DAY, 21, 30)
    _, _, carry = build_diff(board, "zh")
    assert carry.endswith("；较早的关爱电话记录 2 条移入存档（每户留最近两次）")
    _, _, carry = build_diff(board, "en")
    assert carry.endswith(
        "; 2 older care calls go to the archive (each household keeps its last two)"
    )

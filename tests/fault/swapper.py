"""A child process that swaps a board's day, for the kill -9 tests of the day swap.

``python tests/fault/swapper.py PATH MODE`` with PYTHONPATH at the repository root and
DUTYBOARD_NOW fixing the clock. Prints ``OPENED`` once the board is read (the swap
starts right after) and ``SWAPPED`` when it returned. MODE ``run`` just swaps;
``crash-after-archive`` kills itself with SIGKILL right after the archive is saved,
before the live file is written.
"""

from __future__ import annotations

import os
import signal
import sys


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(path: str, mode: str) -> None:
    from dutyboard.core import swap
    from dutyboard.core.board import Board
    from dutyboard.storage.board_bytes import archive_path
    from dutyboard.storage.clock import make_clock
    from dutyboard.storage.store import BoardStore

    if mode == "crash-after-archive":
        original = BoardStore._write_locked
        apath = archive_path(__import__("pathlib").Path(path))

        def write(self: BoardStore, new_file: bool = False) -> None:
            original(self, new_file)
            if self.path == apath:
                os.kill(os.getpid(), signal.SIGKILL)

        BoardStore._write_locked = write  # type: ignore[method-assign]

    board = Board.open(path, device_id="swapper")
    board.clock = make_clock(board.tz)
    leader = sorted((v for v in board.volunteers() if v.is_leader), key=lambda v: v.name)[0]
    say("OPENED")
    swap.swap(board, leader)
    say("SWAPPED")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

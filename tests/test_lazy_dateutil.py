"""dutyboard defers dateutil's parser (dutyboard/lazy_dateutil.py): not loaded at
start, still there for anyone who parses loosely."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_first_screen_does_not_load_dateutil() -> None:
    out = _run(
        "import sys\n"
        "from dutyboard.tui.launch import open_app\n"
        "import pendulum\n"
        "pendulum.parse('2022-04-26T09:30:00+08:00')\n"
        "print(sorted(m for m in sys.modules if m.startswith('dateutil.') or m == 'ctypes'))\n"
    )
    # The package, its version and the lazy stand-in: no parser, no tz, no ctypes.
    assert out == "['dateutil._version', 'dateutil.parser']"


def test_loose_parsing_still_works() -> None:
    out = _run(
        "import dutyboard, pendulum\n"
        "print(pendulum.parse('26 April 2022 9:30', strict=False).isoformat())\n"
        "from dateutil import parser, tz\n"
        "print(parser.parse('2022-01-02 03:04').isoformat(), tz.UTC is not None)\n"
    )
    assert out.splitlines() == ["2022-04-26T09:30:00+00:00", "2022-01-02T03:04:00 True"]


def test_it_stands_aside_when_pendulum_came_first() -> None:
    out = _run(
        "import sys, pendulum, dutyboard\nprint(type(sys.modules['dateutil.parser']).__name__)\n"
    )
    assert out == "module"

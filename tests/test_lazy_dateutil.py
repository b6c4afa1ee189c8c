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


def test_threads_that_first_parse_at_once_all_get_the_parser() -> None:
    out = _run(
        "import threading, dutyboard, pendulum\n"
        "errors, barrier = [], threading.Barrier(6)\n"
        "def go():\n"
        "    barrier.wait()\n"
        "    try:\n"
        "        pendulum.parse('26 April 2022 9:30', strict=False)\n"
        "    except Exception as exc:\n"
        "        errors.append(repr(exc))\n"
        "threads = [threading.Thread(target=go) for _ in range(6)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(errors or 'ok')\n"
    )
    assert out == "ok"


def test_a_submodule_imported_first_is_loaded_once() -> None:
    out = _run(
        "import pickle, sys, dutyboard\n"
        "import dateutil.parser._parser as inner\n"
        "from dateutil.parser.isoparser import isoparser\n"
        "import dateutil.parser as outer\n"
        "print(outer.ParserError is inner.ParserError, outer.isoparser is isoparser)\n"
        "try:\n"
        "    outer.parse('not a date')\n"
        "except inner.ParserError:\n"
        "    print('caught')\n"
        "print(len(pickle.dumps(outer.parserinfo())) > 0)\n"
    )
    assert out.splitlines() == ["True True", "caught", "True"]

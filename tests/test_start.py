"""The dutyboard command's entry (dutyboard/start.py) pauses the cyclic GC for the
board app's start-up only: any other command runs with it on."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_PROBE = """
import gc, sys
import dutyboard.cli.roster as roster
import dutyboard.start as start
seen = []
def probe(*args, **kwargs):
    seen.append(gc.isenabled())
    return 0
roster.cmd_roster = probe
start.open_app = probe
start.main(sys.argv[1:])
print(seen[0])
"""


def _enabled_while(*argv: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def test_a_command_runs_with_the_gc_on() -> None:
    assert _enabled_while("roster", "--db", "board.json")


def test_the_board_app_starts_with_it_paused() -> None:
    # DutyboardApp turns it back on at its first screen (tests/tui/test_app.py).
    assert not _enabled_while("--db", "board.json")


def test_the_command_and_python_m_go_through_it() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["dutyboard"] == "dutyboard.start:main"
    assert "from dutyboard.start import main" in (ROOT / "dutyboard/__main__.py").read_text()


def test_the_gc_is_on_while_the_demo_is_built_or_the_missing_file_prompt_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not start-up: what they leave behind must not be frozen (DutyboardApp.on_load)
    with what lives all session."""
    import gc

    from dutyboard import startup
    from dutyboard.tui import launch as launch_mod

    seen: list[bool] = []

    def demo_board(lang: str) -> Path:
        seen.append(gc.isenabled())
        return tmp_path / "demo.json"

    def no_app(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt  # stop before a real app would run

    monkeypatch.setattr(launch_mod, "_demo_board", demo_board)
    monkeypatch.setattr(launch_mod, "open_app", no_app)
    startup.pause()  # as dutyboard/start.py leaves it
    try:
        code = launch_mod.launch(
            tmp_path / "x.json", who=None, lang="en", demo=True, config_dir=None
        )
    finally:
        gc.enable()
    assert code == 130 and seen == [True]

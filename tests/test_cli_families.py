"""A command loads only its own family's module (dutyboard/cli/commands.py): a
command's start is mostly imports, and ``dutyboard tasks`` has no use for the demo
builder, the sign-up importer or the exports. The others' commands are still known."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dutyboard.cli.commands import COMMAND_NAMES, FAMILIES
from dutyboard.cli.main import build_parser, named_command

REPO = Path(__file__).resolve().parent.parent


def loaded_after(argv: list[str]) -> set[str]:
    script = (
        "import sys\n"
        "from dutyboard.cli.main import main\n"
        f"main({argv!r})\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('dutyboard.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    return set(done.stdout.split())


def test_every_family_lists_the_commands_it_makes() -> None:
    for module, names in FAMILIES:
        parser = build_parser("en", only=names[0])
        assert set(names) <= set(parser.commands), module
    assert set(build_parser("en").commands) == COMMAND_NAMES


def test_a_command_names_its_family_after_the_app_options() -> None:
    assert named_command(["--db", "b.json", "--lang=en", "tasks", "--format", "json"]) == "tasks"
    assert named_command(["--help"]) is None
    assert named_command(["task"]) is None  # not a command: every parser, argparse's error
    assert named_command(["--db", "b.json"]) is None


def test_tasks_loads_the_roster_family_alone(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    loaded = loaded_after(["--db", str(board), "--lang", "en", "tasks"])
    assert "dutyboard.cli.roster" in loaded
    others = {f"dutyboard.cli.{m}" for m, _ in FAMILIES} - {"dutyboard.cli.roster"}
    assert loaded & others == set()
    assert not any(m.startswith(("dutyboard.demo", "dutyboard.io")) for m in loaded)


def test_help_still_lists_every_command(capsys) -> None:
    parser = build_parser("en", only="tasks")
    help_text = parser.format_help()
    assert all(name in help_text for name in COMMAND_NAMES)
    assert help_text == build_parser("en").format_help()

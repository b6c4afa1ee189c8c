"""Import hygiene: the core runs without Textual, and only the store touches TinyDB."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "dutyboard"


def core_modules() -> list[str]:
    """Every module of dutyboard outside dutyboard.tui."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        if "tui" in parts[1:2] or parts[-1] == "__main__":
            continue
        out.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return out


def test_the_core_does_not_import_textual() -> None:
    modules = core_modules()
    assert "dutyboard.core.board" in modules and "dutyboard.views.today" in modules
    assert not any(m.startswith("dutyboard.tui") for m in modules)
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"textual was imported by the core: {done.stdout}{done.stderr}"


def test_the_tui_does_import_textual() -> None:
    """The check above would pass vacuously if the subprocess could not see textual."""
    script = "import sys, dutyboard.tui.app\nsys.exit(0 if 'textual' in sys.modules else 1)\n"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


TINYDB = re.compile(r"^\s*(?:from\s+tinydb\b|import\s+tinydb\b)", re.MULTILINE)


def test_only_the_store_imports_tinydb() -> None:
    importers = sorted(
        str(path.relative_to(REPO))
        for path in PACKAGE.rglob("*.py")
        if TINYDB.search(path.read_text(encoding="utf-8"))
    )
    assert importers == ["dutyboard/storage/store.py"]

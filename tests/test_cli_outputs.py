"""Every CLI command's JSON output and every export, byte for byte (issue 15).

``tests/cli_outputs/capture.py`` runs the commands of ``tests/cli_outputs/cases.py``
and ``cases_write.py`` as ``python -m dutyboard`` subprocesses on a demo board; this
test compares what they print and write with ``tests/golden/cli/``, captured from the
code before the package was restructured. It only drives the command line, so it
holds whatever the modules are called and wherever they live.

To accept a deliberate change: ``DUTYBOARD_REGOLDEN=1 python -m pytest
tests/test_cli_outputs.py`` rewrites the golden files (and still fails, saying so);
look at ``git diff tests/golden/cli`` before committing them.
"""

from __future__ import annotations

import difflib
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.cli_outputs.capture import capture

GOLDEN = Path(__file__).parent / "golden" / "cli"
SHOWN = 5  # files whose first differing lines the message shows
LINES = 12  # diff lines shown per file


def _diff(name: str, want: bytes, got: bytes) -> str:
    a = want.decode("utf-8", "replace").splitlines()
    b = got.decode("utf-8", "replace").splitlines()
    lines = list(difflib.unified_diff(a, b, f"golden/{name}", f"now/{name}", n=1, lineterm=""))
    if not lines:  # the same lines: line endings or a final newline differ
        return f"--- {name}: same lines, different bytes (line endings, BOM, final newline?)"
    more = f"\n  ... {len(lines) - LINES} more diff lines" if len(lines) > LINES else ""
    return "\n".join(lines[:LINES]) + more


@pytest.mark.slow
def test_cli_outputs_match_the_golden_files(tmp_path: Path) -> None:
    out = tmp_path / "now"
    capture(out, sys.executable)
    if os.environ.get("DUTYBOARD_REGOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
        pytest.fail(
            f"DUTYBOARD_REGOLDEN=1: rewrote {len(list(GOLDEN.iterdir()))} golden files in "
            f"{GOLDEN}; nothing was compared. Review git diff, then run without it."
        )
    want = {p.name for p in GOLDEN.iterdir()} if GOLDEN.is_dir() else set()
    got = {p.name for p in out.iterdir()}
    problems = []
    if want - got:
        problems.append(f"missing now ({len(want - got)}): {sorted(want - got)}")
    if got - want:
        problems.append(f"new, not in the golden set ({len(got - want)}): {sorted(got - want)}")
    differ = sorted(n for n in want & got if (GOLDEN / n).read_bytes() != (out / n).read_bytes())
    if differ:
        problems.append(f"{len(differ)} file(s) differ: {differ}")
        problems += [
            _diff(n, (GOLDEN / n).read_bytes(), (out / n).read_bytes()) for n in differ[:SHOWN]
        ]
    assert not problems, "CLI outputs changed (tests/golden/cli):\n" + "\n".join(problems)

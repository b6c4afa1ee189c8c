"""Bad inputs that were already refused before issue 14 (the harness's own check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.harness import Case, run_case


def _write(name: str, content: bytes):
    def setup(tmp: Path, db: Path) -> None:
        (tmp / name).write_bytes(content)

    return setup


CASES = [
    Case("merge-missing-copy", ["merge", "{tmp}/nope.json", "--db", "{db}"], 2, "nope.json"),
    Case(
        "merge-truncated-copy",
        ["merge", "{tmp}/cut.json", "--db", "{db}"],
        2,
        "cut.json",
        _write("cut.json", b'{"meta": {"1": {"app"'),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(
    case: Case, corpus_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_case(case, corpus_template, tmp_path, capsys)

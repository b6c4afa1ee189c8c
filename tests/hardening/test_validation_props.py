"""Random value corruption of a copy never gets past the validation into the board
(issue 14).

Each example takes a copy of a small demo board, picks a record and one of its fields
(or its creation stamp), puts a random JSON value there, and merges the copy with
``dutyboard merge``. Either the merge is refused (exit 1 or 2, one line, no traceback)
and the board keeps its bytes, or the value happened to be valid and every command
still works on the result: ``check`` calls it healthy, ``roster`` and ``tasks`` run.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dutyboard.cli.main import main
from tests.hardening.harness import demo_board, fresh_copy, parts

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    # near misses of the shapes the board uses
    | st.sampled_from(["", "2026-02-30", "25:00", "Mars/Base", "four", "-1", "leader", "open"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_board(tmp_path_factory.mktemp("props-template"))


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pick=st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6)),
       value=VALUES)  # fmt: skip
def test_a_corrupted_copy_is_refused_or_harmless(
    template: Path, pick: tuple[int, int, int], value: Any
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="corrupt-"))
    try:
        db = fresh_copy(template, folder)  # the board and its archive's parts
        data = json.loads(db.read_text(encoding="utf-8"))
        leader = next(v["name"] for v in data["volunteers"].values() if v["role"] == "leader")
        tables = sorted(t for t, docs in data.items() if docs)
        table = tables[pick[0] % len(tables)]
        docs = list(data[table].values())
        doc = docs[pick[1] % len(docs)]
        fields = sorted(k for k in doc if k not in ("id", "_s", "_v", "_del"))
        field = fields[pick[2] % len(fields)]
        doc[field] = value
        copy = folder / "copy.json"
        copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        before = db.read_bytes(), {p.name: p.read_bytes() for p in parts(db)}
        assert before[1]

        code, out, err = _run("merge", str(copy), "--db", str(db), "--as", leader, "--lang", "en")
        both = out + err
        assert "Traceback" not in both and "unexpected error" not in both, (table, field, both)
        if code != 0:
            assert code in (1, 2), (table, field, code, both)
            heads = [line for line in err.splitlines() if line and not line[0].isspace()]
            assert len(heads) == 1, heads
            after = db.read_bytes(), {p.name: p.read_bytes() for p in parts(db)}
            assert after == before, f"{table}.{field} = {value!r}: refused, yet the board changed"
            event(f"refused (exit {code})")
            return
        event("merged")
        for argv in (["check"], ["roster"], ["tasks"]):
            code, out, err = _run(*argv, "--db", str(db), "--lang", "en")
            assert code == 0, (table, field, value, argv, out + err)
            assert "unexpected error" not in out + err
    finally:
        shutil.rmtree(folder, ignore_errors=True)

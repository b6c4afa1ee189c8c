"""The command line, run in-process through ``main(argv)`` (and once as a real program)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def board_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    db = tmp_path / "board.json"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    assert (
        run(capsys, "import", "volunteers", str(DATA / "volunteers-bom.csv"), "--db", str(db))[0]
        == 0
    )
    assert (
        run(capsys, "import", "households", str(DATA / "households-bom.csv"), "--db", str(db))[0]
        == 0
    )
    return db


def test_init_refuses_to_overwrite(board_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = board_file.read_bytes()
    code, _, err = run(capsys, "init", "--db", str(board_file))
    assert code == 1 and "already there" in err
    assert board_file.read_bytes() == before


def test_check_healthy_and_counts(board_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--db", str(board_file))
    assert code == 0 and "healthy" in out and "volunteers" in out


@pytest.mark.parametrize(
    "content",
    [b"", b'{"meta": {"1": {"app": "dutyb', b"\x00\xff garbage \x13", b"[1, 2, 3]"],
    ids=["empty", "truncated", "garbage", "not-a-board"],
)
def test_check_unreadable_exit_2_and_bytes_untouched(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "b.json"
    db.write_bytes(content)
    mtime = db.stat().st_mtime_ns
    code, out, err = run(capsys, "check", "--db", str(db))
    assert code == 2
    assert str(db) in err and "Traceback" not in err + out
    assert db.read_bytes() == content and db.stat().st_mtime_ns == mtime


def test_check_reports_broken_reference(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(board_file.read_text(encoding="utf-8"))
    task = next(iter(data["tasks"].values()))
    task["building"] = 99
    board_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--db", str(board_file))
    assert code == 1 and "points at no buildings record" in out


def test_truncated_real_board_check_exit_2(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = board_file.read_bytes()
    board_file.write_bytes(raw[: len(raw) // 2])
    code, _, err = run(capsys, "check", "--db", str(board_file))
    assert code == 2 and "not valid JSON" in err
    assert board_file.read_bytes() == raw[: len(raw) // 2]


def test_import_gbk_and_bom_give_same_people(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    boards = []
    for name in ("volunteers-bom.csv", "volunteers-gbk.csv"):
        db = tmp_path / f"{name}.json"
        run(capsys, "init", "--db", str(db))
        code, out, _ = run(capsys, "import", "volunteers", str(DATA / name), "--db", str(db))
        assert code == 0, out
        boards.append(Board.open(db))
    people = [sorted((v.name, v.phone, v.groups) for v in b.volunteers()) for b in boards]
    assert people[0] == people[1] and len(people[0]) >= 5
    assert "gb18030" in out


def test_import_bad_rows_refused_with_lines_and_board_unchanged(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = board_file.read_bytes()
    code, _, err = run(
        capsys, "import", "volunteers", str(DATA / "volunteers-bad.csv"), "--db", str(board_file)
    )
    assert code == 1
    assert "nothing imported" in err and "line 3:" in err and "line 4:" in err
    assert board_file.read_bytes() == before


def test_import_twice_changes_nothing(board_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = board_file.read_bytes()
    code, out, _ = run(
        capsys, "import", "households", str(DATA / "households-bom.csv"), "--db", str(board_file)
    )
    assert code == 0 and "added 0" in out
    assert board_file.read_bytes() == before


def test_import_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "b.json"
    run(capsys, "init", "--db", str(db))
    before = db.read_bytes()
    code, out, _ = run(
        capsys,
        "import",
        "volunteers",
        str(DATA / "volunteers-gbk.csv"),
        "--db",
        str(db),
        "--dry-run",
    )
    assert code == 0 and "would add" in out and "dry run" in out
    assert db.read_bytes() == before


def test_roster_json_shape(board_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "roster", "--db", str(board_file), "--format", "json", "--date", "today"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"date", "groups"}
    slot = data["groups"][0]["slots"][0]
    assert set(slot) >= {"slot", "start", "end", "needed", "people"}
    assert [g["group"] for g in data["groups"]][:2] == ["supplies", "delivery"]


def test_roster_text_in_both_languages(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, zh, _ = run(capsys, "roster", "--db", str(board_file), "--lang", "zh")
    _, en, _ = run(capsys, "roster", "--db", str(board_file), "--lang", "en")
    assert "快递组" in zh and "（次日）" in zh
    assert "Delivery" in en and "(+1)" in en


def test_done_and_reopen_by_code_with_json(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "tasks", "--db", str(board_file), "--kind", "disinfection", "--format", "json"
    )
    tasks = json.loads(out)
    assert code == 0 and tasks and all(t["status"] == "open" for t in tasks)
    assert set(tasks[0]) >= {"id", "kind", "group", "title", "status", "done_by", "done_at"}
    first, second = tasks[0], tasks[1]
    code, out, _ = run(
        capsys, "done", first["code"], second["id"], "--as", "朱建娟", "--db", str(board_file)
    )
    assert code == 0 and "2 task(s) now done" in out
    code, out, _ = run(
        capsys, "tasks", "--db", str(board_file), "--status", "done", "--format", "json"
    )
    done = json.loads(out)
    assert {t["id"] for t in done} == {first["id"], second["id"]}
    assert done[0]["done_by"] == "朱建娟" and done[0]["done_at"].endswith("+08:00")
    code, out, _ = run(
        capsys, "reopen", first["code"], "--as", "19679489346", "--db", str(board_file)
    )
    assert code == 0
    board = Board.open(board_file)
    assert board.task(first["id"]).status == "open"
    assert board.task(second["id"]).status == "done"
    actions = [e.action for e in board.audit()]
    assert actions.count("done") == 2 and actions.count("reopen") == 1


def test_unknown_task_refused_and_nothing_changed(
    board_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "tasks", "--db", str(board_file), "--format", "json")
    real = json.loads(out)[0]["code"]
    before = board_file.read_bytes()
    code, _, err = run(capsys, "done", real, "NOPE42", "--as", "朱建娟", "--db", str(board_file))
    assert code == 1 and "unknown task: NOPE42" in err
    assert board_file.read_bytes() == before


def test_unknown_and_ambiguous_person(
    board_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "tasks", "--db", str(board_file), "--format", "json")
    code_ = json.loads(out)[0]["code"]
    code, _, err = run(capsys, "done", code_, "--as", "无此人", "--db", str(board_file))
    assert code == 1 and "本看板上没有叫“无此人”的人" in err  # Chinese unless told
    args = ("done", code_, "--as", "无此人", "--db", str(board_file), "--lang", "en")
    code, _, err = run(capsys, *args)
    assert code == 1 and "nobody called '无此人'" in err
    twin = tmp_path / "twin.csv"
    twin.write_text("姓名,手机号,意向小组\n朱建娟,13800001111,快递组\n", encoding="utf-8")
    run(capsys, "import", "volunteers", str(twin), "--db", str(board_file))
    code, _, err = run(capsys, "done", code_, "--as", "朱建娟", "--db", str(board_file))
    # Masked, no homes: whoever typed it may be anyone (dutyboard/groups/privacy.py).
    assert code == 1 and "不止一个人" in err and "138****1111" in err and "196****9346" in err
    assert "13800001111" not in err and "19679489346" not in err
    code, _, err = run(
        capsys, "done", code_, "--as", "朱建娟", "--db", str(board_file), "--lang", "en"
    )
    assert code == 1 and "ambiguous" in err and "138****1111" in err


def test_usage_errors_exit_2(board_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "roster", "--bogus")[0] == 2
    code, _, err = run(capsys, "roster", "--db", str(board_file), "--date", "someday")
    assert code == 1 and "not a date" in err
    code, _, err = run(capsys, "check", "--db", str(board_file.parent / "missing.json"))
    assert code == 2 and "no such board file" in err


def test_bad_config_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    for f in (ROOT / "config").glob("*.toml"):
        (cfg / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (cfg / "board.toml").write_text("[community]\nname_zh = 1\n", encoding="utf-8")
    code, _, err = run(capsys, "init", "--db", str(tmp_path / "b.json"), "--config", str(cfg))
    assert code == 2 and "board.toml" in err and "name_zh" in err
    assert not (tmp_path / "b.json").exists()


def test_real_program_exit_codes_and_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    broken = tmp_path / "broken.json"
    broken.write_bytes(b'{"meta": ')
    proc = subprocess.run(
        [sys.executable, "-m", "dutyboard", "check", "--db", str(broken)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "not valid JSON" in proc.stderr

"""Who acts on the command line (issue 14, item 4): ``--as``, the leader-only checks,
no fallback to the app's last user, an import that makes leaders, a narrower
re-import, and care notes for the care group and leaders (dutyboard/core/roles.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pendulum
import pytest

from dutyboard.cli.main import main
from dutyboard.core import roles
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups import people
from dutyboard.storage import device
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from tests.hardening.harness import fresh_copy

LEADER, VOLUNTEER, CARER = "甲组长", "乙志愿者", "丙关爱"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err: str) -> str:
    heads = [line for line in err.splitlines() if line.strip() and not line[0].isspace()]
    assert len(heads) == 1, err
    assert heads[0].startswith("dutyboard: ") and "Traceback" not in err
    return heads[0]


def add_people(db: Path) -> Board:
    """The demo board with a leader, a volunteer and a carer of known names, added at
    08:00 of the board's day (before what tests do later that day)."""
    board = Board.open(db)
    board.clock = FixedClock(pendulum.parse(f"{board.today}T08:00:00+08:00"))  # type: ignore[arg-type]
    lead = next(v for v in board.volunteers() if v.is_leader)
    people.add_volunteer(board, lead, LEADER, "13900000001", "delivery", role="leader")
    people.add_volunteer(board, lead, VOLUNTEER, "13900000002", "delivery", room="")
    people.add_volunteer(board, lead, CARER, "13900000003", "care")
    return board


@pytest.fixture
def db(corpus_template: Path, tmp_path: Path) -> Path:
    path = fresh_copy(corpus_template, tmp_path)
    add_people(path)
    return path


def person(db: Path, name: str) -> Volunteer:
    return Board.open(db).resolve_person(name)


# ---------------------------------------------------------------- roles.py


def test_acting_is_nobody_without_a_name_and_refuses_an_unknown_one(db: Path) -> None:
    board = Board.open(db)
    assert roles.acting(board, None) is None
    assert roles.acting(board, LEADER).name == LEADER  # type: ignore[union-attr]
    assert roles.acting(board, "13900000002").name == VOLUNTEER  # type: ignore[union-attr]
    with pytest.raises(Refused):
        roles.acting(board, "无此人")
    with pytest.raises(Refused):
        roles.acting(board, "")  # an empty --as is nobody known, not "nobody named"


def test_require_leader_says_it_is_for_leaders_and_to_pass_as(db: Path) -> None:
    board = Board.open(db)
    with pytest.raises(Refused) as nobody:
        roles.require_leader(board, None, "coverage")
    assert nobody.value.exit_code == 1
    assert "--as" in nobody.value.text("en") and "coverage grid" in nobody.value.text("en")
    assert "覆盖表只限组长" in nobody.value.text("zh") and "--as" in nobody.value.text("zh")
    with pytest.raises(Refused) as volunteer:
        roles.require_leader(board, VOLUNTEER, "merge")
    assert VOLUNTEER in volunteer.value.text("en") and "merging copies" in volunteer.value.text(
        "en"
    )
    assert "合并副本" in volunteer.value.text("zh")
    assert roles.require_leader(board, LEADER, "swap").name == LEADER
    lead = person(db, LEADER)
    assert roles.require_leader(board, lead, "plan") is lead  # a resolved person too
    with pytest.raises(Refused) as named:
        roles.require_leader(board, None, "import_roles", names="张三")
    assert "张三" in named.value.text("zh") and "张三" in named.value.text("en")


def test_every_leader_only_action_has_a_name_in_both_languages() -> None:
    from dutyboard.i18n import CATALOG

    for key, what in roles.LEADER_ONLY.items():
        assert what in CATALOG, key


def test_care_notes_are_for_the_care_group_and_leaders(db: Path) -> None:
    assert roles.sees_care_notes(person(db, LEADER))
    assert roles.sees_care_notes(person(db, CARER))
    assert not roles.sees_care_notes(person(db, VOLUNTEER))
    assert not roles.sees_care_notes(None)


def test_log_scope(db: Path) -> None:
    board = Board.open(db)
    lead, vol = person(db, LEADER), person(db, VOLUNTEER)
    with pytest.raises(Refused):
        roles.log_scope(board, None, None)
    assert roles.log_scope(board, lead, None) is None  # everyone's
    assert roles.log_scope(board, lead, VOLUNTEER) == vol
    assert roles.log_scope(board, vol, None) == vol  # their own
    assert roles.log_scope(board, vol, VOLUNTEER) == vol
    with pytest.raises(Refused):
        roles.log_scope(board, vol, LEADER)


# ---------------------------------------------------------------- leader-only commands


def refused_unchanged(
    capsys: pytest.CaptureFixture[str], db: Path, *argv: str, mention: str = "--as"
) -> str:
    before = db.read_bytes()
    code, out, err = run(capsys, *argv, "--db", str(db), "--lang", "en")
    line = one_line(err)
    assert code == 1, (code, out, err)
    assert mention in line
    assert db.read_bytes() == before
    return line


def test_coverage_needs_a_leader(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused_unchanged(capsys, db, "coverage")  # FAILED before: anyone got the grid
    line = refused_unchanged(capsys, db, "coverage", "--as", VOLUNTEER, mention=VOLUNTEER)
    assert "leader" in line
    code, out, _ = run(capsys, "coverage", "--db", str(db), "--as", LEADER, "--format", "json")
    assert code == 0 and json.loads(out)
    code, out, _ = run(capsys, "--as", LEADER, "coverage", "--db", str(db))  # before the command
    assert code == 0 and out.strip()


def test_merge_needs_a_leader_but_a_dry_run_does_not(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.json"
    shutil.copyfile(db, copy)
    refused_unchanged(capsys, db, "merge", str(copy))  # FAILED before: merged for anyone
    refused_unchanged(capsys, db, "merge", str(copy), "--as", VOLUNTEER, mention=VOLUNTEER)
    refused_unchanged(capsys, db, "merge")  # the Syncthing copies beside it: the same
    code, out, _ = run(capsys, "merge", str(copy), "--dry-run", "--db", str(db))
    assert code == 0 and "dry run" in out
    code, out, _ = run(capsys, "merge", str(copy), "--db", str(db), "--as", LEADER)
    assert code == 0 and "merged 1 copy" in out


def test_a_bad_copy_is_said_before_the_missing_leader(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "cut.json"
    bad.write_bytes(db.read_bytes()[:100])
    before = db.read_bytes()
    code, _, err = run(capsys, "merge", str(bad), "--db", str(db))
    assert code == 2 and "cut.json" in one_line(err)
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [["plan", "copy"], ["plan", "rotation", "alternate"], ["swap", "--yes"], ["swap", "--undo"]],
    ids=["plan-copy", "plan-rotation", "swap", "swap-undo"],
)
def test_plan_and_swap_never_act_as_the_apps_last_user(
    db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    board = Board.open(db)
    device.save_setting(f"last_user:{board.store.board_id}", person(db, LEADER).id)
    # FAILED before: they acted as the leader the app remembered on this laptop.
    refused_unchanged(capsys, db, *argv)
    refused_unchanged(capsys, db, *argv, "--as", VOLUNTEER, mention=VOLUNTEER)


def test_plan_and_swap_work_for_a_leader(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tomorrow = Board.open(db).tomorrow  # the template was made on the day the run began
    monkeypatch.setenv("DUTYBOARD_NOW", f"{tomorrow}T07:00:00+08:00")
    code, _, err = run(capsys, "plan", "copy", "--replace", "--db", str(db), "--as", LEADER)
    assert code == 0, err
    code, out, err = run(capsys, "plan", "--db", str(db))  # showing it: anyone's
    assert code == 0, err
    code, out, err = run(capsys, "swap", "--yes", "--db", str(db), "--as", LEADER, "--lang", "en")
    assert code == 0 and "Swapped" in out, err


def test_show_phones_needs_a_leader(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused_unchanged(capsys, db, "export", "roster", "--show-phones")  # FAILED before
    refused_unchanged(
        capsys, db, "export", "roster", "--show-phones", "--as", VOLUNTEER, mention=VOLUNTEER
    )
    out_file = tmp_path / "roster.csv"
    refused_unchanged(capsys, db, "export", "roster", "--show-phones", "--out", str(out_file))
    assert not out_file.exists()
    board = Board.open(db)
    phone = next(v.phone for _a, v in board.roster(board.today).groups[0].slots[0].people)
    code, out, _ = run(capsys, "export", "roster", "--show-phones", "--db", str(db), "--as", LEADER)
    assert code == 0 and phone in out


def test_leader_only_changes_refuse_a_volunteer_on_the_command_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The changes the core guards: one path (Board.require_leader), checked here from
    the command line with a volunteer's --as."""
    for argv in (
        ["volunteer", "add", "新人", "--phone", "13900000009", "--groups", "delivery"],
        ["volunteer", "off", LEADER, "--reason", "病了"],
        ["slot", "add", "delivery", "--start", "15:00", "--end", "17:00", "--needed", "2"],
        ["building", "set", "1", "sealed"],
        ["care", "every", "1-1-101", "3"],
        ["testing", "start"],
        ["household", "edit", "1-1-101", "--note", "x"],
        ["restore", "abcdef12"],
    ):
        line = refused_unchanged(capsys, db, *argv, "--as", VOLUNTEER, mention=VOLUNTEER)
        assert "leader" in line, argv


# ---------------------------------------------------------------- import


def csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_import_that_makes_a_leader_needs_a_leader(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = csv(
        tmp_path, "v.csv", f"姓名,手机号,意向小组,角色\n{VOLUNTEER},13900000002,快递组,组长\n"
    )
    # FAILED before: the sheet made them a leader, nobody named in the log.
    line = refused_unchanged(capsys, db, "import", "volunteers", str(sheet))
    assert VOLUNTEER in line
    refused_unchanged(capsys, db, "import", "volunteers", str(sheet), "--dry-run")
    refused_unchanged(capsys, db, "import", "volunteers", str(sheet), "--as", VOLUNTEER)
    new = csv(tmp_path, "n.csv", "姓名,手机号,意向小组,角色\n新组长,13900000008,快递组,组长\n")
    refused_unchanged(capsys, db, "import", "volunteers", str(new))
    assert not person(db, VOLUNTEER).is_leader

    code, _, err = run(capsys, "import", "volunteers", str(sheet), "--db", str(db), "--as", LEADER)
    assert code == 0, err
    board = Board.open(db)
    assert board.resolve_person(VOLUNTEER).is_leader
    entry = [e for e in board.audit() if e.action == "import"][-1]
    assert entry.who_name == LEADER and entry.after.get("role") == "leader"


def test_an_import_without_role_changes_needs_no_one(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = csv(tmp_path, "v.csv", "姓名,手机号,意向小组,角色\n新人,13900000007,快递组,\n")
    code, out, err = run(capsys, "import", "volunteers", str(sheet), "--db", str(db))
    assert code == 0 and "added 1" in out, err
    demote = csv(
        tmp_path, "d.csv", f"姓名,手机号,意向小组,角色\n{LEADER},13900000001,快递组,组员\n"
    )
    code, _, err = run(capsys, "import", "volunteers", str(demote), "--db", str(db))
    assert code == 0, err
    assert person(db, LEADER).is_leader  # a sheet never demotes a leader


def test_the_first_import_of_a_new_board_names_its_leaders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.json"
    assert run(capsys, "init", "--db", str(db))[0] == 0
    sheet = csv(tmp_path, "v.csv", "姓名,手机号,意向小组,角色\n张组长,13900000005,快递组,组长\n")
    code, _, err = run(capsys, "import", "volunteers", str(sheet), "--db", str(db))
    assert code == 0, err  # nobody could give --as: the board has no leader yet
    assert person(db, "张组长").is_leader


def test_a_narrower_reimport_keeps_what_it_does_not_say(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = csv(
        tmp_path,
        "full.csv",
        "姓名,手机号,意向小组,楼栋,房号,党员,可服务时段,备注\n"
        "丁一,13900000006,快递组,3号楼,2-301,是,上午,腿脚不便\n",
    )
    assert run(capsys, "import", "volunteers", str(full), "--db", str(db))[0] == 0
    before = person(db, "丁一")
    assert (before.building, before.room, before.availability) == (3, "2-301", "上午")
    # FAILED before: home, party, availability and note were blanked.
    narrow = csv(tmp_path, "narrow.csv", "姓名,手机号,意向小组\n丁一,13900000006,消杀组\n")
    code, out, err = run(capsys, "import", "volunteers", str(narrow), "--db", str(db))
    assert code == 0, err
    after = person(db, "丁一")
    assert (after.building, after.room, after.availability, after.note, after.party_member) == (
        3,
        "2-301",
        before.availability,
        "腿脚不便",
        True,
    )
    assert set(after.groups) == {"delivery", "disinfection"}
    blank = csv(
        tmp_path, "blank.csv", "姓名,手机号,意向小组,楼栋,房号,备注\n丁一,13900000006,快递组,,,\n"
    )
    assert run(capsys, "import", "volunteers", str(blank), "--db", str(db))[0] == 0
    kept = person(db, "丁一")
    assert (kept.building, kept.room, kept.note) == (3, "2-301", "腿脚不便")
    moved = csv(
        tmp_path, "moved.csv", "姓名,手机号,意向小组,楼栋,房号\n丁一,13900000006,快递组,4,1-101\n"
    )
    assert run(capsys, "import", "volunteers", str(moved), "--db", str(db))[0] == 0
    assert (person(db, "丁一").building, person(db, "丁一").room) == (4, "1-101")


def test_a_narrower_household_reimport_keeps_phone_and_note(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full = csv(
        tmp_path,
        "h.csv",
        "楼栋,单元,房号,人数,独居老人,联系电话,备注\n1,1,998,3,是,021-58123456,轮椅\n",
    )
    assert run(capsys, "import", "households", str(full), "--db", str(db))[0] == 0
    narrow = csv(tmp_path, "hn.csv", "楼栋,单元,房号\n1,1,998\n")
    code, out, err = run(capsys, "import", "households", str(narrow), "--db", str(db))
    assert code == 0 and "1 unchanged" in out, err
    h = next(x for x in Board.open(db).households() if x.address == "1-1-998")
    assert (h.residents, h.elderly_alone, h.phone, h.note) == (3, True, "021-58123456", "轮椅")


# ---------------------------------------------------------------- care notes


def test_call_notes_are_hidden_from_others_on_the_household_page(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dutyboard.groups import care

    board = Board.open(db)
    h = care.register(board)[0].household
    care.log_contact(board, person(db, CARER), h.id, "说心脏不舒服", [])
    for who in (None, VOLUNTEER):
        extra = ["--as", who] if who else []
        code, out, _ = run(capsys, "household", h.address, "--db", str(db), *extra)
        assert code == 0 and "说心脏不舒服" not in out and "仅关爱组和组长可见" in out
        code, out, _ = run(
            capsys, "household", h.address, "--format", "json", "--db", str(db), *extra
        )
        data = json.loads(out)
        assert "说心脏不舒服" not in out and data["notes_hidden"] is True
    for who in (CARER, LEADER):
        code, out, _ = run(capsys, "household", h.address, "--db", str(db), "--as", who)
        assert code == 0 and "说心脏不舒服" in out
        code, out, _ = run(
            capsys, "household", h.address, "--format", "json", "--db", str(db), "--as", who
        )
        assert json.loads(out)["contacts"][0]["notes"] == "说心脏不舒服"

"""Taking a household off the care register (moved away, in hospital, passed away) and
putting it back: leaders only, a reason required, a field change on its register
record (not a deletion: elderly-alone households are on the register without one), so
``u`` undoes it and a merge keeps it; its calls and needs stay."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dutyboard.cli.main import main
from dutyboard.core.board import Board
from dutyboard.core.merge import merge_copies
from dutyboard.core.undo import undo_last
from dutyboard.groups import care, care_needs, coverage
from dutyboard.storage.check import check_file
from dutyboard.storage.clock import FixedClock
from dutyboard.storage.errors import Refused
from dutyboard.views.care import build_care
from tests.factories import NOW
from tests.test_care import small, who


def on_register(board: Board) -> list[str]:
    return [e.household.id for e in care.register(board)]


def test_a_leader_takes_a_household_off_and_puts_it_back(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    assert on_register(board) == ["h-old2", "h-old"]
    off = care.remove_from_register(board, "h-old", lead, "  住院 \n 仁济医院 ")
    assert off.reason == "住院 仁济医院" and off.household.id == "h-old"
    assert on_register(board) == ["h-old2"]
    assert care.entry(board, "h-old") is None and care.is_off(board, "h-old")
    # A field change on the household's register record, not a deletion.
    rec = board.store.get("care_register", care.register_id("h-old"))
    assert rec is not None and rec["off"] is True and rec["off_reason"] == "住院 仁济医院"
    assert rec["off_by"] == "lead" and rec["off_at"] == NOW.isoformat()
    [gone] = care.off_register(board)
    assert gone.household.address == "5-2-201" and gone.by_name == "周组长"
    entry = board.audit()[-1]
    assert entry.action == "register_off" and entry.reason == "住院 仁济医院"

    back = care.restore_to_register(board, "5-2-201", lead)  # by address too
    assert back.id == "h-old" and on_register(board) == ["h-old2", "h-old"]
    assert care.off_register(board) == [] and not care.is_off(board, "h-old")
    assert board.audit()[-1].action == "register_on"
    assert check_file(board.store.path)[0] == []


def test_a_volunteer_is_refused_and_nothing_is_saved(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead, carer = who(board, "lead"), who(board, "carer")
    before = board.store.path.read_bytes()
    with pytest.raises(Refused, match="only leaders may take a household off") as caught:
        care.remove_from_register(board, "h-old", carer, "moved away")
    assert caught.value.key == "refused.not_leader"
    assert "不是组长" in caught.value.text("zh")
    assert board.store.path.read_bytes() == before
    care.remove_from_register(board, "h-old", lead, "moved away")
    with pytest.raises(Refused, match="only leaders may put a household back"):
        care.restore_to_register(board, "h-old", carer)
    assert care.is_off(board, "h-old")


def test_a_reason_is_required_and_short(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    before = board.store.path.read_bytes()
    for blank in ("", "   ", "\n"):
        with pytest.raises(Refused, match="needs a reason") as caught:
            care.remove_from_register(board, "h-old", lead, blank)
        assert "原因" in caught.value.text("zh")
    with pytest.raises(Refused, match="too long"):
        care.remove_from_register(board, "h-old", lead, "x" * (care.REASON_MAX + 1))
    assert board.store.path.read_bytes() == before
    assert on_register(board) == ["h-old2", "h-old"]


def test_what_cannot_be_taken_off_or_put_back(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    with pytest.raises(Refused, match="4-1-302 is not on the care register"):
        care.remove_from_register(board, "h-fam", lead, "moved")
    with pytest.raises(Refused, match="no household '9-9-999'"):
        care.remove_from_register(board, "9-9-999", lead, "moved")
    with pytest.raises(Refused, match="was not taken off"):
        care.restore_to_register(board, "h-old", lead)
    care.remove_from_register(board, "h-old", lead, "moved")
    with pytest.raises(Refused, match=r"already off the care register \(moved\)"):
        care.remove_from_register(board, "h-old", lead, "again")
    # A family put on the register by hand can be taken off too, and comes back with
    # what was written about it.
    care.set_register(board, lead, "h-fam", people="孙阿婆 90岁")
    care.remove_from_register(board, "h-fam", lead, "搬走了")
    assert "h-fam" not in on_register(board)
    care.restore_to_register(board, "h-fam", lead)
    assert care.entry(board, "h-fam").people == "孙阿婆 90岁"  # type: ignore[union-attr]


def test_care_view_and_coverage_leave_it_out_but_keep_its_calls_and_needs(
    tmp_path: Path,
) -> None:
    board = small(tmp_path)
    lead, carer = who(board, "lead"), who(board, "carer")
    cid, ids = care.log_contact(board, carer, "h-old", "", [care_needs.NeedInput("food", "米")])
    board.clock = FixedClock(NOW.add(days=5))  # both households are overdue by now
    now = board.now()
    view = build_care(board, "en", now)
    assert view.overdue == 2 and view.open_needs == 1
    care.remove_from_register(board, "h-old", lead, "in hospital")
    view = build_care(board, "en", now)
    assert [r.household_id for r in view.rows] == ["h-old2"] and view.overdue == 1
    assert [s.entry.household.id for s in care.care_status(board, now)] == ["h-old2"]
    # The call and the need are kept; the need stays open in the supplies group.
    assert [c.id for c in care.contacts(board, "h-old")] == [cid]
    assert board.task(ids[0]).status == "open"  # type: ignore[union-attr]
    assert [n.task.id for n in care_needs.needs(board, household="h-old", open_only=True)] == ids
    assert view.open_needs == 1 and view.needs[0].household_id == "h-old"
    elderly = [r.household.id for r in coverage.coverage(board, now, elderly_only=True)]
    assert elderly == ["h-old2"]
    everyone = {r.household.id: r for r in coverage.coverage(board, now)}
    care_cell = everyone["h-old"].cells[coverage.GROUPS.index("care")]
    assert care_cell.due is None and not care_cell.late  # no call due any more


def test_undo_puts_it_back_and_undo_of_a_restore_takes_it_off_again(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    care.remove_from_register(board, "h-old", lead, "passed away")
    undone = undo_last(board, lead)
    assert undone is not None and undone.action == "register_off"
    assert on_register(board) == ["h-old2", "h-old"] and care.off_register(board) == []
    # The record stays (undo of a field change), so writing it again works.
    assert board.store.get("care_register", care.register_id("h-old")) is not None
    care.remove_from_register(board, "h-old", lead, "moved away")
    care.restore_to_register(board, "h-old", lead)
    assert undo_last(board, lead).action == "register_on"  # type: ignore[union-attr]
    [off] = care.off_register(board)
    assert off.reason == "moved away" and "h-old" not in on_register(board)
    fresh = Board.open(board.store.path, FixedClock(NOW), device_id="other")
    assert care.is_off(fresh, "h-old") and on_register(fresh) == ["h-old2"]


def test_an_entry_deleted_by_an_undo_can_be_written_again(tmp_path: Path) -> None:
    """Undoing the change that made a register record deletes it; writing it again
    (an edit, or taking the household off) brings it back blank, not with the
    undone values."""
    board = small(tmp_path)
    lead = who(board, "lead")
    care.set_register(board, lead, "h-old", people="王秀英", help="洗澡")
    assert undo_last(board, lead) is not None
    assert board.store.get("care_register", care.register_id("h-old")) is None
    care.remove_from_register(board, "h-old", lead, "住院")
    rec = board.store.get("care_register", care.register_id("h-old"))
    assert rec is not None and rec["off"] is True and rec["people"] == ""
    assert undo_last(board, lead) is not None
    assert care.entry(board, "h-old").people == ""  # type: ignore[union-attr]
    care.set_register(board, lead, "h-fam", people="孙阿婆")
    assert undo_last(board, lead) is not None
    care.set_register(board, lead, "h-fam", help="买菜")
    entry = care.entry(board, "h-fam")
    assert entry is not None and entry.help == "买菜" and entry.people == ""
    assert check_file(board.store.path)[0] == []


def test_taken_off_on_one_laptop_stays_off_after_merges(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = small(tmp_path / "a")
    shutil.copy(a.store.path, tmp_path / "b" / "board.json")
    b = Board.open(tmp_path / "b" / "board.json", FixedClock(NOW), device_id="laptop-b")
    # Apart: a takes h-old off; b, not knowing, writes who lives there and logs a call.
    care.remove_from_register(a, "h-old", who(a, "lead"), "搬去子女家")
    care.set_register(b, who(b, "carer"), "h-old", people="王秀英 82岁")
    cid, _ = care.log_contact(b, who(b, "carer"), "h-old", "还好")
    merge_copies(a, [b.store.path])
    merge_copies(b, [a.store.path])
    for board in (a, b):
        assert care.is_off(board, "h-old") and on_register(board) == ["h-old2"]
        rec = board.store.get("care_register", care.register_id("h-old"))
        assert rec is not None and rec["people"] == "王秀英 82岁"  # both edits survive
        assert rec["off_reason"] == "搬去子女家"
        assert [c.id for c in care.contacts(board, "h-old")] == [cid]
        assert check_file(board.store.path)[0] == []
    # Put back on b, merged into a: back on both.
    care.restore_to_register(b, "h-old", who(b, "lead"))
    merge_copies(a, [b.store.path])
    assert on_register(a) == ["h-old2", "h-old"]


def test_a_board_from_before_the_off_fields_still_works(tmp_path: Path) -> None:
    board = small(tmp_path)
    lead = who(board, "lead")
    care.set_register(board, lead, "h-old", people="王秀英", every_days=2)
    path = board.store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    for rec in data["care_register"].values():
        assert not set(care.OFF_FIELDS) & set(rec)  # an old record has none of them
    old = Board.open(path, FixedClock(NOW), device_id="older")
    assert on_register(old) == ["h-old2", "h-old"] and care.off_register(old) == []
    assert care.entry(old, "h-old").every_days == 2  # type: ignore[union-attr]
    care.remove_from_register(old, "h-old", lead, "moved away")
    assert on_register(old) == ["h-old2"]
    assert care.entry(Board.open(path, FixedClock(NOW)), "h-old") is None


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_commands_remove_list_and_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = small(tmp_path)
    db = str(board.store.path)
    code, out, _ = run(capsys, "care", "--off", "--db", db)
    assert code == 0 and "没有移出关爱名册的住户" in out
    code, _, err = run(capsys, "care", "remove", "5-2-201", "--reason", "住院", "--as", "李阿姨",
                       "--db", db)  # fmt: skip
    assert code == 1 and "不是组长" in err and "Traceback" not in err
    code, _, err = run(capsys, "care", "remove", "5-2-201", "--reason", " ", "--as", "周组长",
                       "--db", db, "--lang", "en")  # fmt: skip
    assert code == 1 and "needs a reason" in err and err.count("\n") == 1
    code, _, err = run(capsys, "care", "remove", "5-2-201", "--as", "周组长", "--db", db)
    assert code == 2  # --reason is required
    code, out, _ = run(capsys, "care", "remove", "5-2-201", "--reason", "住院", "--as", "周组长",
                       "--db", db)  # fmt: skip
    assert code == 0 and out == "5-2-201 已移出关爱名册：住院\n"
    code, out, _ = run(capsys, "care", "--db", db, "--lang", "en")
    assert "5-2-201" not in out and "1 household ·" in out
    code, out, _ = run(capsys, "care", "--off", "--db", db, "--lang", "en")
    assert code == 0 and "Taken off the care register: 1" in out
    assert "5-2-201" in out and "住院" in out and "周组长" in out
    code, out, _ = run(capsys, "care", "--off", "--format", "json", "--db", db)
    [row] = json.loads(out)
    assert row["household"] == "5-2-201" and row["reason"] == "住院"
    assert row["off_at"].startswith("2022-04-26T") and row["off_by"] == "周组长"
    code, out, _ = run(capsys, "care", "set", "5-2-201", "--people", "王秀英", "--as", "周组长",
                       "--db", db)  # fmt: skip
    assert code == 0 and "dutyboard care restore 5-2-201" in out  # still off: says so
    code, out, _ = run(capsys, "care", "restore", "5-2-201", "--as", "周组长", "--db", db,
                       "--lang", "en")  # fmt: skip
    assert code == 0 and out == "5-2-201 is back on the care register.\n"
    code, _, err = run(capsys, "care", "restore", "5-2-201", "--as", "周组长", "--db", db)
    assert code == 1 and "没有被移出" in err
    code, out, _ = run(capsys, "care", "--format", "json", "--db", db)
    assert "5-2-201" in {r["address"] for r in json.loads(out)["households"]}

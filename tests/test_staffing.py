"""Leader actions: assign, reassign, mark; overrides, audit, undo, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.core.staffing import NeedsOverride, assign, mark, reassign
from dutyboard.core.undo import undo_last
from dutyboard.storage.errors import Refused
from tests.factories import person, slot, tiny_board


@pytest.fixture
def board(tmp_path: Path) -> Board:
    """li: delivery morning today; the supplies morning clashes with it; wang is free."""
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "组长", role="leader", groups=("delivery", "supplies")),
            person("li", "李", groups=("delivery", "supplies")),
            person("wang", "王", groups=("delivery",)),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00", needed=2, zh="上午", en="Morning"),
            slot("pm", "delivery", "13:00", "17:00", needed=2),
            slot("sup", "supplies", "08:00", "12:00", zh="上午", en="Morning"),
            slot("am27", "delivery", "07:00", "11:00", date="2022-04-27"),
        ],
        assignments=[("li", "am"), ("wang", "pm")],
    )


def who(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def file_bytes(board: Board) -> bytes:
    return board.store.path.read_bytes()


def reopened(board: Board) -> Board:
    return Board.open(board.store.path, board.clock, device_id="other")


# ---------------------------------------------------------------- reassign


def test_reassign_clean_move_keeps_the_record(board: Board) -> None:
    assert reassign(board, "li@am", "pm", who(board, "lead")) == []
    a = reopened(board).assignment("li@am")
    assert a is not None and a.slot == "pm" and a.group == "delivery"
    entry = board.audit()[-1]
    assert (entry.action, entry.table, entry.record) == ("reassign", "assignments", "li@am")
    assert entry.before == {"slot": "am"}
    assert entry.after == {"slot": "pm"}
    assert entry.reason == ""
    assert entry.who == "lead"


def test_reassign_with_warnings_and_no_reason_changes_nothing(board: Board) -> None:
    before = file_bytes(board)
    audit = len(board.audit())
    with pytest.raises(NeedsOverride) as info:
        reassign(board, "wang@pm", "sup", who(board, "lead"))
    err = info.value
    assert isinstance(err, Refused)
    assert [w.code for w in err.warnings] == ["not_signed_up"]
    assert "not signed up for Supplies" in err.message
    assert file_bytes(board) == before
    assert len(board.audit()) == audit
    a = board.assignment("wang@pm")
    assert a is not None and a.slot == "pm"
    # a blank reason is no reason
    with pytest.raises(NeedsOverride):
        reassign(board, "wang@pm", "sup", who(board, "lead"), override_reason="   ")
    assert file_bytes(board) == before


def test_reassign_with_reason_applies_and_audits(board: Board) -> None:
    # wang moves from the delivery afternoon into the supplies morning, a group wang
    # did not sign up for: the leader gives a reason.
    ws = reassign(
        board, "wang@pm", "sup", who(board, "lead"), override_reason="supplies short today"
    )
    assert [w.code for w in ws] == ["not_signed_up"]
    a = reopened(board).assignment("wang@pm")
    assert a is not None
    assert (a.slot, a.group, a.date.isoformat()) == ("sup", "supplies", "2022-04-26")
    entry = reopened(board).audit()[-1]
    assert entry.action == "reassign"
    assert entry.reason == "supplies short today"
    assert entry.before == {"slot": "pm", "group": "delivery"}
    assert entry.after == {"slot": "sup", "group": "supplies", "warnings": ["not_signed_up"]}


def test_reassign_double_booking_needs_a_reason(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("lead", role="leader"), person("li")],
        slots=[
            slot("night", "delivery", "22:00", "06:00"),
            slot("am", "delivery", "07:00", "11:00"),
            slot("dawn", "delivery", "05:00", "07:00", date="2022-04-27"),
        ],
        assignments=[("li", "night"), ("li", "am")],
    )
    lead = who(board, "lead")
    with pytest.raises(NeedsOverride) as info:
        reassign(board, "li@am", "dawn", lead)
    assert [w.code for w in info.value.warnings] == ["overlap"]
    assert "double booking" in str(info.value)
    ws = reassign(board, "li@am", "dawn", lead, override_reason="nobody else")
    assert [w.code for w in ws] == ["overlap"]
    entry = board.audit()[-1]
    assert entry.after == {"slot": "dawn", "date": "2022-04-27", "warnings": ["overlap"]}
    assert entry.reason == "nobody else"


def test_reassign_to_another_day_resets_arrival(board: Board) -> None:
    lead = who(board, "lead")
    mark(board, "li@am", "arrived", lead)
    reassign(board, "li@am", "pm", lead)
    a = board.assignment("li@am")
    assert a is not None and a.status == "arrived"  # still here, just elsewhere
    reassign(board, "li@am", "am27", lead)
    a = board.assignment("li@am")
    assert a is not None and (a.status, a.date.isoformat()) == ("scheduled", "2022-04-27")


def test_reassign_a_no_show_schedules_them(board: Board) -> None:
    lead = who(board, "lead")
    mark(board, "wang@pm", "no_show", lead)
    reassign(board, "wang@pm", "am", lead)
    a = board.assignment("wang@pm")
    assert a is not None and (a.slot, a.status) == ("am", "scheduled")


def test_reassign_into_the_same_slot_is_refused(board: Board) -> None:
    before = file_bytes(board)
    with pytest.raises(Refused, match="already in"):
        reassign(board, "li@am", "am", who(board, "lead"))
    # nor into a slot where the person already has another record
    assign(board, "wang", "am", who(board, "lead"))
    with pytest.raises(Refused, match="already in"):
        reassign(board, "wang@pm", "am", who(board, "lead"))
    assert file_bytes(board) != before  # only the assign above was saved
    assert [e.action for e in board.audit()] == ["assign"]


def test_reassign_unknown_things_is_refused(board: Board) -> None:
    lead = who(board, "lead")
    with pytest.raises(Refused, match="assignment"):
        reassign(board, "nope", "pm", lead)
    with pytest.raises(Refused, match="slot"):
        reassign(board, "li@am", "nope", lead)


def test_undo_of_a_reassign_puts_it_back(board: Board) -> None:
    lead = who(board, "lead")
    reassign(board, "wang@pm", "sup", lead, override_reason="short")
    undo_last(board, lead)
    a = board.assignment("wang@pm")
    assert a is not None and (a.slot, a.group) == ("pm", "delivery")


def test_the_rules_are_checked_against_what_another_laptop_saved(board: Board) -> None:
    # Another laptop puts the leader into the delivery morning. This laptop has not
    # looked at the file since, so by its copy the supplies morning is a clean move;
    # the check under the lock sees the double booking.
    other = reopened(board)
    assign(other, "lead", "am", who(other, "lead"))
    assert [a.volunteer for a in board.assignments("am")] == ["li"]  # stale copy
    with pytest.raises(NeedsOverride) as info:
        assign(board, "lead", "sup", who(board, "lead"))
    assert [w.code for w in info.value.warnings] == ["overlap"]
    assert sorted(a.volunteer for a in board.assignments("am")) == ["lead", "li"]
    assert board.assignments("sup") == []


# ---------------------------------------------------------------- assign


def test_assign_clean(board: Board) -> None:
    assert assign(board, "wang", "am", who(board, "lead")) == []
    people = [a.volunteer for a in reopened(board).assignments("am")]
    assert sorted(people) == ["li", "wang"]
    entry = board.audit()[-1]
    assert entry.action == "assign"
    assert entry.before == {}
    assert entry.after == {
        "slot": "am",
        "volunteer": "wang",
        "date": "2022-04-26",
        "group": "delivery",
        "status": "scheduled",
    }


def test_assign_with_warnings_needs_a_reason(board: Board) -> None:
    before = file_bytes(board)
    with pytest.raises(NeedsOverride) as info:
        assign(board, "li", "sup", who(board, "lead"))
    assert [w.code for w in info.value.warnings] == ["overlap"]
    assert file_bytes(board) == before
    ws = assign(board, "li", "sup", who(board, "lead"), override_reason="only one who knows")
    assert [w.code for w in ws] == ["overlap"]
    entry = board.audit()[-1]
    assert entry.after["warnings"] == ["overlap"]
    assert entry.reason == "only one who knows"


def test_assign_someone_already_in_the_slot_is_refused(board: Board) -> None:
    lead = who(board, "lead")
    with pytest.raises(Refused, match="already in"):
        assign(board, "li", "am", lead)
    mark(board, "li@am", "no_show", lead)
    with pytest.raises(Refused, match="already in") as info:
        assign(board, "li", "am", lead)
    assert "mark the assignment scheduled" in str(info.value)


def test_assign_unknown_person_or_slot(board: Board) -> None:
    lead = who(board, "lead")
    with pytest.raises(Refused, match="volunteer"):
        assign(board, "ghost", "am", lead)
    with pytest.raises(Refused, match="slot"):
        assign(board, "wang", "ghost", lead)


def test_undo_of_an_assign_removes_it(board: Board) -> None:
    lead = who(board, "lead")
    assign(board, "wang", "am", lead)
    assert len(board.assignments("am")) == 2
    undone = undo_last(board, lead)
    assert undone is not None and undone.action == "assign"
    assert [a.volunteer for a in board.assignments("am")] == ["li"]
    assert [a.volunteer for a in reopened(board).assignments("am")] == ["li"]


# ---------------------------------------------------------------- leaders only


def test_a_volunteer_may_not_staff(board: Board) -> None:
    li = who(board, "li")
    before = file_bytes(board)
    with pytest.raises(Refused, match="not a shift leader"):
        reassign(board, "wang@pm", "am", li)
    with pytest.raises(Refused, match="not a shift leader"):
        reassign(board, "wang@pm", "sup", li, override_reason="I say so")
    with pytest.raises(Refused, match="not a shift leader"):
        assign(board, "wang", "am", li)
    with pytest.raises(Refused, match="not a shift leader"):
        mark(board, "wang@pm", "arrived", li)
    assert file_bytes(board) == before
    assert board.audit() == []


# ---------------------------------------------------------------- mark


def test_mark(board: Board) -> None:
    lead = who(board, "lead")
    mark(board, "wang@pm", "arrived", lead)
    a = reopened(board).assignment("wang@pm")
    assert a is not None and a.status == "arrived"
    entry = board.audit()[-1]
    assert (entry.action, entry.before, entry.after) == (
        "status",
        {"status": "scheduled"},
        {"status": "arrived"},
    )
    with pytest.raises(Refused, match="unknown status"):
        mark(board, "wang@pm", "asleep", lead)
    with pytest.raises(Refused, match="no longer exists"):
        mark(board, "nope", "arrived", lead)

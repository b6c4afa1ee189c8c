"""A day's slots changed by a leader (dutyboard.core.slots): an extra slot, new times or
headcount, an empty slot removed; each rule's message; one audit entry per change,
undone with ``u``; config/groups.toml stays the template of new days. Tiny board,
fixed clock."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from dutyboard.core import slots
from dutyboard.core.board import Board
from dutyboard.core.config import load_config
from dutyboard.core.model import Volunteer
from dutyboard.core.newboard import create_board
from dutyboard.core.swap import swap
from dutyboard.core.undo import undo_last
from dutyboard.i18n import CATALOG, t
from dutyboard.i18n.catalogues import slots as slot_strings
from dutyboard.storage.errors import Refused
from tests.factories import NOW, person, slot, tiny_board

TODAY = pendulum.date(2022, 4, 26)
TOMORROW = pendulum.date(2022, 4, 27)


def make_board(tmp_path: Path) -> Board:
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader"),
            person("li", "李明"),
            person("wang", "王芳"),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00", needed=2, key="morning"),
            slot("pm", "delivery", "13:00", "17:00", needed=2, key="afternoon"),
            slot("am2", "delivery", "07:00", "11:00", date="2022-04-27", key="morning"),
        ],
        assignments=[("li", "am"), ("wang", "am", "no_show")],
    )


def who(board: Board, vid: str = "lead") -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def refusal(exc: pytest.ExceptionInfo[Refused]) -> str:
    return exc.value.text("en")


# ---------------------------------------------------------------- adding


def test_a_leader_adds_an_extra_slot_for_today(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    made = slots.add_slot(board, who(board), "delivery", "15:30", "18:00", 4)
    assert (made.group, made.date, made.start, made.end, made.needed) == (
        "delivery",
        TODAY,
        "15:30",
        "18:00",
        4,
    )
    assert made.key == "extra-1530"
    assert (made.zh, made.en) == ("加开 15:30", "Extra 15:30")
    assert made in board.slots(TODAY, "delivery")
    assert slots.slot_ref(made) == "delivery:extra-1530"
    entry = board.audit(TODAY)[-1]
    assert (entry.action, entry.table, entry.record) == ("slot_add", "slots", made.id)
    assert entry.who == "lead" and entry.after["start"] == "15:30"


def test_a_slot_for_tomorrow_by_group_name_with_its_own_name(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    made = slots.add_slot(
        board, who(board), "快递组", "7:30", "9:00", "3", day="tomorrow", name=" 大批\n团购 "
    )
    assert made.date == TOMORROW and made.start == "07:30" and made.needed == 3
    assert (made.zh, made.en) == ("大批 团购", "大批 团购")  # typed: one line, as typed


def test_extra_slot_keys_are_unique(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board)
    keys = [slots.add_slot(board, lead, "delivery", "15:30", "18:00", 1).key for _ in range(3)]
    assert keys == ["extra-1530", "extra-1530-2", "extra-1530-3"]
    # a removed slot's key is not given again (an undo brings it back under it)
    gone = slots.resolve_slot(board, "delivery:extra-1530-3")
    slots.remove_slot(board, lead, gone)
    assert slots.add_slot(board, lead, "delivery", "15:30", "18:00", 1).key == "extra-1530-4"
    # another group, or tomorrow, starts again
    assert slots.add_slot(board, lead, "supplies", "15:30", "18:00", 1).key == "extra-1530"
    made = slots.add_slot(board, lead, "delivery", "15:30", "18:00", 1, day="tomorrow")
    assert made.key == "extra-1530"


def test_a_night_slot_is_allowed_when_it_is_meant(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    made = slots.add_slot(board, who(board), "delivery", "22:00", "06:00", 2)
    assert made.crosses_midnight and made.hours == 8


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"group": "cooking"},
            "no group 'cooking'; groups: supplies, delivery, disinfection, medicine, testing, care.",
        ),
        ({"start": "7"}, "'7' is not a time; write HH:MM, like 15:30."),
        ({"start": "24:00"}, "'24:00' is not a time; write HH:MM, like 15:30."),
        ({"end": "18:60"}, "'18:60' is not a time; write HH:MM, like 15:30."),
        ({"end": "half past six"}, "'half past six' is not a time; write HH:MM, like 15:30."),
        (
            {"start": "15:00", "end": "14:00"},
            "the slot ends (14:00) before it starts (15:00); only a night slot starting "
            "at 18:00 or later may end the next morning.",
        ),
        (
            {"start": "19:00", "end": "18:30"},
            "night slot 19:00–18:30: it must end by 12:00 the next morning.",
        ),
        (
            {"start": "15:00", "end": "15:00"},
            "the slot starts and ends at 15:00; give it a length.",
        ),
        ({"needed": 0}, "'0' people: give a whole number from 1 to 50."),
        ({"needed": "-2"}, "'-2' people: give a whole number from 1 to 50."),
        ({"needed": 51}, "'51' people: give a whole number from 1 to 50."),
        ({"needed": "many"}, "'many' people: give a whole number from 1 to 50."),
        (
            {"day": "2022-04-28"},
            "slots can be added or changed for today (2022-04-26) or tomorrow "
            "(2022-04-27) only, not '2022-04-28'.",
        ),
        (
            {"day": "yesterday"},
            "slots can be added or changed for today (2022-04-26) or tomorrow "
            "(2022-04-27) only, not 'yesterday'.",
        ),
        ({"name": "x" * 31}, "the slot's name is too long (at most 30 characters)."),
    ],
)
def test_each_rule_has_one_clear_message(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    board = make_board(tmp_path)
    args: dict[str, object] = {
        "group": "delivery",
        "start": "15:30",
        "end": "18:00",
        "needed": 2,
        "day": "today",
        "name": "",
        **fields,
    }
    revision = board.store.revision
    with pytest.raises(Refused) as exc:
        slots.add_slot(
            board,
            who(board),
            str(args["group"]),
            str(args["start"]),
            str(args["end"]),
            args["needed"],  # type: ignore[arg-type]
            day=str(args["day"]),
            name=str(args["name"]),
        )
    assert refusal(exc) == message
    assert exc.value.text("zh") != message  # said in Chinese too
    assert board.store.revision == revision  # nothing changed


def test_messages_in_chinese(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    with pytest.raises(Refused) as exc:
        slots.add_slot(board, who(board), "delivery", "15:00", "14:00", 2)
    assert exc.value.text("zh") == (
        "班次结束（14:00）早于开始（15:00）。只有 18:00 以后开始的夜班可以到次日早上结束。"
    )


def test_volunteers_cannot_change_slots(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    li = who(board, "li")
    with pytest.raises(Refused) as exc:
        slots.add_slot(board, li, "delivery", "15:30", "18:00", 2)
    assert exc.value.key == "refused.not_leader"
    with pytest.raises(Refused):
        slots.edit_slot(board, li, "pm", needed=4)
    with pytest.raises(Refused):
        slots.remove_slot(board, li, "pm")
    assert [e for e in board.audit() if e.action.startswith("slot_")] == []


# ---------------------------------------------------------------- editing


def test_edit_times_needed_and_name(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board)
    edited = slots.edit_slot(board, lead, "pm", start="12:30", needed="4")
    assert (edited.start, edited.end, edited.needed) == ("12:30", "17:00", 4)
    entry = board.audit(TODAY)[-1]
    assert entry.action == "slot_edit"
    assert entry.before == {"start": "13:00", "needed": 2}
    assert entry.after == {"start": "12:30", "needed": 4}
    renamed = slots.edit_slot(board, lead, "pm", name="午后送菜")
    assert renamed.name("en") == "午后送菜"
    # an end before the new start is refused; the slot is as it was
    with pytest.raises(Refused) as exc:
        slots.edit_slot(board, lead, "pm", end="12:00")
    assert "ends (12:00) before it starts (12:30)" in refusal(exc)
    assert board.slot("pm") == renamed


def test_an_extra_slot_gets_its_default_name_back(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board)
    made = slots.add_slot(board, lead, "delivery", "15:30", "18:00", 2, name="团购")
    assert slots.edit_slot(board, lead, made, name="").name("zh") == "加开 15:30"
    with pytest.raises(Refused) as exc:  # a template slot keeps a name
        slots.edit_slot(board, lead, "pm", name="  ")
    assert refusal(exc) == "a slot needs a name."


def test_only_today_and_tomorrow_can_be_changed(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("lead", role="leader")],
        slots=[slot("old", "delivery", "22:00", "06:00", date="2022-04-25")],
    )
    with pytest.raises(Refused) as exc:
        slots.edit_slot(board, who(board), "old", needed=3)
    assert (
        refusal(exc) == "that slot is on 2022-04-25, not today or tomorrow; it cannot be changed."
    )


# ---------------------------------------------------------------- removing


def test_only_an_empty_slot_is_removed(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board)
    with pytest.raises(Refused) as exc:
        slots.remove_slot(board, lead, "am")  # 李明 scheduled, 王芳 a no-show
    assert refusal(exc) == (
        "2 people are still in that slot: 李明, 王芳. Move them elsewhere first, then remove it."
    )
    assert board.slot("am") is not None
    removed = slots.remove_slot(board, lead, "pm")
    assert removed.id == "pm" and board.slot("pm") is None
    assert board.slots(TODAY, "delivery") == [board.slot("am")]
    entry = board.audit(TODAY)[-1]
    assert (entry.action, entry.record, entry.after) == ("slot_remove", "pm", {"deleted": True})
    with pytest.raises(Refused) as exc:
        slots.remove_slot(board, lead, "pm")
    assert exc.value.key == "refused.slot_gone"


# ---------------------------------------------------------------- undo


def test_every_change_is_undone_with_u(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board)
    made = slots.add_slot(board, lead, "delivery", "15:30", "18:00", 2)
    slots.edit_slot(board, lead, made, needed=5)
    slots.remove_slot(board, lead, "pm")

    undone = undo_last(board, lead)
    assert undone is not None and undone.action == "slot_remove"
    back = board.slot("pm")
    assert back is not None and (back.start, back.needed) == ("13:00", 2)

    assert undo_last(board, lead).action == "slot_edit"  # type: ignore[union-attr]
    assert board.slot(made.id).needed == 2  # type: ignore[union-attr]

    assert undo_last(board, lead).action == "slot_add"  # type: ignore[union-attr]
    assert board.slot(made.id) is None
    assert [s.id for s in board.slots(TODAY, "delivery")] == ["am", "pm"]
    assert undo_last(board, lead) is None


def test_an_added_slot_with_people_is_not_undone_from_under_them(tmp_path: Path) -> None:
    from dutyboard.core.staffing import assign

    board = make_board(tmp_path)
    lead = who(board)
    made = slots.add_slot(board, lead, "delivery", "15:30", "18:00", 2)
    other = tiny_leader(board)
    assign(board, "li", made.id, other)  # another leader fills it meanwhile
    with pytest.raises(Refused) as exc:
        undo_last(board, lead)
    assert refusal(exc) == (
        "1 people have been put in the added slot since: 李明. Move them first, then undo."
    )
    assert board.slot(made.id) is not None


def tiny_leader(board: Board) -> Volunteer:
    with board.transaction() as tx:
        tx.insert("volunteers", person("lead2", "吴组长", role="leader"), "lead2")
    return who(board, "lead2")


# ---------------------------------------------------------------- finding a slot


def test_slots_are_found_by_id_prefix_or_group_and_key(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    made = slots.add_slot(board, who(board), "delivery", "15:30", "18:00", 2)
    assert slots.resolve_slot(board, made.id) == made
    assert slots.resolve_slot(board, made.id[:8]) == made
    assert slots.resolve_slot(board, "delivery:extra-1530") == made
    assert slots.resolve_slot(board, "快递组：extra-1530") == made
    assert slots.resolve_slot(board, "delivery:morning").id == "am"  # today's first
    assert slots.resolve_slot(board, "delivery:morning@tomorrow").id == "am2"
    with pytest.raises(Refused) as exc:
        slots.resolve_slot(board, "delivery:lunch")
    assert refusal(exc).startswith("no slot 'delivery:lunch' today or tomorrow")


# ---------------------------------------------------------------- the template


def test_config_stays_the_template_of_new_days(tmp_path: Path) -> None:
    """An extra slot is today's (or tomorrow's) only: the swap lays out the day after
    from config/groups.toml, whatever was added, changed or removed."""
    from dutyboard.storage.clock import FixedClock

    config = load_config()
    board = create_board(tmp_path / "b.json", config, FixedClock(NOW), today=TODAY)
    with board.transaction() as tx:
        tx.insert("volunteers", person("lead", "周组长", role="leader"), "lead")
    lead = who(board)
    slots.add_slot(board, lead, "delivery", "15:30", "18:00", 4, day="tomorrow")
    morning = slots.resolve_slot(board, "delivery:morning@tomorrow")
    slots.edit_slot(board, lead, morning, needed=9)
    slots.remove_slot(board, lead, slots.resolve_slot(board, "delivery:night@tomorrow"))
    template = [(s.start, s.end, s.needed) for g in config.groups for s in g.slots]

    board.clock = FixedClock(NOW.add(days=1))
    swap(board, lead)
    day_after = TOMORROW.add(days=1)
    made = [(s.start, s.end, s.needed) for s in board.slots(day_after)]
    assert sorted(made) == sorted(template)
    assert not any(s.key.startswith("extra") for s in board.slots(day_after))
    # the leader's changes to the day that became today are kept
    assert any(s.key == "extra-1530" for s in board.slots(TOMORROW))
    assert slots.resolve_slot(board, "delivery:morning").needed == 9


def test_catalogue_pairs_have_the_same_fields() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, (zh, en) in slot_strings.STRINGS.items():
        assert CATALOG[key] == (zh, en), key
        assert zh and en and fields(zh) == fields(en), key
    assert t("header.late", "zh", n=2) == "2 人未到岗"
    assert t("header.late", "en", n=2) == "2 late"

"""People by hand (dutyboard/groups/people.py): who may, every field checked with one message
naming it, off duty out of every suggestion, the bulk add one undo, elderly-alone on
the care register at once. Tiny boards, a fixed clock (2022-04-26 09:00 Shanghai)."""

from __future__ import annotations

from pathlib import Path

import pendulum
import pytest

from dutyboard.cli.roster import roster_json, roster_text
from dutyboard.core import rules
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.groups import care, care_needs, people, people_fields
from dutyboard.groups.supplies import gate
from dutyboard.storage.errors import Refused
from dutyboard.views.placement import build_bench
from dutyboard.views.today import build_today
from tests.factories import NOW, person, slot, tiny_board

TODAY = pendulum.date(2022, 4, 26)


def make_board(tmp_path: Path) -> Board:
    """Buildings 1-6 (2 units, 6 floors, 2 flats a floor); 周组长 leads; 王芳 and 李强
    deliver (李强 lives in building 5, where a household has asked for help); 陈静 is
    on the afternoon delivery slot, which is short of one."""
    board = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("delivery",), phone="13900000001"),
            person("wang", "王芳", groups=("delivery",), phone="13800001111"),
            person("li", "李强", groups=("delivery", "care"), building=5, room="2-401"),
            person("chen", "陈静", groups=("delivery",), phone="13800002222"),
        ],
        slots=[
            slot("am", "delivery", "08:00", "12:00", needed=1),
            slot("pm", "delivery", "13:00", "17:00", needed=2),
        ],
        assignments=[("wang", "am"), ("chen", "pm")],
    )
    with board.transaction() as tx:
        tx.insert(
            "households",
            {"building": 5, "unit": 2, "room": "301", "residents": 1, "elderly_alone": False},
            "h-301",
        )
    return board


def v(board: Board, vid: str) -> Volunteer:
    found = board.volunteer(vid)
    assert found is not None
    return found


def refusal(exc: pytest.ExceptionInfo[Refused]) -> tuple[str | None, str, str]:
    return exc.value.key, exc.value.text("zh"), exc.value.text("en")


# ---------------------------------------------------------------- adding and editing


def test_a_leader_adds_a_volunteer_audited_and_undone_by_u(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    added = people.add_volunteer(
        board,
        lead,
        " 张 三 ",
        "+86 138-1234-5678",
        "快递、关爱组",
        building="5号楼",
        room="2单元301室",
        availability="9:00~12:00",
    )
    assert (added.name, added.phone, added.groups) == ("张三", "13812345678", ("delivery", "care"))
    assert (added.building, added.room, added.home) == (5, "2-301", "5-2-301")
    assert added.availability == "09:00-12:00" and added.role == "volunteer"
    entry = board.audit()[-1]
    assert (entry.action, entry.table, entry.record) == ("volunteer_add", "volunteers", added.id)
    assert undo_last(board, lead) == entry
    assert board.volunteer(added.id) is None
    assert people.add_volunteer(board, lead, "张三", "13812345678", "delivery").phone  # free again


def test_a_change_is_one_entry_and_u_puts_the_fields_back(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    changed = people.edit_volunteer(
        board, lead, "王芳", name="王芳芳", groups=["supplies", "Delivery"], role="leader"
    )
    assert (changed.name, changed.groups, changed.role) == (
        "王芳芳",
        ("supplies", "delivery"),
        "leader",
    )
    entries = board.audit()
    people.edit_volunteer(board, lead, changed, name="王芳芳")  # nothing changes: no entry
    assert len(board.audit()) == len(entries)
    undo_last(board, lead)
    back = v(board, "wang")
    assert (back.name, back.groups, back.role) == ("王芳", ("delivery",), "volunteer")


def test_a_new_building_clears_the_room_and_a_room_alone_keeps_the_building(
    tmp_path: Path,
) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    assert people.edit_volunteer(board, lead, "li", building=3).home == "3"
    assert people.edit_volunteer(board, lead, "li", room="1-602").home == "3-1-602"
    assert people.edit_volunteer(board, lead, "li", building=None).home == ""


# ---------------------------------------------------------------- who may


def test_volunteers_may_change_their_own_availability_only(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    wang = v(board, "wang")
    mine = people.edit_volunteer(board, wang, wang, availability="周末全天")
    assert mine.availability == "周末全天"
    assert board.audit()[-1].who == "wang"
    with pytest.raises(Refused) as own_name:
        people.edit_volunteer(board, wang, wang, name="王小芳")
    assert own_name.value.key == "refused.people_own_availability"
    assert "只能改自己的可服务时段" in own_name.value.text("zh")
    with pytest.raises(Refused) as other:
        people.edit_volunteer(board, wang, "chen", availability="晚上")
    assert other.value.key == "refused.not_leader"


@pytest.mark.parametrize(
    "act",
    [
        lambda b, w: people.add_volunteer(b, w, "张三", "13812345678", "delivery"),
        lambda b, w: people.take_off(b, w, "chen", "生病"),
        lambda b, w: people.put_back(b, w, "chen"),
        lambda b, w: people.add_to_group(b, w, ["chen"], "care"),
        lambda b, w: people.add_household(b, w, 5, 2, "302"),
        lambda b, w: people.edit_household(b, w, "5-2-301", residents=2),
    ],
    ids=["add", "off", "on", "group", "household_add", "household_edit"],
)
def test_volunteers_are_refused_what_is_for_leaders(tmp_path: Path, act: object) -> None:
    board = make_board(tmp_path)
    before = board.store.revision
    with pytest.raises(Refused) as exc:
        act(board, v(board, "wang"))  # type: ignore[operator]
    assert exc.value.key == "refused.not_leader"
    assert board.store.revision == before


def test_the_last_leader_stays_a_leader(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    with pytest.raises(Refused) as exc:
        people.edit_volunteer(board, lead, lead, role="volunteer")
    assert exc.value.key == "refused.people_last_leader"
    people.edit_volunteer(board, lead, "chen", role="组长")
    assert people.edit_volunteer(board, lead, lead, role="volunteer").role == "volunteer"


# ---------------------------------------------------------------- every field checked


@pytest.mark.parametrize(
    ("fields", "key", "zh", "en"),
    [
        ({"name": "  "}, "refused.people_name_empty", "姓名", "name: it is empty"),
        ({"name": "13812345678"}, "refused.people_name_digits", "姓名", "name: '1381"),
        ({"phone": "1381234567"}, "refused.people_phone", "手机号", "not an 11-digit"),
        ({"phone": ""}, "refused.people_phone_empty", "手机号", "phone: it is empty"),
        ({"phone": "138 0000 1111"}, "refused.people_phone_taken", "王芳", "already 王芳's"),
        ({"groups": "快递, 扫地"}, "refused.people_group", "扫地", "Supplies"),
        ({"groups": ""}, "refused.people_groups_empty", "至少选一个组", "at least one"),
        ({"building": 12}, "refused.people_building", "楼栋 1–6", "buildings 1–6"),
        ({"building": 5, "room": "3-301"}, "refused.people_unit", "没有 3 单元", "no unit 3"),
        ({"building": 5, "room": "2-701"}, "refused.people_room", "6 层", "up to 602"),
        ({"building": 5, "room": "2-303"}, "refused.people_room", "每层 2 户", "6 floors of 2"),
        ({"building": 5, "room": "301"}, "refused.people_room_form", "2-301", "unit-room"),
        ({"room": "2-301"}, "refused.people_room_no_building", "楼栋", "building"),
        ({"role": "boss"}, "refused.people_role", "角色", "role: 'boss'"),
        ({"availability": "x" * 61}, "refused.people_availability_long", "60", "60"),
    ],
)
def test_each_field_is_checked_with_a_message_naming_it(
    tmp_path: Path, fields: dict[str, object], key: str, zh: str, en: str
) -> None:
    board = make_board(tmp_path)
    given: dict[str, object] = {"name": "张三", "phone": "13812345678", "groups": "delivery"}
    given.update(fields)
    before = board.store.revision
    with pytest.raises(Refused) as exc:
        people.add_volunteer(board, v(board, "lead"), **given)  # type: ignore[arg-type]
    assert exc.value.key == key
    assert zh in exc.value.text("zh") and en in exc.value.text("en")
    assert board.store.revision == before  # nothing written


def test_a_phone_may_stay_its_owners(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    assert people.edit_volunteer(board, v(board, "lead"), "wang", phone="138-0000-1111").phone


def test_off_duty_needs_a_reason_and_a_later_day(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    for reason, until, key in [
        (" ", None, "refused.people_off_reason"),
        ("生病", "2022-04-26", "refused.people_until_past"),
        ("生病", "next week", "refused.people_until"),
    ]:
        with pytest.raises(Refused) as exc:
            people.take_off(board, lead, "chen", reason, until=until)
        assert exc.value.key == key


def test_households_are_checked_too(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    cases = [
        ((5, 2, "301"), {}, "refused.people_address_taken"),
        ((9, 1, "101"), {}, "refused.people_building"),
        ((5, 3, "101"), {}, "refused.people_unit"),
        ((5, 1, "103"), {}, "refused.people_room"),
        ((5, 1, "101"), {"residents": 0}, "refused.people_residents"),
        ((5, 1, "101"), {"phone": "12345"}, "refused.people_household_phone"),
    ]
    for (b, u, r), extra, key in cases:
        with pytest.raises(Refused) as exc:
            people.add_household(board, lead, b, u, r, **extra)  # type: ignore[arg-type]
        assert exc.value.key == key, (b, u, r, extra)
    with pytest.raises(Refused) as exc:
        people.edit_household(board, lead, "5-2-999", residents=2)
    assert exc.value.key == "refused.no_household"
    with pytest.raises(Refused) as address:
        people_fields.parse_address(board, "5号楼301")
    assert address.value.key == "refused.people_address"
    assert people_fields.parse_address(board, "5号楼2单元301室") == (5, 2, "301")
    landline = people.add_household(board, lead, "6", "1单元", "101室", phone="021 5812 3456")
    assert (landline.address, landline.phone) == ("6-1-101", "021-58123456")


# ---------------------------------------------------------------- off duty


def test_off_duty_leaves_every_suggestion(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    h = board.household("h-301")
    assert h is not None
    assert "li" in [p.volunteer_id for p in build_bench(board, "pm", "en")]
    assert "li" in [x.id for x in care_needs.neighbours(board, 5, h)]
    assert "wang" in [x.id for x in gate.delivery_people(board)]

    people.take_off(board, lead, "li", "所在楼封控", until="2022-04-28")
    people.take_off(board, lead, "wang", "生病")
    li = v(board, "li")
    assert (li.off_reason, li.off_since, li.off_until) == ("所在楼封控", "2022-04-26", "2022-04-28")
    assert not li.on_duty_ok and li.off_on(TODAY) and not li.off_on(pendulum.date(2022, 4, 28))
    assert "li" not in [p.volunteer_id for p in build_bench(board, "pm", "en")]
    assert "li" not in [x.id for x, _ in rules.free_now(board)]
    assert "li" not in [x.id for x in care_needs.neighbours(board, 5, h)]
    assert "wang" not in [x.id for x in gate.delivery_people(board)]  # on duty now, but off
    pm = board.slot("pm")
    assert pm is not None
    warnings = rules.placement_warnings(board, v(board, "li"), pm)
    assert [w.text("zh") for w in warnings if w.code == "off_duty"] == ["已停岗（所在楼封控）"]


def test_off_until_a_day_counts_again_from_that_day(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    people.take_off(board, v(board, "lead"), "li", "发烧", until="tomorrow")
    assert "li" not in [x.id for x, _ in rules.free_now(board)]
    later = NOW.add(days=1)
    assert "li" in [x.id for x, _ in rules.free_now(board, later)]


def test_put_back_and_undo(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    people.take_off(board, lead, "chen", "搬走了")
    with pytest.raises(Refused) as again:
        people.take_off(board, lead, "chen", "生病")
    assert again.value.key == "refused.people_already_off" and "搬走了" in again.value.text("zh")
    assert people.put_back(board, lead, "chen").on_duty_ok
    with pytest.raises(Refused) as not_off:
        people.put_back(board, lead, "chen")
    assert not_off.value.key == "refused.people_not_off"
    undo_last(board, lead)  # the put back undone: off again
    assert v(board, "chen").off_reason == "搬走了"
    undo_last(board, lead)  # the taking off undone: as before, no nulls
    chen = v(board, "chen")
    assert chen.on_duty_ok and chen.off_until == "" and chen.off_since == ""


def test_the_roster_marks_who_is_off_duty(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    people.take_off(board, v(board, "lead"), "chen", "生病")
    today = build_today(board, lang="en")
    found = [p for g in today.groups for s in g.slots for p in s.people if p.volunteer_id == "chen"]
    assert found[0].off_duty and found[0].status_label.endswith("· off duty")
    data = roster_json(board, board.today, "en")
    marks = {
        p["id"]: p["off_duty"] for g in data["groups"] for s in g["slots"] for p in s["people"]
    }
    assert marks == {"wang": False, "chen": True}
    assert "陈静(停岗)" in roster_text(board, board.today, "zh")
    assert people.duties_ahead(board, v(board, "chen")) == 1


# ---------------------------------------------------------------- a group at once


def test_several_people_join_a_group_in_one_entry_and_one_undo(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    entries = len(board.audit())
    added = people.add_to_group(board, lead, ["wang", v(board, "chen"), "li"], "关爱")
    assert [p.id for p in added] == ["wang", "chen"]  # 李强 was in it already
    assert all("care" in v(board, x).groups for x in ("wang", "chen", "li"))
    assert len(board.audit()) == entries + 1
    assert board.audit()[-1].action == "group_add"
    assert people.add_to_group(board, lead, ["wang"], "care") == []  # nothing to save
    assert len(board.audit()) == entries + 1
    undo_last(board, lead)
    assert [v(board, x).groups for x in ("wang", "chen", "li")] == [
        ("delivery",),
        ("delivery",),
        ("delivery", "care"),
    ]
    with pytest.raises(Refused) as two:
        people.add_to_group(board, lead, ["wang"], "care, supplies")
    assert two.value.key == "refused.people_one_group"
    with pytest.raises(Refused) as none:
        people.add_to_group(board, lead, [], "care")
    assert none.value.key == "refused.people_none_chosen"


# ---------------------------------------------------------------- households


def test_an_elderly_alone_household_is_on_the_care_register_at_once(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    new = people.add_household(
        board, lead, 5, 1, "502", residents=1, elderly_alone=True, phone="13911112222"
    )
    assert new.id in [e.household.id for e in care.register(board)]
    assert "h-301" not in [e.household.id for e in care.register(board)]
    people.edit_household(board, lead, "5-2-301", elderly_alone=True, note="腿脚不便")
    assert "h-301" in [e.household.id for e in care.register(board)]
    undo_last(board, lead)
    assert "h-301" not in [e.household.id for e in care.register(board)]
    undo_last(board, lead)
    assert board.household(new.id) is None


def test_marked_elderly_alone_again_it_comes_back_on_the_register(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    people.edit_household(board, lead, "5-2-301", elderly_alone=True)
    care.remove_from_register(board, "5-2-301", lead, "去女儿家住了")
    people.edit_household(board, lead, "5-2-301", elderly_alone=False)
    assert care.is_off(board, "h-301")
    people.edit_household(board, lead, "5-2-301", elderly_alone=True)  # back home, alone
    assert not care.is_off(board, "h-301")
    assert "h-301" in [e.household.id for e in care.register(board)]
    undo_last(board, lead)  # one u: the flag and the register both
    assert care.is_off(board, "h-301")
    h = board.household("h-301")
    assert h is not None and not h.elderly_alone


def test_household_edits_undo_without_nulls(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = v(board, "lead")
    h = people.edit_household(board, lead, "5-2-301", residents="3人", phone="13911112222")
    assert (h.residents, h.phone) == (3, "13911112222")
    undo_last(board, lead)
    back = board.household("h-301")
    assert back is not None and (back.residents, back.phone, back.note) == (1, "", "")

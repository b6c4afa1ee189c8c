"""The staffing rules, called directly on tiny boards with a fixed clock."""

from __future__ import annotations

import re
from pathlib import Path

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.model import Slot, Volunteer
from dutyboard.core.rules import (
    WARNING_CODES,
    Named,
    StaffWarning,
    days_in_a_row,
    free_now,
    hours_on_day,
    overlaps,
    placement_warnings,
    slot_warnings,
)
from dutyboard.i18n import CATALOG
from tests.factories import TZ, person, slot, tiny_board

D26 = pendulum.date(2022, 4, 26)
D27 = pendulum.date(2022, 4, 27)


def _slot(start: str, end: str, day: pendulum.Date = D26, sid: str = "s") -> Slot:
    return Slot(sid, "delivery", day, sid, sid, sid, start, end, 1)


def _vol(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def _s(board: Board, sid: str) -> Slot:
    s = board.slot(sid)
    assert s is not None
    return s


def codes(warnings: list[StaffWarning]) -> list[str]:
    return [w.code for w in warnings]


# ---------------------------------------------------------------- overlaps


def test_night_slot_overlaps_early_slot_of_next_day() -> None:
    night = _slot("22:00", "06:00", D26)
    early = _slot("05:00", "07:00", D27)
    assert overlaps(night, early, TZ)
    assert overlaps(early, night, TZ)


def test_night_slot_does_not_overlap_slot_ending_as_it_starts() -> None:
    night = _slot("22:00", "06:00", D26)
    assert not overlaps(night, _slot("21:00", "22:00", D26), TZ)
    assert not overlaps(_slot("21:00", "22:00", D26), night, TZ)
    # nor the next morning's slot starting when it ends
    assert not overlaps(night, _slot("06:00", "08:00", D27), TZ)
    # an early slot on the day it starts is the morning before, hours earlier
    assert not overlaps(night, _slot("05:00", "07:00", D26), TZ)


def test_day_slots_overlap_only_when_they_share_time() -> None:
    assert overlaps(_slot("07:00", "11:00"), _slot("10:00", "12:00"), TZ)
    assert overlaps(_slot("07:00", "11:00"), _slot("08:00", "09:00"), TZ)
    assert not overlaps(_slot("07:00", "11:00"), _slot("11:00", "13:00"), TZ)
    assert not overlaps(_slot("07:00", "11:00"), _slot("07:00", "11:00", D27), TZ)


# ---------------------------------------------------------------- hours


@pytest.fixture
def busy(tmp_path: Path) -> Board:
    """li: delivery morning 07-11 and afternoon 13-17 today (8 h); a night slot too."""
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "组长", role="leader"),
            person("li", "李", groups=("delivery",)),
            person("wang", "王", groups=("delivery", "supplies")),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00", zh="上午", en="Morning"),
            slot("pm", "delivery", "13:00", "17:00", zh="下午", en="Afternoon"),
            slot("eve", "delivery", "17:00", "18:30"),
            slot("late", "delivery", "21:00", "22:00"),
            slot("night", "delivery", "22:00", "06:00", zh="夜班", en="Night"),
            slot("dawn", "delivery", "05:00", "07:00", date="2022-04-27"),
            slot("sup", "supplies", "08:00", "12:00", zh="上午", en="Morning"),
        ],
        assignments=[("li", "am"), ("li", "pm")],
    )


def test_hours_on_day(busy: Board) -> None:
    assert hours_on_day(busy, "li", D26) == 8.0
    assert hours_on_day(busy, "li", D26, without="li@am") == 4.0
    assert hours_on_day(busy, "li", D26, plus=_s(busy, "eve")) == 9.5
    assert hours_on_day(busy, "li", D27) == 0.0
    assert hours_on_day(busy, "wang", D26) == 0.0


def test_hours_count_night_slot_on_the_day_it_starts_and_skip_no_shows(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li")],
        slots=[
            slot("night", "delivery", "22:00", "06:00"),
            slot("am", "delivery", "07:00", "11:00"),
        ],
        assignments=[("li", "night"), ("li", "am", "no_show")],
    )
    assert hours_on_day(board, "li", D26) == 8.0
    assert hours_on_day(board, "li", D27) == 0.0


def test_hours_count_someone_who_left(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li")],
        slots=[slot("am", "delivery", "07:00", "11:00")],
        assignments=[("li", "am", "left")],
    )
    assert hours_on_day(board, "li", D26) == 4.0


# ---------------------------------------------------------------- placement


def test_clean_placement_has_no_warnings(busy: Board) -> None:
    assert placement_warnings(busy, _vol(busy, "wang"), _s(busy, "am")) == []


def test_overlap_same_day(busy: Board) -> None:
    ws = placement_warnings(busy, _vol(busy, "li"), _s(busy, "sup"))
    assert "overlap" in codes(ws)
    w = ws[codes(ws).index("overlap")]
    assert w.fields["slot_id"] == "am"
    assert w.text("zh") == "与 快递组 上午 07:00–11:00 时间重叠（重复排班）"
    assert w.text("en") == "overlaps Delivery Morning 07:00–11:00 (double booking)"


def test_overlap_with_the_night_before(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li")],
        slots=[
            slot("night", "delivery", "22:00", "06:00", zh="夜班", en="Night"),
            slot("dawn", "delivery", "05:00", "07:00", date="2022-04-27"),
        ],
        assignments=[("li", "night")],
    )
    ws = placement_warnings(board, _vol(board, "li"), _s(board, "dawn"))
    assert codes(ws) == ["overlap"]
    assert ws[0].text("zh") == "与 4月26日 快递组 夜班 22:00–06:00 时间重叠（重复排班）"
    assert ws[0].text("en") == "overlaps 26 Apr Delivery Night 22:00–06:00 (double booking)"


def test_night_slot_overlaps_a_next_morning_assignment(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li")],
        slots=[
            slot("night", "delivery", "22:00", "06:00"),
            slot("dawn", "delivery", "05:00", "07:00", date="2022-04-27"),
        ],
        assignments=[("li", "dawn")],
    )
    assert codes(placement_warnings(board, _vol(board, "li"), _s(board, "night"))) == ["overlap"]


def test_night_slot_does_not_clash_with_the_hour_before(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li")],
        slots=[
            slot("late", "delivery", "21:00", "22:00"),
            slot("night", "delivery", "22:00", "06:00"),
        ],
        assignments=[("li", "late")],
        rules={"max_hours_per_day": 9, "max_days_in_a_row": 6},
    )
    assert placement_warnings(board, _vol(board, "li"), _s(board, "night")) == []


def test_inactive_assignments_do_not_double_book(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li"), person("wang")],
        slots=[slot("am", "delivery", "07:00", "11:00"), slot("am2", "delivery", "08:00", "10:00")],
        assignments=[("li", "am", "no_show"), ("wang", "am", "left")],
    )
    assert placement_warnings(board, _vol(board, "li"), _s(board, "am2")) == []
    assert placement_warnings(board, _vol(board, "wang"), _s(board, "am2")) == []


def test_the_assignment_being_moved_does_not_count(busy: Board) -> None:
    moving = busy.assignment("li@am")
    assert moving is not None
    # li moves from the delivery morning to the supplies morning: no clash with itself,
    # and the day stays at 8 h; but li did not sign up for supplies.
    ws = placement_warnings(busy, _vol(busy, "li"), _s(busy, "sup"), moving=moving)
    assert codes(ws) == ["not_signed_up"]
    assert ws[0].text("zh") == "未报名物资组"
    assert ws[0].text("en") == "not signed up for Supplies"
    assert ws[0].fields["group_key"] == "supplies"


def test_hour_limit(busy: Board) -> None:
    ws = placement_warnings(busy, _vol(busy, "li"), _s(busy, "eve"))
    assert codes(ws) == ["hour_limit"]
    assert ws[0].fields == {"hours": 9.5, "limit": 8}
    assert ws[0].text("zh") == "今日 9.5 小时，超过上限 8 小时"
    assert ws[0].text("en") == "9.5 h today, over the 8 h limit"


def test_hour_limit_is_inclusive_and_follows_the_board_rule(tmp_path: Path) -> None:
    slots = [slot("am", "delivery", "07:00", "11:00"), slot("pm", "delivery", "13:00", "17:00")]
    board = tiny_board(tmp_path, volunteers=[person("li")], slots=slots, assignments=[("li", "am")])
    assert placement_warnings(board, _vol(board, "li"), _s(board, "pm")) == []  # exactly 8 h
    strict = tiny_board(
        tmp_path,
        name="strict.json",
        volunteers=[person("li")],
        slots=slots,
        assignments=[("li", "am")],
        rules={"max_hours_per_day": 6, "max_days_in_a_row": 6},
    )
    ws = placement_warnings(strict, _vol(strict, "li"), _s(strict, "pm"))
    assert [w.text("en") for w in ws] == ["8 h today, over the 6 h limit"]


@pytest.mark.parametrize(
    ("status", "code", "zh", "en"),
    [
        ("sealed", "sealed_home", "住在封控楼栋（5号楼）", "lives in sealed building 5"),
        ("positive", "positive_home", "住在涉阳楼栋（5号楼）", "lives in positive building 5"),
    ],
)
def test_home_building_status(tmp_path: Path, status: str, code: str, zh: str, en: str) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li", building=5)],
        slots=[
            slot("am", "delivery", "07:00", "11:00"),
            slot("am27", "delivery", "07:00", "11:00", date="2022-04-27"),
        ],
        building_status=[(5, status)],
    )
    ws = placement_warnings(board, _vol(board, "li"), _s(board, "am"))
    assert codes(ws) == [code]
    assert ws[0].fields == {"building": 5}
    assert (ws[0].text("zh"), ws[0].text("en")) == (zh, en)
    # the status is per day: tomorrow the building is not (yet) known to be closed
    assert placement_warnings(board, _vol(board, "li"), _s(board, "am27")) == []


def test_normal_building_and_no_building_are_fine(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li", building=5), person("out", building=None, room="outside")],
        slots=[slot("am", "delivery", "07:00", "11:00")],
        building_status=[(5, "normal"), (6, "positive")],
    )
    assert placement_warnings(board, _vol(board, "li"), _s(board, "am")) == []
    assert placement_warnings(board, _vol(board, "out"), _s(board, "am")) == []


def test_several_warnings_together(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li", building=3, groups=("care",))],
        slots=[slot("am", "delivery", "07:00", "11:00"), slot("x", "supplies", "06:00", "15:00")],
        assignments=[("li", "am")],
        building_status=[(3, "sealed")],
    )
    ws = placement_warnings(board, _vol(board, "li"), _s(board, "x"))
    assert codes(ws) == ["overlap", "hour_limit", "sealed_home", "not_signed_up"]


# ---------------------------------------------------------------- days in a row


def _days(tmp_path: Path, on: range | list[int], missed: tuple[int, ...] = ()) -> Board:
    """Morning slots 04-19 .. 04-27 and a 26th afternoon; li on duty the mornings ``on``
    (``missed`` of them as no-shows)."""
    return tiny_board(
        tmp_path,
        name=f"days-{'-'.join(map(str, on))}.json",
        volunteers=[person("li")],
        slots=[
            *[
                slot(f"am{d}", "delivery", "07:00", "11:00", date=f"2022-04-{d}")
                for d in range(19, 28)
            ],
            slot("pm", "delivery", "13:00", "15:00"),
        ],
        assignments=[("li", f"am{d}", "no_show" if d in missed else "scheduled") for d in on],
    )


def test_days_in_a_row(tmp_path: Path) -> None:
    board = _days(tmp_path, range(21, 27))
    assert days_in_a_row(board, "li", D26) == 6
    assert days_in_a_row(board, "li", pendulum.date(2022, 4, 24)) == 4
    assert days_in_a_row(board, "li", D27) == 0
    assert days_in_a_row(board, "nobody", D26) == 0
    assert days_in_a_row(board, "li", D26, without="li@am26") == 0


def test_a_missed_day_breaks_the_run(tmp_path: Path) -> None:
    board = _days(tmp_path, range(21, 27), missed=(23,))
    assert days_in_a_row(board, "li", D26) == 3


def test_seventh_day_in_a_row_warns(tmp_path: Path) -> None:
    board = _days(tmp_path, range(21, 27))
    ws = placement_warnings(board, _vol(board, "li"), _s(board, "am27"))
    assert codes(ws) == ["days_in_a_row"]
    assert ws[0].fields == {"days": 7, "limit": 6}
    assert ws[0].text("zh") == "已连续值班 7 天（上限 6）"
    assert ws[0].text("en") == "on duty 7 days in a row (limit 6)"
    # a sixth day is within the limit
    board = _days(tmp_path, range(22, 27))
    assert placement_warnings(board, _vol(board, "li"), _s(board, "am27")) == []


def test_a_day_joining_two_runs_counts_the_days_after_it(tmp_path: Path) -> None:
    board = _days(tmp_path, [20, 21, 22, 24, 25, 26])
    ws = placement_warnings(board, _vol(board, "li"), _s(board, "am23"))
    assert codes(ws) == ["days_in_a_row"]
    assert ws[0].fields["days"] == 7


def test_another_slot_on_a_day_already_on_duty_does_not_warn_about_days(tmp_path: Path) -> None:
    board = _days(tmp_path, range(19, 27))  # eight days: already over the limit
    assert days_in_a_row(board, "li", D26) == 8
    assert placement_warnings(board, _vol(board, "li"), _s(board, "pm")) == []


# ---------------------------------------------------------------- slots


def test_slot_short(tmp_path: Path) -> None:
    board = tiny_board(
        tmp_path,
        volunteers=[person("li"), person("wang"), person("zhao")],
        slots=[
            slot("am", "delivery", "07:00", "11:00", needed=3),
            slot("pm", "delivery", "13:00", "17:00", needed=1),
        ],
        assignments=[("li", "am", "arrived"), ("wang", "am", "no_show"), ("zhao", "pm")],
    )
    ws = slot_warnings(board, _s(board, "am"))
    assert codes(ws) == ["short_slot"]
    assert ws[0].fields["n"] == 2
    assert (ws[0].text("zh"), ws[0].text("en")) == ("缺 2 人", "2 short")
    assert slot_warnings(board, _s(board, "pm")) == []


# ---------------------------------------------------------------- free now


@pytest.fixture
def bench(tmp_path: Path) -> Board:
    return tiny_board(
        tmp_path,
        volunteers=[
            person("a", "Anna", groups=("delivery",)),
            person("b", "Bo", groups=("supplies",)),
            person("c", "Cai", groups=("delivery",)),
            person("d", "Dong", groups=("delivery",)),
            person("s", "Sealed", building=5),
            person("p", "Positive", building=6),
            person("n", "Night", groups=("delivery",)),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00"),
            slot("early", "supplies", "06:00", "08:00"),
            slot("pm", "delivery", "13:00", "17:00"),
            slot("night", "delivery", "22:00", "06:00"),
        ],
        assignments=[
            ("a", "am"),  # on duty at 09:00
            ("c", "early"),  # 2 h, done by 09:00
            ("d", "pm"),  # 4 h, later today
            ("b", "am", "no_show"),  # not there: free, 0 h
            ("n", "night"),
        ],
        building_status=[(5, "sealed"), (6, "positive")],
    )


def test_free_now_order_and_exclusions(bench: Board) -> None:
    got = [(v.id, h) for v, h in free_now(bench)]
    assert got == [("b", 0.0), ("c", 2.0), ("d", 4.0), ("n", 8.0)]


def test_free_now_signed_up_for_the_group_first(bench: Board) -> None:
    got = [v.id for v, _ in free_now(bench, group="supplies")]
    assert got == ["b", "c", "d", "n"]
    got = [v.id for v, _ in free_now(bench, group="delivery")]
    assert got == ["c", "d", "n", "b"]


def test_free_now_at_other_moments(bench: Board) -> None:
    noon = pendulum.datetime(2022, 4, 26, 14, 0, tz=TZ)
    assert [v.id for v, _ in free_now(bench, noon)] == ["b", "c", "a", "n"]
    # 02:00 the next night still belongs to the 26th (the day starts at 06:00)
    night = pendulum.datetime(2022, 4, 27, 2, 0, tz=TZ)
    assert [v.id for v, _ in free_now(bench, night)] == ["b", "c", "a", "d"]
    # the same moment given in another time zone
    assert [v.id for v, _ in free_now(bench, night.in_timezone("UTC"))] == ["b", "c", "a", "d"]


def test_free_now_follows_the_clock(bench: Board) -> None:
    bench.clock.advance(hours=2)  # type: ignore[attr-defined]  # FixedClock
    assert "a" in [v.id for v, _ in free_now(bench)]


# ---------------------------------------------------------------- texts


def test_every_warning_code_has_both_texts() -> None:
    for code in WARNING_CODES:
        zh, en = CATALOG[f"warn.{code}"]
        assert zh and en and zh != en
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en))


def test_warning_text_formats_numbers_and_names() -> None:
    w = StaffWarning("hour_limit", {"hours": 10.0, "limit": 8.5})
    assert w.text("en") == "10 h today, over the 8.5 h limit"
    g = StaffWarning("not_signed_up", {"group": Named("关爱组", "Care")})
    assert (g.text("zh"), g.text("en")) == ("未报名关爱组", "not signed up for Care")
    assert hash(g) == hash(StaffWarning("not_signed_up", {}))  # hashable despite the dict

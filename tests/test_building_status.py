"""Building status (issue 13, part 1): the lift rules as plain functions, and
``set_status`` on a tiny board with the clock fixed at 2022-04-26 09:00 (day 1 of a
period is the case's day; sealed_days = 7 means lifted on day 8)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pendulum
import pytest

from dutyboard.core.board import Board
from dutyboard.core.building_rules import BuildingRules, Change, building_rules, standing
from dutyboard.core.carry import made_id
from dutyboard.core.config import load_config
from dutyboard.core.config_files import DEFAULT_FILES
from dutyboard.core.model import Volunteer
from dutyboard.core.undo import undo_last
from dutyboard.groups import building_status as bs
from dutyboard.groups import testing_rounds as tr
from dutyboard.storage.check import check_store
from dutyboard.storage.errors import ConfigError, Refused
from dutyboard.views.testing import build_testing
from tests.factories import NOW, person, tiny_board

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"
TODAY = pendulum.date(2022, 4, 26)
RULES_2022 = BuildingRules()  # 7+7, a new case keeps the building sealed to day 14
RULES_MAY = BuildingRules(7, 3, 7, True)  # a new case starts the clock again


def d(day: int, month: int = 4) -> pendulum.Date:
    return pendulum.date(2022, month, day)


# ---------------------------------------------------------------- the rules


def test_positive_is_sealed_seven_days_then_monitored_seven() -> None:
    s = standing([Change(d(20), "positive", d(20))], RULES_2022)
    assert s.state == "positive" and s.since == d(20) and s.cases == (d(20),)
    assert s.controlled_from == d(27)  # day 8
    assert s.normal_from == d(4, 5)  # 7 more days
    assert s.next_lift() == d(27)


def test_a_case_on_day_3_extends_the_building_to_day_14() -> None:
    changes = [Change(d(20), "sealed", d(20)), Change(d(22), "positive", d(22))]
    s = standing(changes, RULES_2022)
    assert s.period_start == d(20)
    assert s.controlled_from == d(4, 5)  # sealed to day 14 (05-03), lifted on day 15
    assert s.normal_from == d(11, 5)


def test_with_the_reset_rule_a_new_case_starts_the_clock_again() -> None:
    changes = [Change(d(20), "sealed", d(20)), Change(d(22), "positive", d(22))]
    s = standing(changes, RULES_MAY)
    assert s.controlled_from == d(29)  # 7 case-free days from the new case
    assert s.normal_from == d(2, 5)  # and 3 more


def test_a_case_never_brings_the_lift_forward() -> None:
    # A case dated before the one that started the period (entered late).
    changes = [Change(d(24), "positive", d(24)), Change(d(25), "positive", d(21))]
    assert standing(changes, RULES_MAY).controlled_from == d(1, 5)
    assert standing(changes, RULES_2022).controlled_from == d(8, 5)


def test_a_case_after_the_building_could_have_been_lifted_starts_a_new_period() -> None:
    changes = [Change(d(10), "positive", d(10)), Change(d(19), "positive", d(19))]
    s = standing(changes, RULES_2022)
    assert s.period_start == d(19) and s.controlled_from == d(26)


def test_sealed_without_a_case_counts_from_the_day_it_was_sealed() -> None:
    s = standing([Change(d(23), "sealed")], RULES_2022)
    assert s.controlled_from == d(30) and s.cases == ()
    # its first case, found later, does not count as a new case within the period
    s = standing([Change(d(23), "sealed"), Change(d(24), "positive", d(24))], RULES_2022)
    assert s.controlled_from == d(1, 5)


def test_controlled_then_normal() -> None:
    lifted = [Change(d(10), "positive", d(10)), Change(d(17), "controlled")]
    s = standing(lifted, RULES_2022)
    assert (s.state, s.controlled_from, s.normal_from) == ("controlled", None, d(24))
    assert s.earliest("normal") == d(24) and s.earliest("sealed") is None
    # controlled straight away (a neighbour's case): monitored from that day
    s = standing([Change(d(20), "controlled")], RULES_2022)
    assert s.normal_from == d(27)
    # normal again: nothing left to wait for; a new case starts afresh
    s = standing([*lifted, Change(d(24), "normal")], RULES_2022)
    assert (s.state, s.next_lift(), s.since) == ("normal", None, d(24))


# ---------------------------------------------------------------- config


@pytest.fixture
def cfg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "config"
    target.mkdir()
    for name in DEFAULT_FILES:
        shutil.copy(REPO_CONFIG / name, target / name)
    return target


def test_the_shipped_file_is_the_2022_rules_and_the_board_carries_them() -> None:
    config = load_config()
    assert config.building_rules == RULES_2022
    assert building_rules(config.to_dict()) == RULES_2022
    assert building_rules({}) == RULES_2022  # a board made before the file existed


def test_without_the_file_the_defaults(cfg: Path) -> None:
    assert load_config(cfg).building_rules == RULES_2022


def test_the_late_may_rules(cfg: Path) -> None:
    (cfg / "buildings.toml").write_text(
        "[lift]\nsealed_days = 7\nmonitoring_days = 3\nnew_case_resets = true\n", "utf-8"
    )
    rules = load_config(cfg).building_rules
    assert (rules.monitoring_days, rules.new_case_resets) == (3, True)
    assert building_rules(load_config(cfg).to_dict()) == rules


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "[lift]\nsealed_day = 7\n",
            "lift: unknown key 'sealed_day' (did you mean 'sealed_days'?)",
        ),
        ("[lift]\nsealed_days = '7'\n", "lift.sealed_days: expected a whole number >= 1"),
        ("[lift]\nsealed_days = 0\n", "lift.sealed_days: expected a whole number >= 1"),
        ("[lift]\nnew_case_resets = 'yes'\n", "lift.new_case_resets: expected true or false"),
        (
            "[lift]\nsealed_days = 10\nnew_case_extends_to_day = 9\n",
            "lift.new_case_extends_to_day: expected a whole number >= 10",
        ),
        (
            "[lift]\nnew_case_resets = true\nnew_case_extends_to_day = 14\n",
            "lift.new_case_extends_to_day: give new_case_extends_to_day",
        ),
        ("[rules]\n", "unknown key 'rules'"),
    ],
)
def test_a_wrong_key_or_value_is_one_clear_error(cfg: Path, text: str, says: str) -> None:
    (cfg / "buildings.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(cfg)
    message = info.value.message
    assert message.startswith("config/buildings.toml: ") and says in message
    assert "\n" not in message


# ---------------------------------------------------------------- on a board


def make_board(tmp_path: Path, *, rules: dict[str, Any] | None = None, **kw: Any) -> Board:
    config = load_config().to_dict()
    if rules is not None:
        config["building_rules"] = rules
    return tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "周组长", role="leader", groups=("testing", "disinfection")),
            person("li", "李阿姨", building=5, room="1-302"),
        ],
        config=config,
        **kw,
    )


def who(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


def key_of(exc: pytest.ExceptionInfo[Refused]) -> str | None:
    return exc.value.key


def test_positive_without_a_case_date_gets_today(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    r = bs.set_status(board, who(board, "lead"), "5号楼", "涉阳", note="3单元一例")
    assert r.event.case_date == "2022-04-26" and r.event.note == "3单元一例"
    assert board.building_status(5) == "positive"
    assert board.building_status(5, board.tomorrow) == "positive"  # tomorrow's plan warns
    assert bs.earliest_lift(board, 5) == d(3, 5)
    assert bs.lift_days_left(board, 5) == 7


def test_a_case_on_day_3_of_a_sealed_period_extends_it_to_day_14(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "sealed", case_date="2022-04-24")  # day 1: 04-24
    assert bs.earliest_lift(board, 5) == d(1, 5)
    bs.set_status(board, lead, 5, "positive", case_date="2022-04-26")  # day 3
    assert bs.earliest_lift(board, 5) == d(8, 5)  # sealed to day 14, lifted on day 15
    assert bs.lift_days_left(board, 5) == 12


def test_with_the_reset_rule_a_new_case_resets_the_clock(tmp_path: Path) -> None:
    board = make_board(tmp_path, rules={"monitoring_days": 3, "new_case_resets": True})
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "sealed", case_date="2022-04-24")
    bs.set_status(board, lead, 5, "positive", case_date="2022-04-26")
    assert bs.earliest_lift(board, 5) == d(3, 5)  # 7 case-free days from 04-26
    assert bs.standing_of(board, 5).normal_from == d(6, 5)


def test_lifting_early_needs_a_reason_which_is_audited(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "positive", case_date="2022-04-24")
    says = {
        "controlled": "may be controlled from 2022-05-01 (5 days from now)",
        "normal": "may be normal from 2022-05-08 (12 days from now)",
    }
    for target, text in says.items():
        with pytest.raises(Refused) as refusal:
            bs.set_status(board, lead, 5, target)
        assert key_of(refusal) == f"refused.building_early.{target}"
        assert text in refusal.value.message
    assert board.building_status(5) == "positive"
    r = bs.set_status(board, lead, 5, "controlled", reason="街道通知提前解封\n")
    assert r.event.early and r.event.reason == "街道通知提前解封"
    entry = board.audit(TODAY)[-1]
    assert (entry.action, entry.reason) == ("building_status", "街道通知提前解封")
    assert entry.after["early"] is True and entry.after["earliest"] == "2022-05-01"
    assert entry.before["status"] == "positive" and entry.after["status"] == "controlled"
    # normal only once the monitoring days are over (05-08): again a reason
    with pytest.raises(Refused):
        bs.set_status(board, lead, 5, "normal")


def test_lifting_on_or_after_the_earliest_day_needs_no_reason(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "positive", case_date="2022-04-19")  # lifted from 04-26
    assert bs.lift_days_left(board, 5) == 0
    r = bs.set_status(board, lead, 5, "controlled")
    assert not r.event.early and board.audit(TODAY)[-1].reason == ""


def test_a_volunteer_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    revision = board.store.revision
    with pytest.raises(Refused) as refusal:
        bs.set_status(board, who(board, "li"), 5, "sealed")
    assert key_of(refusal) == "refused.not_leader"
    assert board.store.revision == revision and board.building_status(5) == "normal"


@pytest.mark.parametrize(
    ("args", "key", "says"),
    [
        ((99, "sealed"), "refused.building_unknown", "buildings are: 1, 2, 3, 4, 5, 6"),
        (("abc", "sealed"), "refused.building_unknown", "no building 'abc'"),
        ((5, "locked"), "refused.building_state", "sealed (封控), positive (涉阳)"),
        ((5, "sealed", "2022-04-27"), "refused.building_case_future", "after today"),
        ((5, "sealed", "26/04/2022"), "refused.building_case_date", "cannot be read"),
        ((5, "controlled", "2022-04-25"), "refused.building_case_state.controlled", "case"),
        ((5, "normal"), "refused.building_same.normal", "nothing was changed"),
    ],
)
def test_bad_input_is_refused_with_one_clear_message(
    tmp_path: Path, args: tuple[Any, ...], key: str, says: str
) -> None:
    board = make_board(tmp_path)
    number, state, *case = args
    with pytest.raises(Refused) as refusal:
        bs.set_status(board, who(board, "lead"), number, state, case_date=case[0] if case else None)
    assert key_of(refusal) == key and says in refusal.value.message
    assert refusal.value.text("zh") != refusal.value.message  # translated


def test_the_same_state_again_needs_a_new_case(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "positive", case_date="2022-04-25")
    with pytest.raises(Refused) as refusal:
        bs.set_status(board, lead, 5, "positive")
    assert key_of(refusal) == "refused.building_same.positive"
    bs.set_status(board, lead, 5, "positive", case_date="today")  # a second case
    assert [e.case_date for e in bs.history(board, 5)] == ["2022-04-25", "2022-04-26"]


def test_undo_puts_the_status_back(tmp_path: Path) -> None:
    board = make_board(tmp_path, building_status=[(5, "sealed")])
    lead = who(board, "lead")
    before = {d["id"] for d in board.store.rows("tasks")}
    r = bs.set_status(board, lead, 5, "positive", reason="两例")
    assert r.rounds_added > 0
    assert undo_last(board, lead) is not None
    assert board.building_status(5) == "sealed"
    assert board.building_status(5, board.tomorrow) == "normal"  # the record made is gone
    assert bs.history(board, 5) == []
    assert {d["id"] for d in board.store.rows("tasks")} == before
    # and again, with the same ids (made again after the undo)
    again = bs.set_status(board, lead, 5, "positive")
    assert again.rounds_added == r.rounds_added
    assert check_store(board.store) == []


def test_a_building_newly_positive_gets_its_extra_rounds_with_ids_two_laptops_share(
    tmp_path: Path,
) -> None:
    board = make_board(tmp_path)
    copy = tmp_path / "laptop2"
    copy.mkdir()
    shutil.copy(board.store.path, copy / "board.json")
    other = Board.open(copy / "board.json", board.clock, device_id="laptop2")
    made = []
    for b in (board, other):
        bs.set_status(b, who(b, "lead"), 5, "positive")
        made.append({x.id for x in b.tasks(TODAY, kind="disinfection") if x.building == 5})
    assert made[0] == made[1] and made[0]
    config = load_config()
    items = [i.key for i in config.disinfection.items if i.scope == "building"]
    rounds = 1 + config.disinfection.positive_extra_rounds
    assert len(made[0]) == len(items) * (rounds - 1)
    bid = board.store.board_id
    assert made_id(bid, "check", "2022-04-26", 5, items[0], 2) in made[0]
    tasks = board.tasks(TODAY, kind="disinfection")
    assert all(x.due and x.due >= NOW.isoformat() for x in tasks if x.building == 5)


def test_lifting_keeps_the_rounds_done_and_open(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    bs.set_status(board, lead, 5, "positive")
    rounds = [x for x in board.tasks(TODAY, kind="disinfection") if x.building == 5]
    board.tick(rounds[:1], lead)
    bs.set_status(board, lead, 5, "normal", reason="误报")
    kept = [x for x in board.tasks(TODAY, kind="disinfection") if x.building == 5]
    assert {x.id for x in kept} == {x.id for x in rounds}
    assert sum(x.status == "done" for x in kept) == 1


def test_the_testing_route_follows_todays_status(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    view = build_testing(board, "zh", board.now())
    assert 5 in view.route and view.door_to_door == ()
    bs.set_status(board, lead, 5, "sealed")
    bs.set_status(board, lead, 3, "controlled")  # people come down to a set point
    view = build_testing(board, "zh", board.now())
    assert 5 not in view.route and 3 in view.route and view.door_to_door == (5,)


def test_a_building_sealed_during_a_round_goes_door_to_door_last(tmp_path: Path) -> None:
    board = make_board(tmp_path)
    lead = who(board, "lead")
    r = tr.start_round(board, lead)
    first = tr.stops(board, r.id)[0]
    order = {s.building: int(s.extra["order"]) for s in tr.stops(board, r.id)}
    tr.call_building(board, lead, first)  # called already: stays where it is
    bs.set_status(board, lead, first.building or 0, "sealed")
    bs.set_status(board, lead, 4, "positive")
    stops = tr.stops(board, r.id)
    assert [s.building for s in stops][-1] == 4 and stops[-1].extra["door_to_door"]
    assert stops[0].building == first.building and not stops[0].extra.get("door_to_door")
    undo_last(board, lead)  # building 4 back on the route, where it was
    four = next(s for s in tr.stops(board, r.id) if s.building == 4)
    assert not four.extra.get("door_to_door") and int(four.extra["order"]) == order[4]


def test_placement_warnings_and_the_check_see_it(tmp_path: Path) -> None:
    from dutyboard.core.rules import free_now

    board = make_board(tmp_path)
    assert "li" in {v.id for v, _ in free_now(board)}
    bs.set_status(board, who(board, "lead"), 5, "sealed")
    assert "li" not in {v.id for v, _ in free_now(board)}
    bs.set_status(board, who(board, "lead"), 5, "controlled", reason="test")
    assert "li" in {v.id for v, _ in free_now(board)}  # controlled: inside the compound
    assert check_store(board.store) == []


def test_a_status_from_before_the_history_is_not_known(tmp_path: Path) -> None:
    board = make_board(tmp_path, building_status=[(5, "positive")])
    s = bs.standing_of(board, 5)
    assert (s.state, s.since, s.next_lift()) == ("positive", None, None)
    r = bs.set_status(board, who(board, "lead"), 5, "controlled")  # no reason needed
    assert not r.event.early and r.event.previous == "positive"

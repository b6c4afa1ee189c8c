"""Phones (issue 14, item 4): volunteers see masked numbers everywhere but their own
and their slot-mates' of the day; leaders see them in full; the command line without
``--as`` shows what a volunteer sees (dutyboard/groups/privacy.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dutyboard.cli.main import main
from dutyboard.cli.roster import roster_json
from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.privacy import PhoneView, digits_match, mask_phone
from dutyboard.io.exports import mask_phone as export_mask
from dutyboard.storage.errors import Refused
from dutyboard.views.deliveries import carrier_choices
from dutyboard.views.people import build_households, build_people
from dutyboard.views.placement import build_bench
from dutyboard.views.today import build_today
from dutyboard.views.tomorrow import build_tomorrow
from tests.factories import NOW, TODAY, person, slot, tiny_board
from tests.hardening.harness import fresh_copy

FULL = re.compile(r"(?<!\d)1\d{10}(?!\d)")  # an 11-digit mobile number, unmasked
PHONES = {
    "lead": "13900000000",
    "me": "13800000001",
    "mate": "13800000002",
    "other": "13800000003",
    "later": "13800000004",
    "before": "13800000005",
    "carer": "13800000006",
}
HOUSE_PHONES = {"h-alone": "13700000001", "h-carried": "13700000002", "h-done": "13700000003"}


@pytest.fixture
def board(tmp_path: Path) -> Board:
    """me and mate share today's morning slot (mate a no-show); other is in another
    slot; later shares a slot with me tomorrow, before did yesterday."""
    b = tiny_board(
        tmp_path,
        volunteers=[
            person("lead", "王组长", role="leader", phone=PHONES["lead"]),
            person("me", "李四", phone=PHONES["me"]),
            person("mate", "张三", phone=PHONES["mate"]),
            person("other", "吴五", phone=PHONES["other"], groups=("supplies",)),
            person("later", "赵六", phone=PHONES["later"]),
            person("before", "钱七", phone=PHONES["before"]),
            person("carer", "孙八", phone=PHONES["carer"], groups=("care",)),
        ],
        slots=[
            slot("am", "delivery", "07:00", "11:00", needed=3, zh="上午", en="Morning"),
            slot("sup", "supplies", "08:00", "12:00", needed=1, zh="上午", en="Morning"),
            slot("am2", "delivery", "07:00", "11:00", date="2022-04-27", zh="上午", en="Morning"),
            slot("eve", "delivery", "22:00", "06:00", date="2022-04-25", zh="夜班", en="Night"),
        ],
        assignments=[
            ("me", "am"),
            ("mate", "am", "no_show"),
            ("other", "sup"),
            ("me", "am2"),
            ("later", "am2"),
            ("me", "eve"),
            ("before", "eve"),
        ],
    )
    with b.transaction() as tx:
        for hid, (unit, alone) in {"h-alone": (1, True), "h-carried": (2, False)}.items():
            tx.insert("households", {"id": hid, "building": 1, "unit": unit, "room": "101",
                                     "residents": 1, "elderly_alone": alone,
                                     "phone": HOUSE_PHONES[hid]})  # fmt: skip
        tx.insert("households", {"id": "h-done", "building": 2, "unit": 1, "room": "101",
                                 "residents": 2, "phone": HOUSE_PHONES["h-done"]})  # fmt: skip
        for tid, hid, status in (("t1", "h-carried", "open"), ("t2", "h-done", "done")):
            tx.insert("tasks", {"id": tid, "kind": "delivery", "group": "delivery",
                                "date": TODAY, "status": status, "household": hid,
                                "address": hid, "carrier": "me"})  # fmt: skip
    return b


def who(board: Board, vid: str) -> Volunteer:
    v = board.volunteer(vid)
    assert v is not None
    return v


# ---------------------------------------------------------------- the rule


def test_one_mask_for_every_caller() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("021-58961234") == "021****1234"
    assert mask_phone("58961234") == "****1234"  # a short number shows its last four only
    assert mask_phone("12345") == "***45"
    assert mask_phone("123") == "***"
    assert mask_phone("") == ""
    assert export_mask is mask_phone  # exports use the same one


def test_nobody_named_sees_every_number_masked(board: Board) -> None:
    phones = PhoneView(board, None)
    for vid, phone in PHONES.items():
        assert phones.person(vid, phone) == mask_phone(phone)
    for h in board.households():
        assert phones.household(h) == mask_phone(h.phone)


def test_a_leader_sees_every_number_in_full(board: Board) -> None:
    phones = PhoneView(board, who(board, "lead"))
    for v in board.volunteers():
        assert phones.of(v) == v.phone
    for h in board.households():
        assert phones.household(h) == h.phone


def test_a_volunteer_sees_their_own_and_todays_slot_mates_in_full(board: Board) -> None:
    phones = PhoneView(board, who(board, "me"))
    shown = {v.id: phones.of(v) for v in board.volunteers()}
    assert shown["me"] == PHONES["me"]
    assert shown["mate"] == PHONES["mate"]  # a no-show is whom a slot-mate calls
    for vid in ("lead", "other", "later", "before", "carer"):  # tomorrow, yesterday too
        assert shown[vid] == mask_phone(PHONES[vid]), vid
    assert PhoneView(board, who(board, "mate")).of(who(board, "me")) == PHONES["me"]
    # Someone on no slot today sees their own number only.
    assert PhoneView(board, who(board, "carer")).of(who(board, "me")) == "138****0001"


def test_a_role_changed_since_counts_at_once(board: Board) -> None:
    stale = who(board, "other")._replace(role="leader")  # the app's who, out of date
    assert PhoneView(board, stale).of(who(board, "me")) == "138****0001"


def test_household_phones(board: Board) -> None:
    houses = {h.id: h for h in board.households()}
    carrier = PhoneView(board, who(board, "me"))
    assert carrier.household(houses["h-carried"]) == HOUSE_PHONES["h-carried"]  # open task
    assert carrier.household(houses["h-done"]) == "137****0003"  # delivered already
    assert carrier.household(houses["h-alone"]) == "137****0001"
    carer = PhoneView(board, who(board, "carer"))
    assert carer.household(houses["h-alone"]) == HOUSE_PHONES["h-alone"]  # on the register
    assert carer.household(houses["h-carried"]) == "137****0002"
    other = PhoneView(board, who(board, "other"))
    assert all(other.household(h) == mask_phone(h.phone) for h in houses.values())


def test_typed_digits_match_only_what_is_shown() -> None:
    assert digits_match("5678", "138****5678")
    assert digits_match("138", "138****5678")
    assert not digits_match("12345678", "138****5678")  # the hidden middle
    assert not digits_match("1381234", "138****5678")
    assert digits_match("12345678", "13812345678")
    assert not digits_match("56", "138****5678")  # too short to mean a phone


# ---------------------------------------------------------------- the views


def test_today_masks_all_but_own_and_slot_mates(board: Board) -> None:
    def phones(view_people: object) -> dict[str, str]:
        return {p.volunteer_id: p.phone for p in view_people}  # type: ignore[attr-defined]

    mine = build_today(board, lang="zh", now=NOW, viewer=who(board, "me"))
    seen = phones(p for g in mine.groups for s in g.slots for p in s.people)
    assert seen == {"me": PHONES["me"], "mate": PHONES["mate"], "other": "138****0003"}
    anon = build_today(board, lang="zh", now=NOW)
    assert not FULL.search(repr(anon))
    lead = build_today(board, lang="zh", now=NOW, viewer=who(board, "lead"))
    assert {p.phone for g in lead.groups for s in g.slots for p in s.people} == {
        PHONES["me"],
        PHONES["mate"],
        PHONES["other"],
    }


def test_every_view_takes_the_viewer(board: Board) -> None:
    me = who(board, "me")
    tomorrow = build_tomorrow(board, "zh", NOW, me)
    seen = {p.name: p.phone for s in tomorrow.slots for p in s.people}
    assert seen == {"李四": PHONES["me"], "赵六": "138****0004"}  # opens up on the day
    assert not FULL.search(repr(build_tomorrow(board, "zh", NOW)))
    people = {r.id: r.phone for r in build_people(board, "zh", me).rows}
    assert people["mate"] == PHONES["mate"] and people["other"] == "138****0003"
    assert not FULL.search(repr(build_people(board, "zh").rows))
    houses = {r.id: r.phone for r in build_households(board, viewer=me)}
    assert houses["h-carried"] == HOUSE_PHONES["h-carried"] and houses["h-done"] == "137****0003"
    assert not FULL.search(repr(build_households(board)))
    assert not FULL.search(repr(build_bench(board, "am", "zh", NOW)))
    assert not FULL.search(repr(carrier_choices(board, NOW)))
    assert not FULL.search(json.dumps(roster_json(board, board.today, "zh")))
    lead = who(board, "lead")
    assert PHONES["other"] in json.dumps(roster_json(board, board.today, "zh", lead))


def test_an_ambiguous_name_shows_no_home_and_no_full_number(board: Board) -> None:
    with board.transaction() as tx:
        tx.insert("volunteers", person("me2", "李四", phone="13811112222", building=5,
                                       room="2-301"))  # fmt: skip
    with pytest.raises(Refused) as caught:
        board.resolve_person("李四")
    details = "\n".join(caught.value.details)
    assert "138****0001" in details and "138****2222" in details  # tells them apart
    assert "id me2" in details
    assert not FULL.search(details)  # FAILED before: full numbers
    assert "5-2-301" not in details and "1-1-101" not in details  # FAILED before: homes


# ---------------------------------------------------------------- the command line


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(corpus_template: Path, tmp_path: Path) -> Path:
    return fresh_copy(corpus_template, tmp_path)


def names(db: Path) -> tuple[str, Volunteer, Volunteer, str]:
    """A leader's name, a volunteer on a slot today with a slot-mate, another volunteer
    not on their slot, and an address with a phone (names unique on the board)."""
    board = Board.open(db)
    counts: dict[str, int] = {}
    for v in board.volunteers():
        counts[v.name] = counts.get(v.name, 0) + 1
    leader = next(v for v in board.volunteers() if v.is_leader and counts[v.name] == 1)
    for s in board.slots(board.today):
        ids = {a.volunteer for a in board.assignments(s.id)}
        plain = [board.volunteer(i) for i in sorted(ids)]
        mine = [v for v in plain if v and not v.is_leader and counts[v.name] == 1]
        if len(ids) >= 2 and mine:
            me = mine[0]
            break
    mates = PhoneView(board, me).slot_mates()
    stranger = next(v for v in board.volunteers() if v.id not in mates and v.phone)
    house = next(h for h in board.households() if h.phone)
    return leader.name, me, stranger, house.address


def test_roster_json_and_text_without_as_hold_no_full_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leader, me, stranger, _ = names(db)
    code, out, _ = run(capsys, "roster", "--format", "json", "--db", str(db))
    assert code == 0 and not FULL.search(out)  # FAILED before: every number in full
    assert "****" in out
    code, out, _ = run(capsys, "roster", "--format", "json", "--db", str(db), "--as", leader)
    assert code == 0 and FULL.search(out)
    code, out, _ = run(capsys, "--as", me.name, "roster", "--format", "json", "--db", str(db))
    assert code == 0 and me.phone in out and stranger.phone not in out
    board = Board.open(db)
    mates = PhoneView(board, me).slot_mates()  # all on today's roster, as slot-mates are
    assert set(FULL.findall(out)) == {v.phone for v in board.volunteers() if v.id in mates}
    code, out, _ = run(capsys, "roster", "--db", str(db))
    assert code == 0 and not FULL.search(out)


def test_plan_json_without_as_holds_no_full_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leader, *_ = names(db)
    code, out, _ = run(capsys, "plan", "--format", "json", "--db", str(db))
    assert code == 0 and not FULL.search(out)  # FAILED before
    code, out, _ = run(capsys, "plan", "--format", "json", "--db", str(db), "--as", leader)
    assert code == 0 and FULL.search(out)


def test_household_json_and_text_without_as_hold_no_full_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leader, me, _, address = names(db)
    for fmt in ("json", "text"):
        code, out, _ = run(capsys, "household", address, "--format", fmt, "--db", str(db))
        assert code == 0 and not FULL.search(out), fmt  # FAILED before: the full number
        code, out, _ = run(capsys, "household", address, "--format", fmt, "--db", str(db),
                           "--as", leader)  # fmt: skip
        assert code == 0 and FULL.search(out), fmt
    code, out, _ = run(capsys, "household", address, "--format", "json", "--db", str(db),
                       "--as", me.name)  # fmt: skip
    assert code == 0
    page = json.loads(out)
    board = Board.open(db)
    h = next(x for x in board.households() if x.address == address)
    assert page["household"]["phone"] == PhoneView(board, me).household(h)


def test_volunteer_list_without_as_holds_no_full_number(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    leader, me, stranger, _ = names(db)
    for fmt in ("json", "text"):
        code, out, _ = run(capsys, "volunteer", "list", "--format", fmt, "--db", str(db))
        assert code == 0 and not FULL.search(out), fmt  # FAILED before: all in full
    code, out, _ = run(capsys, "volunteer", "list", "--format", "json", "--db", str(db),
                       "--as", me.name)  # fmt: skip
    assert me.phone in out and stranger.phone not in out
    code, out, _ = run(capsys, "volunteer", "list", "--db", str(db), "--as", leader)
    assert stranger.phone in out

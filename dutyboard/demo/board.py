"""A demo board that feels like Jingtai Jiayuan (景泰嘉苑), Beicai, Pudong, spring 2022.

``build_demo`` writes a complete board: the configured buildings with about 196
households (560 residents, 34 of them elderly people living alone), 128 volunteers
in the six groups, today's and tomorrow's roster (a few slots short-staffed), today's
group-buy batch with its deliveries and today's disinfection checklist, and ``days``
closed days of history in the archive file beside it.

Everything comes from one ``random.Random(seed)``: record ids, the board id, names,
phones, who is on duty. The change stamps come from a clock that stands at the start
of the demo day on device ``demo``. So the same arguments give byte-identical files.

The parts: community (buildings, flats, sealed days), people (households and
volunteers), rota (who is on duty), days (the records of each day); numbers and words
hold what they are made of.
"""

from __future__ import annotations

import random
from pathlib import Path

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.closed_days import CLOSED_DAYS
from dutyboard.core.config import Config, load_config
from dutyboard.core.newboard import IdFactory, board_meta
from dutyboard.demo.community import make_households, scaled_config, status_history
from dutyboard.demo.days import DemoDays
from dutyboard.demo.numbers import DEFAULT_HOUSEHOLDS, DEFAULT_VOLUNTEERS, DEMO_DEVICE
from dutyboard.demo.people import Phones, make_volunteers
from dutyboard.demo.rota import Rota
from dutyboard.demo.times import Times
from dutyboard.storage.archive_split import write_archive
from dutyboard.storage.board_bytes import (
    APP_NAME,
    FORMAT_VERSION,
    archive_dir,
    archive_meta_id,
    archive_path,
)
from dutyboard.storage.clock import Clock, SystemClock, operational_date
from dutyboard.storage.errors import SaveError, UsageError
from dutyboard.storage.store import BoardStore
from dutyboard.storage.tables import TABLES
from dutyboard.storage.transaction import Transaction

_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)


def _id_factory(rng: random.Random) -> IdFactory:
    """Record ids from the demo's random numbers: the same string as
    ``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, made faster."""

    def new_id() -> str:
        h = f"{(rng.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    return new_id


def build_demo(
    path: str | Path,
    *,
    households: int | None = None,
    volunteers: int = DEFAULT_VOLUNTEERS,
    days: int = 7,
    date: pendulum.Date | None = None,
    seed: int = 2022,
    config: Config | None = None,
    clock: Clock | None = None,
    device_id: str | None = None,
) -> Board:
    """Write a demo board at ``path`` (and its archive of ``days`` closed days beside it)
    and return it opened. Refuses to replace an existing file."""
    path = Path(path)
    config = config or load_config()
    n_households = DEFAULT_HOUSEHOLDS if households is None else households
    if n_households < 1:
        raise UsageError(f"households: need at least 1, got {n_households}")
    if volunteers < 2 * len(config.groups):
        raise UsageError(
            f"volunteers: need at least {2 * len(config.groups)} (two per group), got {volunteers}"
        )
    if days < 0:
        raise UsageError(f"days: need 0 or more, got {days}")
    clock = clock or SystemClock(config.timezone)
    if date is None:
        date = operational_date(clock.now().in_timezone(config.timezone), config.day_start_hour)
    apath = archive_path(path)
    for target in (path, apath, archive_dir(path)):
        if target.exists():
            raise SaveError(f"{target}: a file is already there; it was not touched.")

    rng = random.Random(seed)
    new_id = _id_factory(rng)
    config = scaled_config(config, n_households)
    phones = Phones(rng)
    homes, couple, upstairs = make_households(rng, config, n_households, phones)
    for h in homes:
        h.id = new_id()
    numbers = [b.number for b in config.buildings]
    history, unsealed, unsealed_at = status_history(rng, numbers, days)
    newcomer_homes = [h for h in homes if h.building in unsealed]
    joined = date.subtract(days=unsealed_at).isoformat() if unsealed else ""
    people = make_volunteers(
        rng, config, volunteers, homes, upstairs, couple, newcomer_homes, joined, phones
    )
    for p in people:
        p.id = new_id()
    demo = DemoDays(
        rng,
        config,
        date,
        new_id,
        Times(config.timezone),
        homes,
        people,
        Rota(rng, config, people),
        history,
        numbers,
    )

    board_id = new_id()
    meta = {"id": new_id(), "board_id": board_id, **board_meta(config, date)}
    start = pendulum.datetime(
        date.year, date.month, date.day, config.day_start_hour, tz=config.timezone
    )
    wall_ms = start.int_timestamp * 1000
    archive: BoardStore | None = None

    def build(tx: Transaction) -> None:
        nonlocal archive
        archive = BoardStore(apath, {}, clock=tx.store.clock)
        archive_tx = Transaction(archive)
        archive_meta = {
            "app": APP_NAME,
            "format_version": FORMAT_VERSION,
            "board_id": board_id,
            **board_meta(config, date),
            "kind": "archive",
        }
        new_id()  # drawn but unused: keeps every later draw (and so the demo) as before
        archive_tx.insert("meta", archive_meta, archive_meta_id(board_id))
        demo.live(tx, archive_tx)

    live = BoardStore.create(
        path, meta, device=DEMO_DEVICE, wall=lambda: wall_ms, build=build, closed_days=CLOSED_DAYS
    )
    assert archive is not None
    if days:
        try:  # the closed days, one part each (NAME.archive/DAY.json)
            write_archive(live, {name: archive.table(name) for name in TABLES})
        except BaseException:
            path.unlink(missing_ok=True)  # no half-made demo: a board without its history
            raise
    return Board.open(path, clock, device_id=device_id)

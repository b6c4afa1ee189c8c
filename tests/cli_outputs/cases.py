"""The cases ``capture.py`` runs: every command that prints JSON, in both languages,
the text of the main read commands, every export, and every command that writes (on
its own copy of the demo board) with a read command after it that shows the effect.

Names: ``COMMAND[.variant].LANG.EXT`` for a read command (``roster.zh.json``),
``export-KIND[.phones].LANG.EXT`` for an export (a CSV: the file ``--out`` wrote; its
stdout is ``...csv.stdout``, and ``export-KIND.stdout.LANG.csv`` is the CSV printed),
``help[-COMMAND].LANG.txt``, and ``w-CASE.NN-what.LANG.EXT`` for the steps of a case
that writes (cases_write.py). A step's stderr, when there is any, is ``NAME.stderr``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tests.cli_outputs.capture import Case, Step

LANGS = ("zh", "en")
EXPORT_KINDS = ("roster", "deliveries", "disinfection", "handover")
EXPORT_FORMATS = ("text", "csv", "json", "md")
EXT = {"text": "txt", "csv": "csv", "json": "json", "md": "md"}
ReadJson = Callable[..., object]


# ---------------------------------------------------------------- facts


def _unique(rows: list[dict[str, object]], pick: Callable[[dict[str, object]], bool]) -> str:
    """The first row ``pick`` accepts whose name no other volunteer has."""
    names = [str(r["name"]) for r in rows]
    for r in rows:
        if pick(r) and names.count(str(r["name"])) == 1:
            return str(r["name"])
    raise LookupError("no volunteer fits")


def discover(read: ReadJson) -> dict[str, str]:
    """What the cases name (a leader, a volunteer, a task, a household...), found in the
    demo board's JSON, picked deterministically (the first in the listed order)."""
    people = read("volunteer", "list")
    tasks = read("tasks", "--kind", "delivery", "--status", "open")
    today = read("tasks", "--kind", "delivery", "--date", "today")
    care, medicine = read("care"), read("medicine")
    buildings = read("building", "list")
    assert isinstance(people, list) and isinstance(tasks, list) and isinstance(today, list)
    assert isinstance(care, dict) and isinstance(medicine, list) and isinstance(buildings, dict)
    leader = _unique(people, lambda r: r["role"] == "leader")
    homes = read("coverage", "--as", leader)
    assert isinstance(homes, list)
    address = [str(t["title"].split()[0]) for t in tasks]  # a delivery's title: address, items
    register = {h["address"] for h in care["households"]}
    # Households with no delivery today: a released group buy's delivery tasks are
    # theirs alone (the tasks of one address are listed in the order of their codes).
    delivered = {t["title"].split()[0] for t in today}
    quiet = [str(h["household"]) for h in homes if h["household"] not in delivered]
    states = {b["building"]: b["state"] for b in buildings["buildings"]}
    return {
        "leader": leader,
        "volunteer": _unique(people, lambda r: r["role"] != "leader" and "delivery" in r["groups"]),
        "carrier": _unique(
            people, lambda r: r["role"] != "leader" and r["groups"] == ["delivery"] and r["home"]
        ),
        "task": tasks[0]["code"],
        "task2": tasks[1]["code"],
        "home": next(a for a in address if a not in register),  # not on the care register
        "care_home": care["households"][0]["address"],
        "need": care["needs"][0]["code"],
        "med": next(m["code"] for m in medicine if m["stage"] != "delivered"),
        "building": str(next(n for n, s in states.items() if s == "normal")),
        "sealed": str(next(n for n, s in states.items() if s == "sealed")),
        "positive": str(next(n for n, s in states.items() if s == "positive")),
        **{f"room{i}": a for i, a in enumerate(address[2:5], 1)},
        "order_homes": "|".join(quiet[:6]),
    }


# ---------------------------------------------------------------- read-only


def _read(name: str, *argv: str, fmt: str | None = "json", langs: tuple[str, ...] = LANGS) -> Case:
    """One read command in each language; ``fmt`` None: it has no --format (text)."""
    ext = "txt" if fmt in (None, "text") else "json"
    extra = () if fmt is None else ("--format", fmt)
    steps = tuple(Step(f"{name}.{lang}.{ext}", ("--lang", lang, *argv, *extra)) for lang in langs)
    return Case(f"{name}.{ext}", steps)


def read_cases() -> list[Case]:
    """The read commands on the demo board: JSON in both languages (it holds group and
    state names in the language), the main ones as text in both, a few variants."""
    both = [
        ("roster", ("roster",)),
        ("roster.tomorrow", ("roster", "--date", "tomorrow")),
        ("roster.leader", ("roster", "--as", "{leader}")),
        ("tasks", ("tasks",)),
        ("conflicts", ("conflicts",)),
        ("care", ("care",)),
        ("care.overdue", ("care", "--overdue")),
        ("medicine", ("medicine",)),
        ("testing", ("testing",)),
        ("household", ("household", "{care_home}")),
        ("household.leader", ("household", "{care_home}", "--as", "{leader}")),
        ("coverage", ("coverage", "--as", "{leader}")),
        ("plan", ("plan",)),
        ("fairshare", ("fairshare",)),
        ("offer-list", ("offer", "list")),
        ("batch-list", ("batch", "list")),
        ("parcel-list", ("parcel", "list")),
        ("building-list", ("building", "list")),
        ("building-history", ("building", "history", "{positive}")),
        ("overdue", ("overdue",)),
        ("volunteer-list", ("volunteer", "list")),
        ("log.yesterday", ("log", "--date", "yesterday", "--as", "{leader}")),
    ]
    cases = [_read(name, *argv) for name, argv in both]
    text = ["roster", "roster.tomorrow", "tasks", "care", "medicine", "testing"]
    text += ["household.leader", "coverage", "plan", "fairshare", "building-list"]
    text += ["building-history", "overdue", "volunteer-list", "log.yesterday"]
    cases += [_read(name, *dict(both)[name], fmt="text") for name in text]
    en, zh = ("en",), ("zh",)
    for kind in ("delivery", "disinfection", "care", "medicine", "testing", "parcel"):
        cases.append(_read(f"tasks.{kind}", "tasks", "--kind", kind, langs=en))
    cases += [
        _read("tasks.done", "tasks", "--status", "done", langs=en),
        _read("tasks.tomorrow", "tasks", "--date", "tomorrow", langs=en),
        _read("tasks.group", "tasks", "--group", "delivery", "--status", "open", langs=zh),
        _read("tasks.yesterday", "tasks", "--date", "yesterday", langs=en),
        _read("conflicts.all", "conflicts", "--all", langs=en),
        _read("care.off", "care", "--off", langs=en),
        _read("household.volunteer", "household", "{care_home}", "--as", "{volunteer}", langs=en),
        _read("coverage.elderly", "coverage", "--elderly", "--as", "{leader}", langs=zh),
        _read("coverage.anyone", "coverage", langs=en),  # refused: leaders only
        _read("plan.leader", "plan", "--as", "{leader}", langs=en),
        _read("offer-list.all", "offer", "list", "--all", langs=en),
        _read("batch-list.all", "batch", "list", "--all", langs=zh),
        _read("building", "building", langs=en),  # no ACTION: the list
        _read("volunteer-list.leader", "volunteer", "list", "--as", "{leader}", langs=en),
        _read("volunteer-list.delivery", "volunteer", "list", "--group", "delivery", langs=zh),
        _read("volunteer-list.off", "volunteer", "list", "--off", langs=en),
        _read("log", "log", "--as", "{leader}", langs=en),
        _read("log.volunteer", "log", "--date", "yesterday", "--as", "{volunteer}", langs=en),
        _read("check", "check", fmt=None),
        _read("merge.dry-run", "merge", "--dry-run", fmt=None, langs=en),
    ]
    return cases


def export_cases() -> list[Case]:
    """Every kind, format and language on stdout, and with full phones (a leader's
    --as); CSV also as the file --out writes (a BOM and CRLF, which stdout escapes)."""
    steps = []
    for kind in EXPORT_KINDS:
        for lang in LANGS:
            for fmt in EXPORT_FORMATS:
                base = ("--lang", lang, "export", kind, "--format", fmt)
                for phones in ("", ".phones"):
                    name = f"export-{kind}{phones}.{lang}.{EXT[fmt]}"
                    argv = (*base, "--show-phones", "--as", "{leader}") if phones else base
                    if fmt != "csv":
                        steps.append(Step(name, argv))
                        continue
                    out = "{dir}/" + name  # the file, saved as NAME; stdout as NAME.stdout
                    steps.append(Step(f"{name}.stdout", (*argv, "--out", out), files={name: out}))
                    if not phones:
                        steps.append(Step(f"export-{kind}.stdout.{lang}.csv", argv))
    opts = [
        ("export-roster.tomorrow.en.txt", ("--date", "tomorrow")),
        ("export-roster.group.zh.txt", ("--group", "delivery")),
        ("export-deliveries.group.en.md", ("--group", "delivery", "--format", "md")),
        ("export-handover.group.en.txt", ("--group", "disinfection")),
        ("export-deliveries.yesterday.zh.json", ("--date", "yesterday", "--format", "json")),
        ("export-deliveries.phones-refused.en.txt", ("--show-phones",)),
    ]
    for name, more in opts:
        kind, lang = name.split(".")[0].removeprefix("export-"), name.split(".")[-2]
        steps.append(Step(name, ("--lang", lang, "export", kind, *more)))
    return [Case("export", tuple(steps))]


def help_cases() -> list[Case]:
    """--help of the program in both languages and of every command (argparse's text:
    the parsers and their help strings)."""
    words = "demo init check import roster tasks merge conflicts restore dismiss done reopen"
    words += " care medicine testing household coverage plan swap export fairshare offer"
    words += " orders batch parcel building slot overdue volunteer log"
    steps = [Step(f"help.{lang}.txt", ("--lang", lang, "--help"), db="") for lang in LANGS]
    for w in words.split():
        steps.append(Step(f"help-{w}.en.txt", ("--lang", "en", w, "--help"), db=""))
    return [Case("help", tuple(steps))]


def all_cases(facts: Mapping[str, str]) -> list[Case]:
    """Every case: the ones that write first (the longest), then reads, exports, help."""
    from tests.cli_outputs.cases_write import write_cases

    return [*write_cases(facts), *read_cases(), *export_cases(), *help_cases()]

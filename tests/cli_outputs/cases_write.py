"""The cases that write: each runs on its own copy of the demo board, its steps in
order, with read commands between them that show the effect (``w-CASE.NN-what.LANG.EXT``).

A step is written ``"what LANG: ARGV"`` (ARGV split like a shell line, after ``python
-m dutyboard --db BOARD --lang LANG``); it is JSON if ARGV ends in ``--format json``.
``{leader}``, ``{volunteer}``, ``{task}``... are the facts ``cases.discover`` found,
``{db}`` is the case's board and ``{dir}`` its folder.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.cli_outputs.capture import Case, Step

FREE_ROOM = "1-1-301"  # no household lives there on the demo board
LATER = "2022-04-26T10:15:00+08:00"
J = "--format json"


def _t(hour_minute: str) -> str:
    return f"2022-04-26T{hour_minute}:00+08:00"


def S(line: str, **options: object) -> Step:
    """``"what LANG: ARGV"`` as a Step; ``options`` as Step's (now, stdin, grab...)."""
    head, _, rest = line.partition(":")
    what, lang = head.split()
    argv = shlex.split(rest)
    ext = "json" if argv[-2:] == ["--format", "json"] else "txt"
    return Step(f"{what}.{lang}.{ext}", ("--lang", lang, *argv), **options)  # type: ignore[arg-type]


def _case(name: str, *steps: str | Step, setup: Callable[[Path], None] | None = None) -> Case:
    made = []
    for i, s in enumerate(steps, 1):
        step = S(s) if isinstance(s, str) else s
        made.append(dataclasses.replace(step, name=f"w-{name}.{i:02d}-{step.name}"))
    return Case(f"w-{name}", tuple(made), fresh=True, setup=setup)


def _grab(key: str, field: str, n: int, inside: str = "") -> Callable[[str], Mapping[str, str]]:
    """``{key0}``, ``{key1}``...: ``field`` of the first ``n`` rows of the JSON list
    printed (or of the list under ``inside``)."""

    def grab(out: str) -> Mapping[str, str]:
        rows = json.loads(out)
        rows = rows[inside] if inside else rows
        return {f"{key}{i}": str(rows[i][field]) for i in range(min(n, len(rows)))}

    return grab


def task_cases() -> list[Case]:
    done = _case(
        "done",
        "done en: done {task} {task2} --as {volunteer}",
        f"tasks en: tasks --kind delivery --status done {J}",
        "again zh: done {task} --as {volunteer}",
        f"log en: log --as {{leader}} {J}",
        "reopen en: reopen {task} --as {volunteer}",
        f"tasks zh: tasks --kind delivery --status done {J}",
        "reopen-again zh: reopen {task} --as {volunteer}",
        "log zh: log --as {leader}",
        "unknown en: done X00000 --as {volunteer}",
        "tasks-text en: tasks --kind delivery --date today",
    )
    care = _case(
        "care",
        "log en: care log {care_home} --notes 一切正常 --as {volunteer}",
        "log-needs zh: care log {care_home} --notes 要买菜和药 --need food:青菜两斤"
        " --need medicine:胰岛素 --urgent --as {volunteer}",
        "log-missed en: care log {home} --not-reached --as {volunteer}",
        f"care en: care {J}",
        "every en: care every {care_home} 5 --as {leader}",
        "set zh: care set {care_home} --people '王秀英 82岁' --help-needed 洗澡需要人帮忙"
        " --as {leader}",
        "remove en: care remove {care_home} --reason 住院 --as {leader}",
        f"off en: care --off {J}",
        "off zh: care --off",
        "every-off zh: care every {care_home} 4 --as {leader}",
        "restore zh: care restore {care_home} --as {leader}",
        f"care zh: care {J}",
        f"tasks en: tasks --kind care {J}",
        f"tasks-medicine en: tasks --kind medicine {J}",
        f"household en: household {{care_home}} --as {{leader}} {J}",
        "need-done en: done {need} --as {volunteer}",
        f"log en: log --as {{leader}} {J}",
    )
    medicine = _case(
        "medicine",
        "request en: medicine request {home} 阿司匹林 --quantity 2盒 --prescription --urgent"
        " --as {volunteer}",
        "request zh: medicine request {care_home} 降压药 --as {volunteer}",
        "advance en: medicine advance {med} --as {volunteer}",
        "advance-to zh: medicine advance {med} --to delivered --as {volunteer}",
        "advance-done en: medicine advance {med} --as {volunteer}",
        f"medicine en: medicine {J}",
        "medicine zh: medicine",
        f"tasks en: tasks --kind medicine {J}",
        f"log en: log --as {{leader}} {J}",
    )
    testing = _case(
        "testing",
        "call-none en: testing call 1 --as {volunteer}",
        "start en: testing start --as {leader}",
        f"testing en: testing {J}",
        S("call en: testing call 1 --as {volunteer}", now=_t("09:40")),
        S("done zh: testing done 1 --as {volunteer}", now=_t("10:05")),
        S("testing zh: testing", now=_t("10:06")),
        S("end en: testing end --as {leader}", now=_t("10:10")),
        S("end-force en: testing end --force --as {leader}", now=_t("11:40")),
        S(f"testing en: testing {J}", now=_t("11:41")),
        S(f"tasks en: tasks --kind testing --date today {J}", now=_t("11:41")),
    )
    return [done, care, medicine, testing]


def _import_files(folder: Path) -> None:
    (folder / "volunteers.csv").write_text(
        "序号,姓名,手机号,楼栋,房号,党员,小组,时间,角色,备注\n"
        "1,李薇,138 1234 5678,5,2-301,是,物资组;快递组,07:00-11:00,组长,\n"
        "2,Anna Schmidt,0086-139-8765-4321,3,2-101,否,关爱组,全天,,会说德语\n"
        "3,张敏,15012345678,12,1-401,,消杀组,15:00-19:00,志愿者,\n",
        encoding="utf-8-sig",
    )
    room = FREE_ROOM.split("-")[2]
    (folder / "households.csv").write_text(
        "楼栋,单元,房号,人数,独居老人,联系电话,备注\n"
        f"1号楼,1,{room},1,是,021-58123456,独居，每周二取药\n"
        "5号楼,2,301,2,是,138 1234 5678,老伴中风半身不遂\n",
        encoding="utf-8",
    )


def people_cases() -> list[Case]:
    household = _case(
        "household",
        f"add en: household add {FREE_ROOM} --residents 3 --phone 13800001111 --note 新搬来"
        " --as {leader}",
        f"page en: household {FREE_ROOM} --as {{leader}} {J}",
        "add-again zh: household add --building 1 --unit 1 --room 301 --as {leader}",
        "edit zh: household edit {home} --residents 4 --phone 021-58123456 --note 放门口"
        " --elderly-alone --as {leader}",
        f"page zh: household {{home}} --as {{leader}} {J}",
        "page-text en: household {home} --as {leader}",
        f"care en: care {J}",
        "edit-back en: household edit {home} --not-elderly-alone --as {leader}",
        "by-volunteer en: household edit {home} --residents 2 --as {volunteer}",
        f"log en: log --as {{leader}} {J}",
    )
    volunteer = _case(
        "volunteer",
        "add zh: volunteer add 测试员 --phone 13800138000 --groups delivery,care --building 5"
        " --room 2-301 --availability 周末 --as {leader}",
        "add en: volunteer add 'Anna Schmidt' --phone '139 8765 4321' --groups 关爱组"
        " --role leader --as {leader}",
        "edit en: volunteer edit 测试员 --availability 'weekdays 18:00-21:00' --note 会开车"
        " --as {leader}",
        "edit-own zh: volunteer edit {volunteer} --availability 晚上 --as {volunteer}",
        "off en: volunteer off {carrier} --reason 生病 --until tomorrow --as {leader}",
        f"list-off en: volunteer list --off --as {{leader}} {J}",
        f"roster en: roster {J}",
        "on zh: volunteer on {carrier} --as {leader}",
        f"list en: volunteer list --as {{leader}} {J}",
        "list zh: volunteer list --group care",
        f"log en: log --as {{leader}} {J}",
    )
    imports = _case(
        "import",
        "volunteers-dry en: import volunteers {dir}/volunteers.csv --dry-run --as {leader}",
        "volunteers zh: import volunteers {dir}/volunteers.csv --as {leader}",
        "volunteers-again en: import volunteers {dir}/volunteers.csv --as {leader}",
        f"list en: volunteer list --as {{leader}} {J}",
        "households-dry zh: import households {dir}/households.csv --dry-run",
        "households en: import households {dir}/households.csv",
        f"page en: household {FREE_ROOM} {J}",
        f"care en: care {J}",
        f"log en: log --as {{leader}} {J}",
        setup=_import_files,
    )
    return [household, volunteer, imports]


def day_cases() -> list[Case]:
    plan = _case(
        "plan",
        f"copy-planned en: plan copy --as {{leader}} {J}",
        f"copy en: plan copy --replace --as {{leader}} {J}",
        "show zh: plan",
        "rotation-none en: plan rotation --as {leader}",
        "rotation zh: plan rotation alternate --replace --as {leader}",
        f"show en: plan --as {{leader}} {J}",
        "copy-group en: plan copy --group delivery --replace --as {leader}",
        f"roster en: roster --date tomorrow {J}",
        "copy-volunteer en: plan copy --as {volunteer}",
        f"log en: log --as {{leader}} {J}",
    )
    swap = _case(
        "swap",
        S("ask-no en: swap --as {leader}", stdin="n\n"),
        "volunteer en: swap --yes --as {volunteer}",
        "swap en: swap --yes --as {leader}",
        "again zh: swap --yes --as {leader}",
        f"roster en: roster {J}",
        f"tasks en: tasks --date today {J}",
        f"tasks-yesterday zh: tasks --date yesterday --kind care {J}",
        f"fairshare en: fairshare {J}",
        f"log en: log --as {{leader}} {J}",
        f"log-yesterday en: log --date yesterday --as {{leader}} {J}",
        "undo en: swap --undo --as {leader}",
        f"roster-after-undo en: roster {J}",
        S("ask-yes zh: swap --as {leader}", stdin="y\n"),
        "to en: swap --to 2022-04-27 --yes --as {leader}",
    )
    slot = _case(
        "slot",
        "add en: slot add delivery --start 15:30 --end 17:00 --needed 2 --as {leader}",
        f"roster en: roster {J}",
        "edit zh: slot edit delivery:extra-1530 --needed 3 --name 加班 --as {leader}",
        "add-night zh: slot add 快递组 --start 22:30 --end 06:00 --needed 1 --date tomorrow"
        " --as {leader}",
        f"plan en: plan {J}",
        "remove en: slot remove delivery:extra-1530 --as {leader}",
        "remove-again en: slot remove delivery:extra-1530 --as {leader}",
        f"roster zh: roster {J}",
        "by-volunteer en: slot add delivery --start 15:30 --end 17:00 --needed 2 --as {volunteer}",
        f"log en: log --as {{leader}} {J}",
    )
    building = _case(
        "building",
        "set en: building set {building} positive --case-date yesterday"
        " --note 'one case in unit 2' --as {leader}",
        f"list en: building list {J}",
        f"history en: building history {{building}} {J}",
        "history zh: building history {building}",
        "lift-early en: building set {building} normal --as {leader}",
        "lift zh: building set {sealed} 正常 --reason 区里通知解封 --as {leader}",
        "seal en: building set {positive} sealed --as {leader}",
        "list zh: building list",
        f"tasks en: tasks --kind disinfection --status open {J}",
        f"testing en: testing {J}",
        f"log en: log --as {{leader}} {J}",
    )
    return [plan, swap, slot, building]


def _post(facts: Mapping[str, str], title: str) -> str:
    homes = facts["order_homes"].split("|")
    lines = ["#接龙", f"{title} 39元一份 明天下午到", "例 5-2-302 王姐 2份", ""]
    lines += [f"{i}. 邻居{i} {h} {1 + i % 2}份" for i, h in enumerate(homes, 1)]
    lines += [f"{len(homes) + 1}. 路人 99-1-101 1份"]
    return "\n".join(lines) + "\n"


def supplies_cases(facts: Mapping[str, str]) -> list[Case]:
    def files(folder: Path) -> None:
        (folder / "post.txt").write_text(_post(facts, "蔬菜包"), encoding="utf-8")

    vol, lead, post = "--as {volunteer}", "--as {leader}", "{dir}/post.txt --batch 蔬菜包"
    offer = [
        "add en: offer add 蔬菜包 --supplier 江桥批发 --leader 王姐 --leader-address {home}"
        " --leader-phone 13800001111 --item 青菜套餐/份/39 --minimum 3 --cutoff 18:00"
        f" --paper licence {vol}",
        f"list en: offer list {J}",
        f"show zh: offer show 蔬菜包 {J}",
        "show en: offer show 蔬菜包",
        f"approve-early en: offer approve 蔬菜包 {lead}",
        f"paper zh: offer paper 蔬菜包 food_permit {vol}",
        f"paper-name en: offer paper 蔬菜包 通行证 {vol}",
        f"paper-date en: offer paper 蔬菜包 crew_test --date yesterday {vol}",
        f"paper-remove en: offer paper 蔬菜包 licence --remove {vol}",
        f"paper en: offer paper 蔬菜包 licence {vol}",
        f"approve-volunteer en: offer approve 蔬菜包 {vol}",
        f"approve zh: offer approve 蔬菜包 {lead}",
        f"orders-dry en: orders import {post} --dry-run {vol} {J}",
        f"orders zh: orders import {post} {vol}",
        f"orders-again en: orders import {post} {vol} {J}",
        f"batch-list en: batch list {J}",
        "batch-show zh: batch show 蔬菜包",
        f"arrive en: batch arrive 蔬菜包 {vol}",
        S(f"count en: batch count 蔬菜包 --received 8 {vol}", now=_t("09:40")),
        S(f"spray zh: batch spray 蔬菜包 {vol}", now=_t("09:40")),
        S(f"release-early en: batch release 蔬菜包 {lead}", now=_t("09:50")),
        S(f"batch-list en: batch list {J}", now=_t("09:50")),
    ]
    later = [
        f"release en: batch release 蔬菜包 {lead}",
        "export-batch zh: export batch 蔬菜包",
        "export-batch en: export batch 蔬菜包",
        "export-batch-building en: export batch 蔬菜包 --building 1",
        "export-batch-csv en: export batch 蔬菜包 --format csv",
        f"assign en: batch assign 蔬菜包 --building 1 --to {{carrier}} {lead}",
        f"batch-list-all en: batch list --all {J}",
        "batch-show en: batch show 蔬菜包",
        f"tasks en: tasks --kind delivery --status open {J}",
        "export-deliveries en: export deliveries",
        f"add-eggs zh: offer add 鸡蛋 --item 鸡蛋/箱/60 {vol}",
        f"reject en: offer reject 鸡蛋 --reason 没有执照 {lead}",
        f"add-milk en: offer add 牛奶 {vol}",
        f"cancel zh: offer cancel 牛奶 --reason 不够起订量 {lead}",
        f"list-all en: offer list --all {J}",
        "list-all zh: offer list --all",
        f"log en: log --as {{leader}} {J}",
    ]
    eggs = _post(facts, "团购鸡蛋")
    stdin = S(f"orders-stdin en: orders import - --batch 团购鸡蛋 {vol} {J}", stdin=eggs, now=LATER)
    steps = [*offer, *(S(x, now=LATER) for x in later), stdin]
    return [_case("supplies", *steps, setup=files)]


def parcel_cases() -> list[Case]:
    vol = "--as {volunteer}"
    parcel = _case(
        "parcel",
        f"add en: parcel add {{room1}} {{room2}} {{room3}} --courier SF --count 2 {vol}",
        S(f"add-stdin zh: parcel add - --courier 京东 {vol}", stdin="{home}\n99-1-101\n\n"),
        S(f"list en: parcel list {J}", grab=_grab("p", "code", 2, "parcels")),
        "list zh: parcel list",
        f"done en: parcel done {{p0}} {vol}",
        f"picked-up zh: parcel done {{p1}} --picked-up {vol}",
        "list en: parcel list",
        f"tasks en: tasks --kind parcel {J}",
        f"overdue en: overdue {J}",
        f"log en: log --as {{leader}} {J}",
    )
    return [parcel]


def _two_laptops(folder: Path) -> None:
    """Laptop B's copy of the board (B edits it with its own device id)."""
    shutil.copytree(folder / "board", folder / "b")


def merge_cases() -> list[Case]:
    b = "{dir}/b/board.json"
    # The same moment on both laptops: the tasks' conflicts are one field (done_by)
    # each. (A conflict of several fields lists them in the order of their conflict
    # ids, hashes of the wall-clock stamp: not the same from one run to the next.)
    on_b = {"home": "homeb", "db": b, "now": _t("09:35"), "tick": False}
    on_a = {"now": _t("09:35"), "tick": False}
    merge = _case(
        "merge",
        "nothing en: merge --as {leader}",
        S("b-done en: done {task} {task2} --as {volunteer}", **on_b),
        S("b-care en: care every {care_home} 6 --as {leader}", **on_b),
        S("a-done en: done {task} {task2} --as {leader}", **on_a),
        "a-care en: care every {care_home} 2 --as {leader}",
        f"dry-run en: merge {b} --dry-run",
        f"volunteer en: merge {b} --as {{volunteer}}",
        f"merge en: merge {b} --as {{leader}}",
        S(f"conflicts en: conflicts {J}", grab=_grab("c", "id", 3)),
        "conflicts zh: conflicts",
        "restore en: restore {c0} --as {leader}",
        "dismiss en: dismiss {c1} --as {leader}",
        "dismiss-volunteer en: dismiss {c2} --as {volunteer}",
        f"conflicts-all en: conflicts --all {J}",
        f"tasks en: tasks --kind delivery --status done {J}",
        f"care en: care {J}",
        f"log en: log --as {{leader}} {J}",
        setup=_two_laptops,
    )
    return [merge]


def _demo_folder(folder: Path) -> None:
    (folder / "d").mkdir(mode=0o700)


def _broken(folder: Path) -> None:
    (folder / "broken.json").write_text('{"app": "dutyboard", "format_version": ', "utf-8")


def file_cases() -> list[Case]:
    new, broken = {"db": "{dir}/new.json"}, {"db": "{dir}/broken.json"}
    init = _case(
        "init",
        S("init en: init", **new),
        S("init-again zh: init", **new),
        S("check en: check", **new),
        S(f"volunteers en: volunteer list {J}", **new),
        S(f"building en: building list {J}", **new),
        S(f"care en: care {J}", **new),
        S(f"offers en: offer list {J}", **new),
    )
    check = _case(
        "check",
        "check en: check",
        S("broken en: check", **broken),
        S(f"broken zh: roster {J}", **broken),
        S(f"missing en: tasks {J}", db="{dir}/missing.json"),
        setup=_broken,
    )
    small = "--households 24 --volunteers 14 --days 1 --date 2022-04-26 --seed 7"
    made = {"w-demo.board.json": "{dir}/d/board.json"}
    made["w-demo.archive.json"] = "{dir}/d/board.archive/2022-04-25.json"  # its one part
    demo = _case(
        "demo",
        S(f"demo en: demo {{dir}}/d/board.json {small}", db="", files=made),
        S("demo-again zh: demo {dir}/d/board.json", db=""),
        setup=_demo_folder,
    )
    return [init, check, demo]


def write_cases(facts: Mapping[str, str]) -> list[Case]:
    """Every case that writes, the longest first."""
    cases = [*supplies_cases(facts), *task_cases(), *people_cases(), *day_cases()]
    return [*cases, *parcel_cases(), *merge_cases(), *file_cases()]

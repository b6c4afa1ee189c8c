"""Strings of buildings (issue 13; see dutyboard/i18n.py): the status a leader sets
(dutyboard/groups/building_status.py), the Buildings tab (9) and ``dutyboard building``.
Each pair has the same {fields} in both languages."""

STRINGS: dict[str, tuple[str, str | dict[str, str]]] = {
    "building.controlled": ("管控", "controlled"),
    "tab.buildings": ("楼栋", "Buildings"),
    "undo.action.building_status": ("楼栋状态", "the building status"),
    "sync.table.building_events": ("楼栋状态记录", "building status history"),
    # refusals (building_status.py)
    "refused.building_unknown": (
        "没有“{text}”这栋楼；本小区的楼栋：{numbers}。",
        "there is no building '{text}'; the buildings are: {numbers}.",
    ),
    "refused.building_state": (
        "“{text}”不是楼栋状态；可以用：{states}。",
        "'{text}' is not a building status; use one of: {states}.",
    ),
    "refused.building_case_date": (
        "病例日期“{text}”看不懂；请写成 YYYY-MM-DD（例如 {today}），或 today、yesterday。",
        "case date '{text}' cannot be read; write YYYY-MM-DD (like {today}), today or yesterday.",
    ),
    "refused.building_case_future": (
        "病例日期 {date} 还没到（今天是 {today}）。",
        "the case date {date} is after today ({today}).",
    ),
    # a case date with controlled or normal
    "refused.building_case_state.controlled": (
        "病例日期只和封控或涉阳一起填，管控不用填。",
        "a case date goes with sealed or positive only, not with controlled.",
    ),
    "refused.building_case_state.normal": (
        "病例日期只和封控或涉阳一起填，正常不用填。",
        "a case date goes with sealed or positive only, not with normal.",
    ),
    # the building has that status already (and no new case is given)
    "refused.building_same.sealed": (
        "{n}号楼已经是封控；没有改动。",
        "building {n} is sealed already; nothing was changed.",
    ),
    "refused.building_same.positive": (
        "{n}号楼已经是涉阳；有新病例请写上病例日期。没有改动。",
        "building {n} is positive already; for a new case give its date. Nothing was changed.",
    ),
    "refused.building_same.controlled": (
        "{n}号楼已经是管控；没有改动。",
        "building {n} is controlled already; nothing was changed.",
    ),
    "refused.building_same.normal": (
        "{n}号楼已经是正常；没有改动。",
        "building {n} is normal already; nothing was changed.",
    ),
    # lifting before the earliest day without a reason
    "refused.building_early.controlled": (
        "{n}号楼最早 {date} 才能转为管控（还差 {days} 天）；要提前，请写明原因。",
        "building {n} may be controlled from {date} ({days} days from now); to lift it "
        "earlier, give a reason.",
    ),
    "refused.building_early.normal": (
        "{n}号楼最早 {date} 才能恢复正常（还差 {days} 天）；要提前，请写明原因。",
        "building {n} may be normal from {date} ({days} days from now); to lift it "
        "earlier, give a reason.",
    ),
    "refused.building_text_long.note": (
        "备注太长了（最多 {n} 个字）。",
        "the note is too long (at most {n} characters).",
    ),
    "refused.building_text_long.reason": (
        "原因太长了（最多 {n} 个字）。",
        "the reason is too long (at most {n} characters).",
    ),
    # the rows (views/buildings.py)
    "buildings.sep": (" · ", " · "),
    "buildings.since": ("{date}起", "since {date}"),
    "buildings.case": ("病例 {date}", "case {date}"),
    "buildings.lift_in": (
        "还剩 {n} 天 · {date}起可转{to}",
        {"one": "{n} day · {to} from {date}", "other": "{n} days · {to} from {date}"},
    ),
    "buildings.lift_now": ("已可转{to}（{date}起）", "may be {to} now (from {date})"),
    "buildings.lift_unknown": ("何时可转{to}：不详", "{to} from: not known"),
    "buildings.work": ("{kind} {n}", "{kind} {n}"),
    "buildings.no_work": ("今天没有待办", "nothing open today"),
    "buildings.kind.delivery": ("配送", "deliveries"),
    "buildings.kind.parcel": ("快递", "parcels"),
    "buildings.kind.disinfection": ("消杀", "disinfection"),
    "buildings.kind.testing": ("核酸", "testing"),
    "buildings.kind.care": ("关爱", "care"),
    "buildings.kind.medicine": ("配药", "medicine"),
    "buildings.kind_short.delivery": ("配送", "deliv."),
    "buildings.kind_short.parcel": ("快递", "parcels"),
    "buildings.kind_short.disinfection": ("消杀", "disinf."),
    # dutyboard building (building_cli.py)
    "buildings.cli.title": ("楼栋状态 · {date}", "Building status · {date}"),
    "buildings.cli.counts": (
        "涉阳 {positive} · 封控 {sealed} · 管控 {controlled} · 正常 {normal}",
        "positive {positive} · sealed {sealed} · controlled {controlled} · normal {normal}",
    ),
    "buildings.cli.col.building": ("楼栋", "building"),
    "buildings.cli.col.state": ("状态", "status"),
    "buildings.cli.col.since": ("开始", "since"),
    "buildings.cli.col.case": ("病例", "case"),
    "buildings.cli.col.earliest": ("最早解除", "earliest lift"),
    "buildings.cli.col.left": ("还剩", "days left"),
    "buildings.cli.col.work": ("今天待办", "open today"),
    "buildings.cli.days": ("{n} 天", "{n}"),
    "buildings.cli.set": ("{n}号楼：{before} → {after}", "Building {n}: {before} → {after}"),
    "buildings.cli.case_noted": ("病例日期 {date}", "case date {date}"),
    "buildings.cli.rounds": (
        "今天加了 {n} 轮消杀（涉阳楼栋）",
        "{n} extra disinfection rounds added today (positive building)",
    ),
    "buildings.cli.rerouted": (
        "本轮核酸：这栋楼改为上门采样，排在最后",
        "this testing round: the building goes door to door, last",
    ),
    "buildings.cli.early": ("提前解除，原因：{reason}", "lifted early, reason: {reason}"),
    "buildings.cli.history": ("{n}号楼的状态记录", "Status history of building {n}"),
    "buildings.cli.no_history": (
        "还没有记录（状态从没在这里改过）。",
        "no changes kept yet (the status was never set here).",
    ),
    "buildings.history.change": ("{before} → {after}", "{before} → {after}"),
    "buildings.history.by": ("经手：{name}", "by {name}"),
    "buildings.history.note": ("备注：{text}", "note: {text}"),
    "buildings.history.reason": ("提前解除的原因：{text}", "reason for lifting early: {text}"),
    "buildings.history.reason_plain": ("原因：{text}", "reason: {text}"),
    # the Buildings tab (tui/buildings.py, tui/building_dialogs.py)
    "buildings.title": ("楼栋状态 · {date}", "Building status · {date}"),
    "buildings.key.set": ("设置状态", "Set status"),
    "buildings.key.history": ("状态记录", "History"),
    "buildings.key.back": ("取消", "Cancel"),
    "buildings.grid.unknown_since": ("开始日期不详", "since: not known"),
    "buildings.dlg.title": ("{n}号楼的状态", "Status of building {n}"),
    "buildings.dlg.now": ("现在：{state}", "Now: {state}"),
    "buildings.dlg.current": ("{state}（现在）", "{state} (now)"),
    "buildings.dlg.case": ("病例日期", "Case date"),
    "buildings.dlg.case_hint": (
        "YYYY-MM-DD；涉阳不填即为今天",
        "YYYY-MM-DD; positive without one: today",
    ),
    "buildings.dlg.note": ("备注", "Note"),
    "buildings.dlg.reason": (
        "提前解除的原因（最早 {date}）",
        "Reason for lifting early (earliest {date})",
    ),
    "buildings.dlg.reason_hint": ("例如：街道通知提前解封", "e.g. the town lifted it early"),
    "buildings.dlg.save": ("保存", "Save"),
    "buildings.dlg.back": ("返回", "Back"),
    "buildings.dlg.close": ("关闭", "Close"),
    "buildings.dlg.need_reason": (
        "{date} 之前改为“{state}”要写明原因。",
        "Before {date}, {state} needs a reason.",
    ),
    "buildings.done": ("{n}号楼：{before} → {after}", "Building {n}: {before} → {after}"),
    "buildings.done.rounds": ("，加了 {n} 轮消杀", "; {n} disinfection rounds added"),
    "buildings.history.title": ("{n}号楼的状态记录", "Status history of building {n}"),
}

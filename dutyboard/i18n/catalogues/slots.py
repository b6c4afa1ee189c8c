"""Strings of slots, late arrivals and overdue work (issue 13, parts 3 and 4; see
dutyboard/i18n.py). Each pair has the same {fields} in both languages."""

STRINGS: dict[str, tuple[str, str]] = {
    # slots.py: what a leader may not do, in one sentence each
    "slots.refused.time": (
        "“{value}”不是时间；请写成 HH:MM，例如 15:30。",
        "'{value}' is not a time; write HH:MM, like 15:30.",
    ),
    "slots.refused.same_time": (
        "开始和结束都是 {start}；班次要有时长。",
        "the slot starts and ends at {start}; give it a length.",
    ),
    "slots.refused.ends_before": (
        "班次结束（{end}）早于开始（{start}）。只有 {night} 以后开始的夜班可以到次日早上结束。",
        "the slot ends ({end}) before it starts ({start}); only a night slot starting at "
        "{night} or later may end the next morning.",
    ),
    "slots.refused.night_too_long": (
        "夜班 {start}–{end}：次日最晚 {until} 结束。",
        "night slot {start}–{end}: it must end by {until} the next morning.",
    ),
    "slots.refused.needed": (
        "人数“{value}”不对：请写 1 到 {most} 之间的整数。",
        "'{value}' people: give a whole number from 1 to {most}.",
    ),
    "slots.refused.name_long": (
        "班次名称太长（最多 {most} 个字）。",
        "the slot's name is too long (at most {most} characters).",
    ),
    "slots.refused.name_empty": ("班次名称不能为空。", "a slot needs a name."),
    "slots.refused.day": (
        "只能加开或修改今天（{today}）或明天（{tomorrow}）的班次，不能是“{value}”。",
        "slots can be added or changed for today ({today}) or tomorrow ({tomorrow}) only, "
        "not '{value}'.",
    ),
    "slots.refused.group": (
        "没有“{value}”这个组；可选：{groups}。",
        "no group '{value}'; groups: {groups}.",
    ),
    "slots.refused.unknown": (
        "今天和明天都没有班次“{ref}”（请用班次编号，或 组:班次，例如 delivery:morning）。",
        "no slot '{ref}' today or tomorrow (use its id, or GROUP:KEY like delivery:morning).",
    ),
    "slots.refused.past": (
        "这个班次在 {date}，不是今天或明天，不能修改。",
        "that slot is on {date}, not today or tomorrow; it cannot be changed.",
    ),
    "slots.refused.not_empty": (
        "这个班次里还有 {n} 人：{names}。先把他们调走，再删除班次。",
        "{n} people are still in that slot: {names}. Move them elsewhere first, then remove it.",
    ),
    "slots.refused.undo_not_empty": (
        "加开的班次里已经排了 {n} 人：{names}。先把他们调走，才能撤销。",
        "{n} people have been put in the added slot since: {names}. Move them first, then undo.",
    ),
    "slots.extra_name": ("加开 {start}", "Extra {start}"),
    "undo.action.slot_add": ("加开的班次", "the added slot"),
    "undo.action.slot_edit": ("班次的修改", "the slot change"),
    "undo.action.slot_remove": ("删除班次", "removing the slot"),
    # the Today tab and the header
    "today.late": ("未到岗", "late"),
    "header.late": ("{n} 人未到岗", "{n} late"),
    "header.overdue": ("{n} 项超期", "{n} overdue"),
    "key.next_late": ("未到岗", "Late"),
    "key.overdue": ("超期", "Overdue"),
    "key.add_slot": ("加班次", "Add slot"),
    "key.edit_slot": ("改班次", "Edit slot"),
    "key.remove_slot": ("删班次", "Remove slot"),
    "late.none": ("现在没有人未到岗。", "Nobody is late right now."),
    # the slot dialog (tui/slot_dialog.py)
    "slots.dialog.add_title": ("加开班次", "Add a slot"),
    "slots.dialog.edit_title": ("修改班次：{slot}", "Change a slot: {slot}"),
    "slots.dialog.group": ("组", "Group"),
    "slots.dialog.day": ("日期", "Day"),
    "slots.dialog.today": ("今天 {date}", "Today, {date}"),
    "slots.dialog.tomorrow": ("明天 {date}", "Tomorrow, {date}"),
    "slots.dialog.start": ("开始（HH:MM）", "Start (HH:MM)"),
    "slots.dialog.end": ("结束（HH:MM）", "End (HH:MM)"),
    "slots.dialog.needed": ("需要几人", "People needed"),
    "slots.dialog.name": ("名称（可不填）", "Name (optional)"),
    "slots.dialog.ok": ("确定", "Save"),
    "slots.dialog.hint": (
        "Tab 换下一栏，回车确定，Esc 取消。18:00 以后开始的夜班可以到次日早上结束。",
        "Tab: next field. Enter: save. Esc: cancel. A night slot starting at 18:00 or "
        "later may end the next morning.",
    ),
    "slots.added": ("已加开：{slot}（按 u 撤销）", "Added: {slot} (u to undo)"),
    "slots.edited": ("已修改：{slot}", "Changed: {slot}"),
    "slots.removed": ("已删除：{slot}（按 u 撤销）", "Removed: {slot} (u to undo)"),
    # overdue work (views/overdue.py, tui/overdue_screen.py, dutyboard overdue)
    "overdue.kind.disinfection": ("消杀", "Disinfection"),
    "overdue.kind.medicine": ("配药", "Medicine"),
    "overdue.kind.care": ("回访", "Care call"),
    "overdue.kind.parcel": ("快递", "Parcel"),
    "overdue.since": ("{when} 起", "since {when}"),
    "overdue.never": ("从未回访", "never called"),
    "overdue.title": ("超期事项（{n} 项）", "Overdue ({n})"),
    "overdue.none": ("没有超期事项。", "Nothing is overdue."),
    "overdue.hint": (
        "↑↓ 选择，回车跳过去，Esc 关闭",
        "↑↓ choose, Enter to go there, Esc to close",
    ),
    "overdue.cli.count": ("共 {n} 项超期。", "{n} overdue."),
    "overdue.col.kind": ("类别", "Kind"),
    "overdue.col.what": ("事项", "What"),
    "overdue.col.since": ("超期", "Overdue"),
    # dutyboard slot
    "slots.cli.added": (
        "已加开班次 {ref}：{slot}，需 {needed} 人（{date}）",
        "added slot {ref}: {slot}, {needed} needed ({date})",
    ),
    "slots.cli.edited": (
        "已修改班次 {ref}：{slot}，需 {needed} 人（{date}）",
        "changed slot {ref}: {slot}, {needed} needed ({date})",
    ),
    "slots.cli.unchanged": (
        "没有改动：班次 {ref} 本来就是这样。",
        "nothing changed: slot {ref} is already so.",
    ),
    "slots.cli.removed": (
        "已删除班次 {ref}：{slot}（{date}）",
        "removed slot {ref}: {slot} ({date})",
    ),
    "slots.cli.edit_nothing": (
        "请至少给出 --start、--end、--needed、--name 中的一项。",
        "give at least one of --start, --end, --needed, --name.",
    ),
}

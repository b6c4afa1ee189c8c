"""Who may do what (dutyboard/core/roles.py), the log (``dutyboard log``, dutyboard/cli/log.py)
and the leaders' log in the app (dutyboard/tui/audit_screen.py)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str | dict[str, str]]] = {
    # Refusals: ``what`` is one of the roles.what.* texts, in the same language.
    "roles.need_as": (
        "{what}只限组长：请加上 --as <组长的姓名>。",
        "{what} is for shift leaders: add --as <a leader's name>.",
    ),
    "roles.not_leader": (
        "{name} 不是组长；{what}只限组长：请用 --as <组长的姓名>。",
        "{name} is not a shift leader; {what} is for shift leaders: use --as <a leader's name>.",
    ),
    "roles.what.coverage": ("覆盖表", "the coverage grid"),
    "roles.what.merge": ("合并副本", "merging copies"),
    "roles.what.import_roles": (
        "用表格改角色（{names} 将成为组长）",
        "changing roles by import ({names} would become leaders)",
    ),
    "roles.what.show_phones": ("导出完整手机号", "exporting full phone numbers"),
    "roles.what.plan": ("安排明天的值班", "planning tomorrow's roster"),
    "roles.what.swap": ("切换到明日", "the day swap"),
    "roles.what.log_all": ("查看别人的操作记录", "the log of other people's changes"),
    "roles.log_need_as": (
        "操作记录：请用 --as 说明你是谁（组长看全部，志愿者看自己的）。",
        "the log: say who you are with --as (leaders see everyone's changes, "
        "volunteers their own).",
    ),
    # Care notes (call notes) shown to someone outside the care group who is no leader.
    "roles.hidden": ("（仅关爱组和组长可见）", "(for the care group and leaders)"),
    # dutyboard log
    "roles.log.title": (
        "{date} 的操作记录：{n} 条",
        {"one": "Log of {date}: {n} change", "other": "Log of {date}: {n} changes"},
    ),
    "roles.log.title_who": (
        "{date} {name} 的操作记录：{n} 条",
        {"one": "Log of {date}, {name}: {n} change", "other": "Log of {date}, {name}: {n} changes"},
    ),
    "roles.log.no_one": ("（未署名）", "(no one named)"),
    "roles.log.laptop": ("电脑 {device}", "laptop {device}"),
    "roles.log.this_laptop": ("电脑 {device}，本机", "laptop {device}, this laptop"),
    "roles.log.archive_unreadable": (
        "往日的记录在存档里，存档读不了：{why}",
        "earlier days' entries are in the archive, which could not be read: {why}",
    ),
    # The log's names of actions the undo messages never name (the others: undo.action.*
    # in their parts' catalogues).
    "undo.action.import": ("表格导入", "import"),
    "undo.action.merge": ("合并副本", "merge"),
    "undo.action.undo": ("撤销", "undo"),
    "undo.action.restore": ("恢复冲突中丢失的版本", "conflict: the lost version restored"),
    # The command line's help
    "cli_help.cmd.log": (
        "操作记录：谁在什么时间、哪台电脑上改了什么（组长看全部，志愿者看自己的）",
        "the log: who changed what, when, on which laptop (leaders see everyone's, "
        "volunteers their own)",
    ),
    "cli_help.log.date": (
        "哪一天（默认今天；today、yesterday 或 YYYY-MM-DD）",
        "which day (default today; today, yesterday or YYYY-MM-DD)",
    ),
    "cli_help.log.who": (
        "只看这个人的（姓名、手机号或编号）",
        "only this person's (name, phone or id)",
    ),
    "cli_help.log.as": ("你是谁（组长看全部）", "who you are (leaders see everyone's)"),
    "cli_help.import.as": (
        "谁在导入（表格让人当组长时须是组长）",
        "who is importing (a leader, if the sheet makes someone a leader)",
    ),
    "cli_help.household.as": (
        "你是谁（关爱组和组长能看到回访记录）",
        "who you are (the care group and leaders see call notes)",
    ),
    # The app's log (leaders)
    "key.audit_log": ("操作记录", "Log"),
    "audit.title": (
        "今天的操作记录（{date}）：{n} 条",
        {"one": "Today's log ({date}): {n} change", "other": "Today's log ({date}): {n} changes"},
    ),
    "cmd.audit_log": ("操作记录", "Log of changes"),
    "cmd.audit_log_help": (
        "今天谁在哪台电脑上改了什么（L）",
        "who changed what today, on which laptop (L)",
    ),
    "audit.filter": ("按人筛选：输入姓名", "filter by person: type a name"),
    "audit.hint": (
        "最新的在上 · 输入姓名筛选 · Esc 关闭",
        "newest first · type a name to filter · Esc closes",
    ),
    "audit.none": ("今天还没有人改过什么。", "nothing has been changed today."),
    "audit.no_match": ("没有“{name}”的操作记录。", "no changes by '{name}'."),
}

"""Strings of the command line's help (``dutyboard --help``, ``dutyboard COMMAND --help``):
argparse's own words, then the descriptions of the commands and their arguments, as
cli.py, care_cli.py and swap_cli.py add them. Option names, metavars (FILE, NAME...) and
the values a user types (today, food:...) stay as they are in both languages."""

STRINGS: dict[str, tuple[str, str]] = {
    # argparse's own words
    "cli_help.usage": ("用法：", "usage: "),
    "cli_help.positionals": ("参数", "positional arguments"),
    "cli_help.options": ("选项", "options"),
    "cli_help.help": ("显示这段帮助后退出", "show this help message and exit"),
    "cli_help.version": ("显示程序的版本号后退出", "show program's version number and exit"),
    # the program and the options every command takes
    "cli_help.description": (
        "给志愿者自管社区用的值班看板。不写命令（COMMAND）时打开看板。",
        "A duty board for volunteer-run communities. With no COMMAND: open the board.",
    ),
    "cli_help.db": ("看板文件", "the board file"),
    "cli_help.config": ("配置文件夹", "configuration folder"),
    "cli_help.lang": ("输出文字的语言：zh 中文，en 英文", "language of text output"),
    "cli_help.as": ("现在是谁在用（你的名字）", "who is at the keyboard"),
    "cli_help.demo": ("打开一个新的演示看板", "open a fresh demo board"),
    # cli.py's commands
    "cli_help.cmd.demo": (
        "在 FILE 里生成一个演示用的社区看板",
        "build a demo community board in FILE",
    ),
    "cli_help.demo.days": ("生成几天的历史记录", "days of history"),
    "cli_help.demo.date": ("演示里的“今天”，格式 YYYY-MM-DD", "the demo's today, YYYY-MM-DD"),
    "cli_help.cmd.init": (
        "按配置里的社区，在 --db 指定的位置新建一个空看板",
        "create an empty board for the configured community at --db",
    ),
    "cli_help.cmd.check": (
        "检查看板文件是否完好（退出码：0 完好，1 有问题，2 无法读取）",
        "verify the board file (exit 0 healthy, 1 problems, 2 unreadable)",
    ),
    "cli_help.cmd.import": (
        "导入报名表（Excel 或 WPS 另存的 CSV 文件）",
        "import a sign-up sheet (CSV from Excel or WPS)",
    ),
    "cli_help.import.dry_run": ("只检查并报告，不做任何改动", "check and report, change nothing"),
    "cli_help.cmd.roster": ("显示某一天的值班表", "print the duty roster of a day"),
    "cli_help.date": (
        "today（今天）、tomorrow（明天）或 YYYY-MM-DD",
        "today, tomorrow or YYYY-MM-DD",
    ),
    "cli_help.cmd.tasks": ("列出任务", "list tasks"),
    "cli_help.tasks.date": (
        "today（今天）、tomorrow（明天）或 YYYY-MM-DD（不写：列出文件里的全部任务）",
        "today, tomorrow or YYYY-MM-DD (default: all in the file)",
    ),
    "cli_help.cmd.merge": (
        "合并这个看板的其他副本（不写：合并 Syncthing 的冲突副本）",
        "merge other copies of this board (default: Syncthing conflict copies)",
    ),
    "cli_help.merge.others": ("同一个看板的其他副本", "copies of the same board"),
    "cli_help.merge.dry_run": (
        "只说明会改动什么，不做任何改动",
        "say what would change, change nothing",
    ),
    "cli_help.cmd.conflicts": (
        "列出因为另一份副本同时修改而没有保留下来的修改",
        "list edits that lost to a concurrent edit on another copy",
    ),
    "cli_help.conflicts.all": ("也列出已恢复和已忽略的", "include restored and dismissed ones"),
    "cli_help.cmd.restore": (
        "把冲突中没有保留下来的版本恢复为当前版本（组长）",
        "make the losing version of a conflict the current one (leaders)",
    ),
    "cli_help.cmd.dismiss": (
        "保留当前版本，关闭这个冲突（组长）",
        "keep the current version and close the conflict (leaders)",
    ),
    "cli_help.conflict_id": ("冲突编号，或它的前几位", "the id or its first characters"),
    "cli_help.cmd.done": ("把任务标为已完成", "mark tasks done"),
    "cli_help.cmd.reopen": ("把任务改回未完成", "reopen tasks"),
    "cli_help.task_id": ("任务编号或短码", "task id or short code"),
    "cli_help.done.as": ("操作人的姓名、手机号或编号", "name, phone or id of who did it"),
    # care_cli.py's commands
    "cli_help.who": ("你的姓名、手机号或编号", "name, phone or id"),
    "cli_help.cmd.care": (
        "关爱名单：该打电话的住户、没解决的需求；记录一次电话",
        "the care register: who is due a call, open needs; log a call",
    ),
    "cli_help.care.overdue": ("只列出该打电话的住户", "only households whose call is due"),
    "cli_help.care.off": ("已移出关爱名单的住户", "households taken off the register"),
    "cli_help.care.log": (
        "记录给一户打的电话，并把需求转给负责的组",
        "record a call to a household and route its needs",
    ),
    "cli_help.address": ("例如 5-2-201（楼号-单元-房号）", "e.g. 5-2-201"),
    "cli_help.care.need": (
        "一项需求（几项就写几次）：food:青菜、medicine:胰岛素、bathing ……",
        "a need (repeat for several): food:青菜, medicine:胰岛素, bathing ...",
    ),
    "cli_help.care.urgent": ("药品需求很急", "medicine needs are urgent"),
    "cli_help.care.not_reached": ("电话没人接", "nobody answered"),
    "cli_help.care.every": (
        "设置多久给一户打一次电话（组长）",
        "set how often a household is called (leaders)",
    ),
    "cli_help.care.set": (
        "把一户加入关爱名单：住的是谁、需要什么帮助",
        "put a household on the register: who lives there, the help they need",
    ),
    "cli_help.care.people": ("住的是谁，例如 '王秀英 82岁'", "who lives there, e.g. '王秀英 82岁'"),
    "cli_help.care.help_needed": ("需要什么帮助，例如 '洗澡需要人帮忙'", "e.g. '洗澡需要人帮忙'"),
    "cli_help.care.remove": (
        "把一户移出关爱名单：搬走了、住院了……（组长）",
        "take a household off the register: moved, in hospital... (leaders)",
    ),
    "cli_help.care.reason": ("原因，例如 '住院' 或 '搬走了'", "why, e.g. '住院' or 'moved away'"),
    "cli_help.care.restore": (
        "把移出关爱名单的住户放回名单（组长）",
        "put a household taken off the register back on it (leaders)",
    ),
    "cli_help.cmd.medicine": (
        "配药申请：提出一个申请，或把申请推进一步",
        "medicine requests; raise one or move one on",
    ),
    "cli_help.medicine.request": ("为一户提出配药申请", "raise a medicine request for a household"),
    "cli_help.medicine.prescription": ("需要处方", "needs a prescription"),
    "cli_help.medicine.advance": (
        "把申请推进到下一步（或用 --to STAGE 指定哪一步）",
        "move a request to its next stage (or --to STAGE)",
    ),
    "cli_help.cmd.testing": (
        "核酸轮次：进行中的一轮、以往各轮；开始、叫楼、完成、结束",
        "testing rounds: the round under way, history; start, call, done, end",
    ),
    "cli_help.testing.start": ("开始下一轮（组长）", "start the next round (leaders)"),
    "cli_help.testing.call": ("把一栋楼标为已叫楼", "mark a building called"),
    "cli_help.testing.done": ("把一栋楼标为已做完", "mark a building tested"),
    "cli_help.testing.end": ("结束进行中的这一轮（组长）", "end the round under way (leaders)"),
    "cli_help.testing.force": ("还有楼栋没做完也结束", "even with buildings not done"),
    "cli_help.cmd.household": ("一户的全部情况", "everything about one household"),
    "cli_help.cmd.coverage": (
        "住户 × 各组：上次服务和下次该服务的时间（给组长看）",
        "households × groups: last served and next due (for leaders)",
    ),
    "cli_help.coverage.elderly": ("只列出关爱名单上的住户", "only households on the care register"),
    # swap_cli.py's commands
    "cli_help.leader": ("组长的姓名、手机号或编号", "the leader (name, phone or id)"),
    "cli_help.cmd.plan": (
        "安排明天的值班表：查看（带提醒）、抄今日、套用轮换模板",
        "plan tomorrow's roster: show it with warnings, copy today, apply a rotation",
    ),
    "cli_help.plan.template": ("轮换模板的名称（KEY）", "rotation template key"),
    "cli_help.plan.group": ("只排这个组（可以写多次）", "only this group (repeatable)"),
    "cli_help.plan.replace": ("替换掉已经排好的人", "replace people already planned"),
    "cli_help.cmd.swap": (
        "换上明天的值班表：今天的记录存入历史档案（组长）",
        "swap in tomorrow's roster: close today into the archive (leaders)",
    ),
    "cli_help.swap.to": (
        "要切换到哪一天（已经是那一天就什么都不做）",
        "the day to swap to (no-op if already)",
    ),
    "cli_help.swap.yes": ("不再询问，直接切换", "do not ask; swap"),
    "cli_help.swap.undo": (
        "撤销上一次切换（在有人打勾之前）",
        "undo the last swap (before any tick)",
    ),
    "cli_help.cmd.export": (
        "导出值班表、配送单、消杀单或交接单",
        "export the roster, deliveries, disinfection or handover sheets",
    ),
    "cli_help.export.group": ("只导出这个组", "only this group"),
    "cli_help.export.show_phones": ("显示完整的手机号", "full phone numbers"),
    "cli_help.export.out": (
        "写进 FILE 文件，而不是显示在屏幕上",
        "write to FILE instead of the screen",
    ),
    "cli_help.cmd.fairshare": (
        "每人本周的值班时长和连续值班天数（给组长看）",
        "hours per person this week and days in a row (leaders' view)",
    ),
}

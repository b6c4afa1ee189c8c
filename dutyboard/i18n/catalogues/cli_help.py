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
        "导出值班表、配送单、消杀单、交接单或团购的分楼清单",
        "export the roster, deliveries, disinfection or handover sheets, or a batch by building",
    ),
    "cli_help.export.batch": (
        "export batch 要导出的团购（编号或名称）",
        "for export batch: the group buy (code or name)",
    ),
    "cli_help.export.building": (
        "export batch 只导出这栋楼",
        "for export batch: only this building",
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
    # supplies_cli.py's commands
    "cli_help.supplies.offer_ref": (
        "团购的编号（如 B1A2B3）、编号前几位或名称",
        "the group buy's code (B1A2B3), id or name",
    ),
    "cli_help.cmd.offer": (
        "团购：登记、核对证件、批准、拒绝、取消；列出和查看",
        "group buys: enter, check papers, approve, reject, cancel; list and show",
    ),
    "cli_help.offer.add": ("登记一个新团购（待审核）", "enter a new group buy (a draft)"),
    "cli_help.offer.title": ("团购的名称，例如 '蔬菜包'", "its name, e.g. '蔬菜包'"),
    "cli_help.offer.supplier": ("供应商", "the supplier"),
    "cli_help.offer.leader": ("团长（住户）的名字", "the group leader (a resident)"),
    "cli_help.offer.leader_address": (
        "团长住的门牌号，例如 5-2-201",
        "the group leader's address, e.g. 5-2-201",
    ),
    "cli_help.offer.leader_phone": ("团长的手机号", "the group leader's phone"),
    "cli_help.offer.item": (
        "一种商品：名称/单位/价格，如 青菜套餐/份/39（几种就写几次）",
        "a product: name/unit/price, e.g. 青菜套餐/份/39 (repeat for several)",
    ),
    "cli_help.offer.minimum": ("起订量（件数），不写就是没有", "minimum units (default: none)"),
    "cli_help.offer.cutoff": (
        "截单时间：HH:MM（今天）或 'YYYY-MM-DD HH:MM'",
        "orders close at HH:MM (today) or 'YYYY-MM-DD HH:MM'",
    ),
    "cli_help.offer.paper": (
        "已核对的证件及其日期（不写日期就是今天；几项就写几次）",
        "a paper checked, with its date (default today; repeat for several)",
    ),
    "cli_help.offer.list": ("列出还没结束的团购", "list the open group buys"),
    "cli_help.offer.all": (
        "也列出已放行、拒绝、取消的",
        "include released, rejected and cancelled",
    ),
    "cli_help.offer.show": (
        "一个团购的详情：商品、证件、进度、订单",
        "one group buy: items, papers, stage, orders",
    ),
    "cli_help.offer.paper_cmd": (
        "登记一项证件（或用 --remove 去掉）",
        "record a paper shown (or --remove it)",
    ),
    "cli_help.offer.paper_key": (
        "证件：licence、food_permit、crew_test …… 或它的中文名",
        "the paper: licence, food_permit, crew_test ... or its name",
    ),
    "cli_help.offer.paper_date": (
        "证件上的日期：YYYY-MM-DD、today、yesterday（不写就是今天）",
        "the paper's date: YYYY-MM-DD, today, yesterday (default today)",
    ),
    "cli_help.offer.paper_remove": ("去掉这项证件", "take the paper off"),
    "cli_help.offer.approve": (
        "批准团购：必需的证件都齐全且没过期（组长）",
        "approve a group buy whose required papers are all in date (leaders)",
    ),
    "cli_help.offer.reject": ("拒绝一个团购（组长）", "turn a group buy down (leaders)"),
    "cli_help.offer.cancel": (
        "取消一个团购：没到起订量、供应商不做了……（组长）",
        "call a group buy off: minimum not reached, supplier gave up... (leaders)",
    ),
    "cli_help.offer.reason": ("原因", "why"),
    "cli_help.cmd.orders": (
        "导入团购订单：微信群接龙或快团团导出的表",
        "take in orders: a WeChat group-order (jielong) post or a Kuaituantuan export",
    ),
    "cli_help.orders.import": (
        "导入一份接龙或快团团表，先列出变化和问题",
        "import a jielong post or Kuaituantuan export; lists changes and problems",
    ),
    "cli_help.orders.file": (
        "接龙文本、CSV 或 Excel 文件；写 - 就从标准输入读粘贴的接龙",
        "the post, or a CSV or Excel export; - reads a pasted post from stdin",
    ),
    "cli_help.orders.batch": (
        "哪个团购（编号或名称）；还没有的名称会新建一个待审核的团购",
        "which group buy (code or name); a new name starts a draft",
    ),
    "cli_help.orders.dry_run": ("只列出会有的变化，不写入", "list the changes, write nothing"),
    "cli_help.cmd.batch": (
        "门口的批次：到货、清点、消杀、放行给快递组、指定每栋楼谁送",
        "batches at the gate: arrive, count, spray, release, who carries each building",
    ),
    "cli_help.batch.list": ("列出批次和它们的进度", "list the batches and their stages"),
    "cli_help.batch.show": ("一个批次的详情", "one batch in detail"),
    "cli_help.batch.arrive": ("登记到货", "the goods are at the gate"),
    "cli_help.batch.spray": ("登记已消杀，开始静置", "sprayed; the rest time starts"),
    "cli_help.batch.count": (
        "清点到货数量，列出缺货的住户",
        "count what came; lists the households left short",
    ),
    "cli_help.batch.counts": (
        "商品=到货数量，例如 青菜套餐=40（没写的商品算全部到齐）",
        "ITEM=N, e.g. 青菜套餐=40 (products not named came in full)",
    ),
    "cli_help.batch.received": (
        "只有一种商品时的到货数量",
        "the count of a group buy with one product",
    ),
    "cli_help.batch.release": (
        "放行：每户一个配送任务，交给快递组（组长）",
        "release: one delivery task per household for the delivery group (leaders)",
    ),
    "cli_help.batch.carrier": (
        "楼号=人：指定这栋楼由谁送（几栋就写几次）",
        "BUILDING=PERSON: who carries that building (repeat for several)",
    ),
    "cli_help.batch.assign": (
        "改一栋楼由谁送（组长）",
        "change who carries a building (leaders)",
    ),
    "cli_help.batch.assign_ref": (
        "团购的编号或名称，或放行后配送批次的编号",
        "the group buy's code or name, or the released delivery batch's id",
    ),
    "cli_help.batch.building": ("楼号", "the building number"),
    "cli_help.batch.to": ("由谁送：姓名、手机号或编号", "who carries it: name, phone or id"),
    "cli_help.cmd.parcel": (
        "门口的快递：登记、货架上的、送到门口或已自取",
        "courier parcels: enter, on the shelves, to the door or picked up",
    ),
    "cli_help.parcel.add": (
        "登记到了的快递，每个房号一件",
        "enter parcels that came, one per room",
    ),
    "cli_help.parcel.rooms": (
        "房号，例如 5-2-302；写 - 就从标准输入读，一行一个",
        "rooms, e.g. 5-2-302; - reads them from stdin, one a line",
    ),
    "cli_help.parcel.courier": ("快递公司，例如 顺丰", "the courier, e.g. SF"),
    "cli_help.parcel.count": ("每个房号几件（不写就是 1）", "parcels per room (default 1)"),
    "cli_help.parcel.list": (
        "货架上的快递，先到的在前；每栋楼几件",
        "parcels on the shelves, oldest first; how many per building",
    ),
    "cli_help.parcel.done": (
        "快递交出去了（默认送到门口）",
        "parcels handed over (to the door unless --picked-up)",
    ),
    "cli_help.parcel.picked_up": (
        "住户自己到货架取的",
        "the household collected it from the shelf",
    ),
    # people_cli.py's commands (issue 13: people), and household add|edit under care_cli's
    "cli_help.household.what": (
        "一户的地址（如 5-2-301，看这一户的全部情况），或 add 添加、edit 修改一户",
        "a household's address (5-2-301: its page), or add / edit a household",
    ),
    "cli_help.cmd.volunteer": (
        "志愿者：添加、修改、停岗、恢复值班、列出（组长）",
        "volunteers: add, edit, take off duty, put back, list (leaders)",
    ),
    "cli_help.volunteer.add": ("添加一名志愿者（组长）", "add a volunteer (leaders)"),
    "cli_help.volunteer.edit": (
        "修改一名志愿者的信息（组长；志愿者只能改自己的可服务时段）",
        "change a volunteer's details (leaders; a volunteer: their own availability)",
    ),
    "cli_help.volunteer.off": (
        "让一名志愿者停岗：生病、搬走、所在楼封控……（组长）",
        "take a volunteer off duty: sick, moved, sealed building... (leaders)",
    ),
    "cli_help.volunteer.on": ("让停岗的志愿者恢复值班（组长）", "put a volunteer back on duty"),
    "cli_help.volunteer.list": (
        "列出志愿者：电话、住址、小组、角色、可服务时段、是否停岗",
        "list volunteers: phone, home, groups, role, availability, off duty",
    ),
    "cli_help.volunteer.name": ("姓名", "their name"),
    "cli_help.volunteer.new_name": ("新的姓名", "a new name"),
    "cli_help.volunteer.person": ("哪位志愿者：姓名、手机号或编号", "who: a name, phone or id"),
    "cli_help.volunteer.phone": ("11 位手机号", "an 11-digit mobile number"),
    "cli_help.volunteer.groups": (
        "小组，用逗号隔开：delivery,care 或 快递组,关爱组",
        "groups, comma-separated: delivery,care or 快递组,关爱组",
    ),
    "cli_help.volunteer.building": ("住在几号楼（空值：不填）", "home building (empty: none)"),
    "cli_help.volunteer.room": ("单元-房号，如 2-301", "unit-room, e.g. 2-301"),
    "cli_help.volunteer.role": ("volunteer（志愿者）或 leader（组长）", "volunteer or leader"),
    "cli_help.volunteer.availability": (
        "可服务时段，如 '工作日 18:00-21:00'",
        "when they can help, e.g. 'weekdays 18:00-21:00'",
    ),
    "cli_help.volunteer.note": ("备注", "a note"),
    "cli_help.volunteer.reason": (
        "停岗原因，如 '生病' 或 '所在楼封控'",
        "why, e.g. 'sick' or 'building sealed'",
    ),
    "cli_help.volunteer.until": (
        "哪天回来（tomorrow 或 YYYY-MM-DD；不填：等恢复值班）",
        "the day they are back (tomorrow or YYYY-MM-DD; default: until put back)",
    ),
    "cli_help.volunteer.group": ("只列出这个组的人", "only this group's people"),
    "cli_help.volunteer.only_off": ("只列出停岗的人", "only those off duty"),
    "cli_help.volunteer.leader": ("你的名字（组长）", "your name (a shift leader)"),
    "cli_help.volunteer.editor": (
        "你的名字（组长，或本人改自己的时段）",
        "your name (a leader, or the volunteer for their own availability)",
    ),
    "cli_help.household.add": ("添加一户（组长）", "add a household (leaders)"),
    "cli_help.household.edit": (
        "修改一户：人数、电话、独居老人、备注（组长）",
        "change a household: residents, phone, elderly alone, note (leaders)",
    ),
    "cli_help.household.address": ("地址，如 5-2-301", "the address, e.g. 5-2-301"),
    "cli_help.household.building": ("楼栋（不写地址时）", "building (instead of ADDRESS)"),
    "cli_help.household.unit": ("单元（不写地址时）", "unit (instead of ADDRESS)"),
    "cli_help.household.room": (
        "房号，如 301（不写地址时）",
        "room, e.g. 301 (instead of ADDRESS)",
    ),
    "cli_help.household.residents": ("住几个人", "how many people live there"),
    "cli_help.household.phone": ("联系电话（手机或座机）", "a phone (mobile or landline)"),
    "cli_help.household.note": ("备注", "a note about the household"),
    "cli_help.household.elderly_alone": (
        "独居老人（会列入关爱名单）",
        "an elder living alone (puts it on the care register)",
    ),
    "cli_help.household.not_elderly_alone": ("不再是独居老人", "no longer an elder living alone"),
    # slots_cli.py's commands (issue 13: slots, late and overdue)
    "cli_help.cmd.slot": (
        "加开、修改或删除今天或明天的班次（组长）",
        "add, change or remove a slot of today or tomorrow (leaders)",
    ),
    "cli_help.slot.add": ("加开一个班次", "add an extra slot"),
    "cli_help.slot.edit": (
        "修改班次的时间、人数或名称",
        "change a slot's times, headcount or name",
    ),
    "cli_help.slot.remove": ("删除一个没有人的班次", "remove a slot nobody is in"),
    "cli_help.slot.group": ("哪个组：delivery、快递组……", "which group: delivery, Delivery..."),
    "cli_help.slot.ref": (
        "班次：编号，或 组:班次（delivery:extra-1530，加 @tomorrow 指明天）",
        "the slot: its id, or GROUP:KEY (delivery:extra-1530; add @tomorrow for tomorrow's)",
    ),
    "cli_help.slot.start": ("开始时间", "start time"),
    "cli_help.slot.end": (
        "结束时间（18:00 以后开始的夜班可以到次日早上）",
        "end time (a night slot starting at 18:00 or later may end the next morning)",
    ),
    "cli_help.slot.needed": ("需要几人（1–50）", "people needed (1-50)"),
    "cli_help.slot.name": (
        "班次名称（不填则为“加开 HH:MM”）",
        "the slot's name (default: Extra HH:MM)",
    ),
    "cli_help.slot.date": ("今天（today）或明天（tomorrow）", "today or tomorrow"),
    "cli_help.cmd.overdue": (
        "列出各组超期的事：消杀、配药、回访、快递",
        "list overdue work of every group: disinfection, medicine, care calls, parcels",
    ),
    # building_cli.py's command
    "cli_help.cmd.building": (
        "楼栋状态：封控、涉阳、管控、正常；最早哪天可以解除；设置；记录",
        "building status: sealed, positive, controlled, normal; the earliest lift; set; history",
    ),
    "cli_help.building.format": (
        "输出格式：text 文字，json 给程序用",
        "text, or json for programs",
    ),
    "cli_help.building.list": (
        "每栋楼的状态、开始日期、病例日期、最早解除日期、还剩几天、今天的待办（不写 ACTION 也是这个）",
        "each building's status, since, case date, earliest lift, days left, open work "
        "today (also with no ACTION)",
    ),
    "cli_help.building.set": (
        "设置一栋楼的状态（组长）；提前解除要写原因",
        "set a building's status (leaders); lifting early needs --reason",
    ),
    "cli_help.building.history": ("一栋楼的状态记录", "a building's status history"),
    "cli_help.building.number": ("楼号，例如 5 或 5号楼", "the building number, e.g. 5"),
    "cli_help.building.state": (
        "sealed 封控、positive 涉阳、controlled 管控 或 normal 正常（中文也可以）",
        "sealed, positive, controlled or normal (or the Chinese names)",
    ),
    "cli_help.building.case_date": (
        "病例日期 YYYY-MM-DD（或 today、yesterday）；涉阳不写就是今天",
        "the case date, YYYY-MM-DD (or today, yesterday); positive without one: today",
    ),
    "cli_help.building.note": ("备注，例如 '3单元有一例'", "a note, e.g. 'one case in unit 3'"),
    "cli_help.building.reason": (
        "原因；在最早解除日期之前解除时必须写",
        "why; needed to lift before the earliest day",
    ),
    "cli_help.building.who": ("组长的姓名、手机号或编号", "the leader's name, phone or id"),
    "cli_help.building.who_reading": (
        "谁在看（只看不用写）",
        "who is asking (not needed to read)",
    ),
}

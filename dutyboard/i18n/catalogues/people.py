"""Strings of people (issue 13; see dutyboard/i18n.py): volunteers and households added
and changed by hand (dutyboard/groups/people.py, people_fields.py), the People tab (0), its
dialogs and the ``volunteer`` / ``household add|edit`` commands."""

STRINGS: dict[str, tuple[str, str | dict[str, str]]] = {
    # ------------------------------------------------------------ refusals, one per field
    "refused.people_name_empty": ("姓名：不能为空。", "name: it is empty."),
    "refused.people_name_digits": (
        "姓名：“{name}”是一串数字，不像姓名。",
        "name: '{name}' is a number, not a name.",
    ),
    "refused.people_name_long": ("姓名：最多 {n} 个字。", "name: at most {n} characters."),
    "refused.people_phone_empty": ("手机号：不能为空。", "phone: it is empty."),
    "refused.people_phone": (
        "手机号：“{phone}”不是 11 位手机号。",
        "phone: '{phone}' is not an 11-digit mobile number.",
    ),
    "refused.people_phone_taken": (
        "手机号：{phone} 已经是 {name} 的号码。",
        "phone: {phone} is already {name}'s number.",
    ),
    "refused.people_group": (
        "小组：没有“{group}”这个组；现有：{groups}。",
        "groups: there is no group '{group}'; the groups: {groups}.",
    ),
    "refused.people_groups_empty": (
        "小组：至少选一个组（{groups}）。",
        "groups: choose at least one ({groups}).",
    ),
    "refused.people_one_group": (
        "小组：“{group}”不止一个组；一次只能加入一个组。",
        "group: '{group}' names more than one group; choose one.",
    ),
    "refused.people_building": (
        "楼栋：本小区没有“{building}”号楼（楼栋 {span}）。",
        "building: there is no building '{building}' here (buildings {span}).",
    ),
    "refused.people_unit": (
        "单元：{n}号楼没有 {unit} 单元（共 {units} 个单元）。",
        "unit: building {n} has no unit {unit} (it has {units}).",
    ),
    "refused.people_room": (
        "房号：{n}号楼没有 {room} 室（{floors} 层，每层 {per} 户，最大到 {last}）。",
        "room: building {n} has no room {room} ({floors} floors of {per}, up to {last}).",
    ),
    "refused.people_room_form": (
        "房号：“{room}”要写成 单元-房号，例如 2-301（{n}号楼）。",
        "room: write '{room}' as unit-room, e.g. 2-301 (building {n}).",
    ),
    "refused.people_room_no_building": (
        "房号：先填楼栋，再填房号。",
        "room: give the building too.",
    ),
    "refused.people_role": (
        "角色：“{role}”不对；可以是 {roles}（志愿者、组长）。",
        "role: '{role}' is not one of {roles}.",
    ),
    "refused.people_availability_long": (
        "可服务时段：最多 {n} 个字。",
        "availability: at most {n} characters.",
    ),
    "refused.people_note_long": ("备注：最多 {n} 个字。", "note: at most {n} characters."),
    "refused.people_until": (
        "到哪天：“{value}”不是日期；写 tomorrow 或 YYYY-MM-DD。",
        "until: '{value}' is not a date; use tomorrow or YYYY-MM-DD.",
    ),
    "refused.people_until_past": (
        "到哪天：{value} 不在今天之后；回来的日子要晚于今天。",
        "until: {value} is not after today; the day they are back must be later.",
    ),
    "refused.people_address": (
        "地址：“{address}”要写成 楼栋-单元-房号，例如 5-2-301。",
        "address: write '{address}' as building-unit-room, e.g. 5-2-301.",
    ),
    "refused.people_address_taken": (
        "地址：{address} 这一户已经在看板上了。",
        "address: household {address} is already on the board.",
    ),
    "refused.people_household_phone": (
        "电话：“{phone}”既不是 11 位手机号，也不是座机号。",
        "phone: '{phone}' is neither an 11-digit mobile number nor a landline.",
    ),
    "refused.people_residents": (
        "人数：“{value}”要在 1 到 {most} 之间。",
        "residents: '{value}' must be a number from 1 to {most}.",
    ),
    # ------------------------------------------------------------ refusals: who, when
    "refused.people_own_availability": (
        "{name} 不是组长：只能改自己的可服务时段。",
        "{name} is not a shift leader: only their own availability can be changed.",
    ),
    "refused.people_last_leader": (
        "{name} 是最后一位组长；先让另一个人当组长。",
        "{name} is the last shift leader; make someone else a leader first.",
    ),
    "refused.people_off_reason": (
        "停岗要写原因（生病、搬走、所在楼封控……）。",
        "taking someone off duty needs a reason (sick, moved, sealed building...).",
    ),
    "refused.people_off_reason_long": (
        "停岗原因最多 {n} 个字。",
        "the reason is at most {n} characters.",
    ),
    "refused.people_already_off": (
        "{name} 已经停岗（{reason}）。",
        "{name} is off duty already ({reason}).",
    ),
    "refused.people_not_off": ("{name} 没有停岗。", "{name} is not off duty."),
    "refused.people_none_chosen": ("没有选中任何人。", "nobody is selected."),
    # ------------------------------------------------------------ elsewhere
    "warn.off_duty": ("已停岗（{reason}）", "off duty ({reason})"),
    "people.off_mark": ("停岗", "off duty"),
    "people.off_cell": ("停岗：{why}", "off duty: {why}"),
    "undo.action.volunteer_add": ("添加志愿者", "adding the volunteer"),
    "undo.action.volunteer_edit": ("修改志愿者信息", "the volunteer's changes"),
    "undo.action.volunteer_off": ("停岗", "taking them off duty"),
    "undo.action.volunteer_on": ("恢复值班", "putting them back on duty"),
    "undo.action.group_add": ("批量加入小组", "adding them to the group"),
    "undo.action.household_add": ("添加住户", "adding the household"),
    "undo.action.household_edit": ("修改住户信息", "the household's changes"),
    # ------------------------------------------------------------ views/people.py
    "people.all_groups": ("全部小组", "all groups"),
    "people.back_on": ("{day}回来", "back {day}"),
    # ------------------------------------------------------------ people_cli.py
    "people.cli.added": (
        "已添加 {name}（{phone}），住 {home}，小组：{groups}",
        "added {name} ({phone}), home {home}, groups: {groups}",
    ),
    "people.cli.changed": (
        "已修改 {name}（{phone}），住 {home}，小组：{groups}",
        "changed {name} ({phone}), home {home}, groups: {groups}",
    ),
    "people.cli.unchanged": (
        "{name} 的信息没有变化（{phone}，{home}，{groups}）",
        "nothing changed for {name} ({phone}, {home}, {groups})",
    ),
    "people.cli.off": ("{name} 已停岗：{why}", "{name} is off duty: {why}"),
    "people.cli.still_planned": (
        "注意：今明两天的排班里还有 {n} 个班次排了此人，请组长调人。",
        {
            "one": "note: they are still in {n} slot today or tomorrow; move someone in.",
            "other": "note: they are still in {n} slots today or tomorrow; move someone in.",
        },
    ),
    "people.cli.on": ("{name} 已恢复值班", "{name} is back on duty"),
    "people.cli.summary": (
        "{group}：{n} 人（全小区 {off} 人停岗）",
        "{group}: {n} people ({off} off duty in all)",
    ),
    "people.cli.nothing_given": (
        "没有要修改的内容：请至少给一个选项（见 --help）。",
        "nothing to change: give at least one option (see --help).",
    ),
    "people.cli.address_needed": (
        "请给出地址（如 5-2-301），或 --building、--unit 和 --room。",
        "give the address (e.g. 5-2-301), or --building, --unit and --room.",
    ),
    "people.cli.address_twice": (
        "地址写了两遍：用 ADDRESS，或 --building/--unit/--room，二选一。",
        "the address is given twice: use ADDRESS or --building/--unit/--room.",
    ),
    "people.cli.household_added": (
        "已添加 {address}：{n} 人，电话 {phone} {alone}",
        {
            "one": "added {address}: {n} resident, phone {phone} {alone}",
            "other": "added {address}: {n} residents, phone {phone} {alone}",
        },
    ),
    "people.cli.household_changed": (
        "已修改 {address}：{n} 人，电话 {phone} {alone}",
        {
            "one": "changed {address}: {n} resident, phone {phone} {alone}",
            "other": "changed {address}: {n} residents, phone {phone} {alone}",
        },
    ),
    "people.cli.unchanged_household": (
        "{address} 没有变化：{n} 人，电话 {phone} {alone}",
        {
            "one": "nothing changed for {address}: {n} resident, phone {phone} {alone}",
            "other": "nothing changed for {address}: {n} residents, phone {phone} {alone}",
        },
    ),
    "people.cli.elderly_alone": (
        "· 独居老人，在关爱名单上",
        "· elderly alone, on the care register",
    ),
    # ------------------------------------------------------------ the People tab (0)
    "tab.people": ("人员", "People"),
    "people.title": ("志愿者", "Volunteers"),
    "people.summary": ("共 {n} 人，{off} 人停岗", "{n} people, {off} off duty"),
    "people.filter": ("小组：{group}（f 切换）", "group: {group} (f to change)"),
    "people.shown": ("{n} 人", "{n} shown"),
    "people.selected": ("已选 {n} 人（g 加入小组）", "{n} selected (g: add to a group)"),
    "people.me": ("（我）", "(me)"),
    "people.col.mark": ("选", "✓"),
    "people.col.name": ("姓名", "Name"),
    "people.col.phone": ("手机号", "Phone"),
    "people.col.home": ("住址", "Home"),
    "people.col.groups": ("小组", "Groups"),
    "people.col.role": ("角色", "Role"),
    "people.col.availability": ("可服务时段", "Availability"),
    "people.col.off": ("停岗", "Off duty"),
    "people.key.add": ("添加", "Add"),
    "people.key.edit": ("修改", "Edit"),
    "people.key.off": ("停岗/恢复", "Off/back"),
    "people.key.select": ("选中", "Select"),
    "people.key.group": ("加入小组", "To group"),
    "people.key.filter": ("按组看", "Group"),
    "people.key.households": ("住户", "Households"),
    "people.key.household_add": ("添加住户", "Add household"),
    "people.key.household_edit": ("修改", "Edit"),
    "people.own_row_only": (
        "志愿者只能改自己的可服务时段：请在自己那一行按 e。",
        "a volunteer can change their own availability only: press e on your own row.",
    ),
    # the dialogs (tui/person_form.py, tui/households_screen.py)
    "people.dlg.cancel": ("取消", "Cancel"),
    "people.dlg.close": ("关闭", "Close"),
    "people.dlg.back": ("返回", "Back"),
    "people.dlg.save": ("保存", "Save"),
    "people.form.add": ("添加志愿者", "Add a volunteer"),
    "people.form.edit": ("修改", "Edit"),
    "people.form.own_only": (
        "你可以修改自己的可服务时段；其他信息请找组长修改。",
        "You can change your own availability; ask a shift leader for the rest.",
    ),
    "people.form.name": ("姓名", "Name"),
    "people.form.phone": ("手机号", "Phone"),
    "people.form.groups": ("小组（可多选）：", "Groups (one or more):"),
    "people.form.building": ("楼栋", "Building"),
    "people.form.room": ("单元-房号", "Unit-room"),
    "people.form.leader": ("组长", "Shift leader"),
    "people.form.availability": ("可服务时段", "Availability"),
    "people.form.availability_hint": (
        "例如 工作日 18:00-21:00、周末全天",
        "e.g. weekdays 18:00-21:00",
    ),
    "people.off.title": ("停岗", "Off duty"),
    "people.off.explain": (
        "停岗期间不会出现在补人、配送人等任何建议里；值班表上会标出“停岗”。",
        "While off duty they are left out of every suggestion (filling slots, carriers); "
        "the roster marks them.",
    ),
    "people.off.reason_hint": (
        "原因：生病、搬走、所在楼封控……",
        "why: sick, moved, building sealed...",
    ),
    "people.off.until_hint": (
        "哪天回来（YYYY-MM-DD 或 tomorrow；不填：等恢复值班）",
        "back on (YYYY-MM-DD or tomorrow; empty: until put back)",
    ),
    "people.off.save": ("停岗", "Take off duty"),
    "people.group.title": ("把选中的 {n} 人加入小组", "Add the {n} selected to a group"),
    "people.group.explain": (
        "加入前，请先向他们交代这个组的工作：做什么、在哪里集合、找谁、怎么防护。",
        "Before adding them, brief them on the group's work: what to do, where to meet, "
        "whom to ask, how to stay safe.",
    ),
    "people.group.briefed": ("已向他们做过岗前说明", "They have been briefed"),
    "people.group.brief_first": (
        "请先向他们做岗前说明，再勾选上面一项。",
        "Brief them first, then tick the box above.",
    ),
    "people.group.save": ("加入", "Add to group"),
    "people.group.none_added": (
        "选中的人都已在{group}，没有改动。",
        "everyone selected is in {group} already; nothing changed.",
    ),
    "people.done.added": ("已添加 {name}", "added {name}"),
    "people.done.edited": ("已修改 {name}", "changed {name}"),
    "people.done.off": ("{name} 已停岗：{reason}", "{name} is off duty: {reason}"),
    "people.done.on": ("{name} 已恢复值班", "{name} is back on duty"),
    "people.done.group": ("已把 {n} 人加入{group}", "added {n} to {group}"),
    "people.done.household_added": ("已添加住户 {address}", "added household {address}"),
    "people.done.household_edited": ("已修改住户 {address}", "changed household {address}"),
    "people.households.title": ("住户", "Households"),
    "people.households.find": ("输入地址查找：5、5-2、5-2-301", "find an address: 5, 5-2, 5-2-301"),
    "people.households.hint": (
        "n 添加住户 · e 或回车 修改 · Esc 关闭",
        "n add a household · e or Enter edit · Esc close",
    ),
    "people.household.add": ("添加住户", "Add a household"),
    "people.household.edit": ("修改住户", "Edit the household"),
    "people.household.address": ("地址", "Address"),
    "people.household.residents": ("人数", "Residents"),
    "people.household.phone": ("电话", "Phone"),
    "people.household.alone": (
        "独居老人（会列入关爱名单）",
        "An elder living alone (puts it on the care register)",
    ),
    "people.household.note": ("备注", "Note"),
    "people.household.col.address": ("地址", "Address"),
    "people.household.col.residents": ("人数", "People"),
    "people.household.col.phone": ("电话", "Phone"),
    "people.household.col.alone": ("关爱", "Care"),
    "people.household.col.note": ("备注", "Note"),
    "people.household.alone_mark": ("独居老人", "elderly alone"),
    "people.household.on_register": ("在关爱名单上", "on the register"),
}

"""Refusals the core gives (errors.refused), in zh and en: the app shows them in the
screen's language."""

STRINGS: dict[str, tuple[str, str]] = {
    # board
    "refused.task_gone": (
        "任务 {code} 已在另一台电脑上删除。",
        "task {code} was deleted on another laptop.",
    ),
    "refused.not_leader": (
        "{name} 不是组长；只有组长可以做这一步。",
        "{name} is not a shift leader; only leaders may {what}.",
    ),
    "refused.fail_reason": ("未送达需要填写原因。", "a failed delivery needs a reason."),
    "refused.assignment_gone": (
        "这条排班已不存在，未做任何修改。",
        "that assignment no longer exists; nothing was changed.",
    ),
    "refused.undo_gone": (
        "那条记录已不存在，无法撤销。",
        "that record no longer exists; nothing to undo.",
    ),
    "refused.person_unknown": (
        "本看板上没有叫“{query}”的人（请用姓名、手机号或编号）。",
        "nobody called '{query}' on this board (use a name, phone or id).",
    ),
    "refused.person_ambiguous": (
        "“{query}”不止一个人：有 {n} 人符合；请用手机号或编号。",
        "'{query}' is ambiguous: {n} people match; use a phone or id.",
    ),
    # staffing
    "refused.slot_gone": (
        "这个班次已不存在，未做任何修改。",
        "that slot no longer exists; nothing was changed.",
    ),
    "refused.person_gone": (
        "这位志愿者已不在本看板上，未做任何修改。",
        "that volunteer is not on this board (any more); nothing was changed.",
    ),
    "refused.already_there": (
        "{name} 已在 {slot_zh}，未做任何修改。",
        "{name} is already in {slot_en}; nothing was changed.",
    ),
    # testing rounds
    "refused.round_running": (
        "第{n}轮还在进行中，请先结束。",
        "round {n} is still under way; end it first.",
    ),
    "refused.no_buildings": ("本看板没有可检测的楼栋。", "this board has no buildings to test."),
    "refused.not_testing": ("{code} 不是核酸任务。", "{code} is not a testing task."),
    "refused.no_round": ("当前没有进行中的核酸轮次。", "no testing round is under way."),
    "refused.round_not_done": (
        "第{n}轮：还有 {left} 栋楼没做完",
        "round {n}: {left} building(s) not done yet",
    ),
    # medicine
    "refused.medicine_name": (
        "配药申请需要写明药品名称。",
        "a medicine request has to say which medicine.",
    ),
    "refused.not_medicine": ("{code} 不是配药申请。", "{code} is not a medicine request."),
    "refused.already_delivered": ("{code} 已送达。", "{code} is already delivered."),
    "refused.unknown_stage": ("未知进度“{stage}”", "unknown stage '{stage}'"),
    # care
    "refused.need_type": (
        "第{i}项需求：未知类型“{key}”",
        "need {i}: unknown need type '{key}'",
    ),
    "refused.need_medicine": (
        "第{i}项需求：配药需求需要写明药品。",
        "need {i}: a medicine need has to say which medicine.",
    ),
    "refused.no_household": (
        "本看板上没有住户“{ref}”（请用 5-2-201 这样的地址）。",
        "no household '{ref}' on this board (use an address like 5-2-201).",
    ),
    # the day swap
    "refused.swap_already": (
        "看板已在 {today}（晚于 {to}），未做任何修改。",
        "the board is already on {today}, after {to}; nothing was changed.",
    ),
    "refused.swap_one_day": (
        "每次只能切换一天：看板在 {today}，下一次切换到 {next}，不是 {to}。未做任何修改。",
        "a swap moves one day at a time: the board is on {today}, so the next swap goes "
        "to {next}, not {to}; nothing was changed.",
    ),
    "refused.swap_ahead": (
        "看板在 {today}，日历上的明天是 {limit}；切换到 {new} 会超前于日历。未做任何修改。",
        "the board is on {today} and the calendar's tomorrow is {limit}; a swap to {new} "
        "would run ahead of the calendar. Nothing was changed.",
    ),
    "refused.swap_moved": (
        "看板现在在 {today}，不是 {expected}（可能已在别的电脑上切换），未做任何修改。",
        "the board is now on {today}, not {expected} (swapped elsewhere?); nothing was changed.",
    ),
    "refused.swap_no_undo": (
        "没有可撤销的切换：新的一天已经开始（切换后有人打勾或修改），或今天没有切换过。"
        "未做任何修改。",
        "no swap to undo: the new day has begun (something was ticked or changed since "
        "the swap), or the board was not swapped today. Nothing was changed.",
    ),
    "refused.swap_no_snapshot": (
        "存档中缺少这次切换的快照，无法撤销。",
        "the archive lacks this swap's snapshot; the swap cannot be undone.",
    ),
    # conflicts
    "refused.conflict_record_gone": (
        "这条冲突对应的记录已不在本看板上。",
        "the record of that conflict is not on this board any more.",
    ),
}

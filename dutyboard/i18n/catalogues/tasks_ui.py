"""Strings of the Deliveries and Disinfection panes and the failure-reason dialog."""

STRINGS: dict[str, tuple[str, str]] = {
    # keys (shown in the footer)
    "tasks.key.delivered": ("送达/撤销", "Delivered/undo"),
    "tasks.key.fail": ("未送达", "Not delivered"),
    "tasks.key.filter": ("待办/全部", "Open/all"),
    "tasks.key.building": ("下一栋楼", "Next building"),
    "tasks.key.tick": ("完成/撤销", "Done/undo"),
    "tasks.key.cancel": ("取消", "Cancel"),
    # shared
    "tasks.progress": ("{done}/{total}", "{done}/{total}"),
    "tasks.failed_count": ("未送达 {n}", "{n} not delivered"),
    "tasks.done_at": ("✓ {time}", "✓ {time}"),
    # deliveries
    "tasks.deliveries.title": ("配送 {date}", "Deliveries {date}"),
    "tasks.deliveries.none": ("今天没有配送。", "No deliveries today."),
    "tasks.deliveries.all_done": (
        "没有待办的配送了 ✓  按 o 显示全部",
        "Nothing left to deliver ✓  press o to see all",
    ),
    "tasks.filter.open": ("只看待办", "open only"),
    "tasks.filter.all": ("全部", "all"),
    "tasks.batch.other": ("其他", "Other"),
    "tasks.batch.arrives": ("{time} 到", "arrives {time}"),
    "tasks.col.address": ("地址", "Address"),
    "tasks.col.mark": ("楼况", "Building"),
    "tasks.col.items": ("物品", "Items"),
    "tasks.col.carrier": ("配送人", "Carrier"),
    "tasks.col.status": ("状态", "Status"),
    "tasks.col.batch": ("批次", "Batch"),
    "tasks.status.open": ("待办", "open"),
    "tasks.carried": ("{date}顺延", "carried from {date}"),
    "tasks.status.done": ("已送达 ✓ {time}", "delivered ✓ {time}"),
    "tasks.status.failed": ("未送达：{reason}", "not delivered: {reason}"),
    # failure reasons when the board's configuration names none
    "tasks.reason.nobody_home": ("家中无人", "Nobody home"),
    "tasks.reason.left_at_door": ("已放门口", "Left at door"),
    "tasks.reason.refused": ("拒收", "Refused"),
    "tasks.reason.wrong_address": ("地址错误", "Wrong address"),
    # the failure-reason dialog
    "tasks.fail.title": ("{address} 未送达的原因", "Why was {address} not delivered?"),
    "tasks.fail.other": ("其他原因：输入后按回车", "Other reason: type it, then Enter"),
    "tasks.fail.hint": ("↑↓ 选择 · 回车 确定 · Esc 取消", "↑↓ choose · Enter confirm · Esc cancel"),
    # disinfection
    "tasks.dis.title": ("消杀清单 {date}", "Disinfection {date}"),
    "tasks.dis.none": ("今天没有消杀清单。", "No disinfection checklist today."),
    "tasks.dis.overdue": ("超时 {n} 项", "{n} overdue"),
    "tasks.dis.other": ("其他", "Other"),
    "tasks.dis.due": ("{time}前", "by {time}"),
    "tasks.dis.late": ("超时 {time}", "late {time}"),
    "tasks.col.place": ("楼栋/区域", "Building/area"),
    "tasks.col.progress": ("进度", "Done"),
}

"""Strings of deliveries_tui (see dutyboard/i18n.py): the Deliveries tab's door-only
rows, a released batch's shortfalls and notes, the carrier picker, and courier
parcels (their rows, the shelf line and the entry dialog at the gate)."""

STRINGS: dict[str, tuple[str, str]] = {
    # keys of the Deliveries pane
    "deliveries.key.carrier": ("换配送人", "Carrier"),
    "deliveries.key.parcels": ("快递登记", "Parcels"),
    "deliveries.key.pickup": ("已自取", "Picked up"),
    # rows
    "deliveries.door_only": ("送到门口", "door only"),
    "deliveries.short": ("缺 {items}", "short: {items}"),
    "deliveries.note": ("备注：{note}", "note: {note}"),
    # c: who carries a building
    "deliveries.carrier.title": ("{building} 由谁配送", "Who carries {building}"),
    "deliveries.carrier.carrying": ("在送 {n} 户", "carrying {n}"),
    "deliveries.carrier.current": ("现在送这栋", "carries it now"),
    "deliveries.carrier.nobody": (
        "快递组现在没有能出门配送的人（值班中或今日排班）。",
        "Nobody of the delivery group can carry now (on duty or on today's roster).",
    ),
    "deliveries.carrier.done": (
        "{building} 改由 {name} 配送",
        "{building} is now carried by {name}",
    ),
    "undo.action.batch_assign": ("更换配送人", "the carrier change"),
    # parcels in the table
    "deliveries.parcel.title": ("快递", "Parcels"),
    "deliveries.parcel.batch": ("快递", "Parcel"),
    "deliveries.parcel.items": ("快递×{n}", "parcel×{n}"),
    "deliveries.parcel.summary": (
        "在架 {shelf} 件 · 已交 {handed} 件",
        "{shelf} on the shelf · {handed} handed over",
    ),
    "deliveries.parcel.overdue_count": ("超过一天 {n}", "{n} over a day"),
    "deliveries.parcel.status.shelf": ("{since} 上架", "shelved {since}"),
    "deliveries.parcel.status.shelf_now": ("在架", "on shelf"),
    "deliveries.parcel.status.overdue": ("· 超过一天", "· 1 day+"),
    "deliveries.parcel.status.door": ("已送到门口 ✓ {time}", "to the door ✓ {time}"),
    "deliveries.parcel.status.pickup": ("已自取 ✓ {time}", "picked up ✓ {time}"),
    "deliveries.parcel.shelf": ("货架", "Shelf:"),
    "deliveries.parcel.shelf.building": ("{building}号楼 {n}", "B{building} {n}"),
    "deliveries.parcel.shelf.door": ("（送到门口）", " (door only)"),
    "deliveries.parcel.shelf.empty": ("货架已清空 ✓", "Shelves empty ✓"),
    "undo.action.parcel_add": ("快递登记", "the parcels entered"),
    # the entry dialog at the gate
    "deliveries.parcel.key.close": ("关闭", "Close"),
    "deliveries.parcel.entry.title": ("快递登记（门岗）", "Parcels at the gate"),
    "deliveries.parcel.entry.room": (
        "房号，如 5-2-302，回车登记；可粘贴多行",
        "Room, e.g. 5-2-302, then Enter; paste a list to add them all",
    ),
    "deliveries.parcel.entry.courier": ("快递公司（选填）", "Courier (optional)"),
    "deliveries.parcel.entry.count": ("件数（默认 1）", "Count (1)"),
    "deliveries.parcel.entry.ready": ("输入房号后按回车。", "Type a room and press Enter."),
    "deliveries.parcel.entry.hint": (
        "回车 登记 · Tab 快递公司/件数 · Esc 关闭",
        "Enter add · Tab courier/count · Esc close",
    ),
    "deliveries.parcel.entry.added": ("已登记 {n} 户：{rooms}", "Added {n}: {rooms}"),
    "deliveries.parcel.entry.added_n": (
        "已登记 {n} 户，每户 {count} 件：{rooms}",
        "Added {n}, {count} each: {rooms}",
    ),
    "deliveries.parcel.entry.refused": ("{text}：{reason}", "{text}: {reason}"),
    "deliveries.parcel.entry.unknown": ("没有这个房号", "no such room"),
    "deliveries.parcel.entry.candidates": ("（{candidates}）", " ({candidates})"),
    "deliveries.parcel.entry.sep": ("、", ", "),
    "deliveries.parcel.entry.bad_count": ("件数写 1 到 99。", "The count is 1 to 99."),
}

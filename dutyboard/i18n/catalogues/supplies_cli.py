"""Strings of supplies_cli (see dutyboard/i18n.py): ``dutyboard offer|orders|batch|parcel``
and ``dutyboard export batch``. Their refusals are in supplies.py, their help in
cli_help.py."""

STRINGS: dict[str, tuple[str, str | dict[str, str]]] = {
    "kind.parcel": ("快递", "parcel"),
    # offer
    "offer.cli.reason": ("原因：{reason}", "reason: {reason}"),
    "offer.cli.supplier": ("供应商：{supplier}", "supplier: {supplier}"),
    "offer.cli.leader": ("团长：{leader}", "group leader: {leader}"),
    "offer.cli.items": ("商品：{items}", "items: {items}"),
    "offer.cli.cutoff": ("截单：{at}", "orders close: {at}"),
    "offer.cli.orders": ("{n}户 {units}件", "{n} households, {units} units"),
    "offer.cli.minimum_reached": ("起订量 {n}：已达到", "minimum {n}: reached"),
    "offer.cli.minimum_short": ("起订量 {n}：还差 {left}", "minimum {n}: {left} short"),
    "offer.cli.papers": ("证件：", "papers:"),
    "offer.cli.count": ("（{n} 个团购）", {"one": "({n} group buy)", "other": "({n} group buys)"}),
    "offer.cli.added": (
        "已登记团购 {code}「{title}」，待审核。证件：",
        "group buy {code} '{title}' entered as a draft. Papers:",
    ),
    "offer.cli.papers_of": (
        "团购 {code}「{title}」的证件：",
        "papers of group buy {code} '{title}':",
    ),
    "offer.cli.state": (
        "团购 {code}「{title}」现在：{state}",
        "group buy {code} '{title}' is now {state}",
    ),
    # orders import
    "orders.cli.new_batch": (
        "新团购「{title}」（导入后是待审核，批准后才能放行）",
        "new group buy '{title}' (a draft once imported; approve it before release)",
    ),
    "orders.cli.batch": (
        "团购 {code}「{title}」（{state}）",
        "group buy {code} '{title}' ({state})",
    ),
    "orders.cli.cancelled": ("取消", "cancelled"),
    "orders.cli.problems": (
        "问题 {n} 条（这几条没有导入）：",
        {"one": "{n} problem, not taken in:", "other": "{n} problems, not taken in:"},
    ),
    "orders.cli.problem": ("第 {line} 行「{text}」：{reason}", "line {line} '{text}': {reason}"),
    "orders.cli.candidates": ("可能是：{list}", "could be: {list}"),
    "orders.cli.summary": (
        "合计 {households} 户 {units} 件：新增 {added}，修改 {changed}，取消 {cancelled}，"
        "未变 {unchanged}；这份名单里没有的 {kept} 户不变；问题 {problems} 条。",
        "{households} households, {units} units: {added} new, {changed} changed, "
        "{cancelled} cancelled, {unchanged} unchanged; {kept} not in this list kept; "
        "{problems} problem(s).",
    ),
    "orders.cli.dry_run": ("试运行：什么都没有写入。", "dry run: nothing was written."),
    "orders.cli.written": ("已写入团购 {code}。", "written to group buy {code}."),
    "orders.cli.nothing": ("没有要写入的。", "nothing to write."),
    # batch
    "batch.cli.count": ("（{n} 个批次）", {"one": "({n} batch)", "other": "({n} batches)"}),
    "batch.cli.nobody": ("没有人", "nobody"),
    "batch.cli.no_carrier": (
        "这些楼还没有人送：{buildings}；用 dutyboard batch assign 指定。",
        "nobody carries building(s) {buildings} yet; name someone with dutyboard batch assign.",
    ),
    "batch.cli.arrived_at": ("到货：{at}", "arrived: {at}"),
    "batch.cli.counted_at": ("清点：{at}", "counted: {at}"),
    "batch.cli.sprayed_at": ("消杀：{at}", "sprayed: {at}"),
    "batch.cli.released_at": ("放行：{at}", "released: {at}"),
    "batch.cli.resting": (
        "还要静置 {n} 分钟",
        {"one": "{n} more minute of rest", "other": "{n} more minutes of rest"},
    ),
    "batch.cli.counted": (
        "{item}：订 {ordered}，到 {received}",
        "{item}: {ordered} ordered, {received} received",
    ),
    "batch.cli.short_of": ("缺 {what}", "short of {what}"),
    "batch.cli.arrived": (
        "团购 {code}「{title}」已到货，请清点。",
        "group buy {code} '{title}' has arrived; count it.",
    ),
    "batch.cli.sprayed": (
        "团购 {code} 已消杀，静置 {n} 分钟后可以放行。",
        {
            "one": "group buy {code} sprayed; it may go in {n} minute.",
            "other": "group buy {code} sprayed; it may go in {n} minutes.",
        },
    ),
    "batch.cli.counted_all": (
        "团购 {code} 已清点：都到齐了。",
        "group buy {code} counted: all came.",
    ),
    "batch.cli.counted_short": (
        "团购 {code} 已清点：{n} 户缺货（按接龙顺序，后接龙的先缺）：",
        {
            "one": "group buy {code} counted: {n} household left short (first come, first served):",
            "other": "group buy {code} counted: {n} households left short (first come, first served):",
        },
    ),
    "batch.cli.released": (
        "团购 {code} 已放行：{n} 个配送任务（配送批次 {batch}）。各楼由谁送：",
        {
            "one": "group buy {code} released: {n} delivery task (delivery batch {batch}). Carriers:",
            "other": "group buy {code} released: {n} delivery tasks (delivery batch {batch}). Carriers:",
        },
    ),
    "batch.cli.assigned": (
        "团购 {code}：{building}号楼的 {n} 户由 {name} 送。",
        {
            "one": "group buy {code}: {name} carries the {n} household of building {building}.",
            "other": "group buy {code}: {name} carries the {n} households of building {building}.",
        },
    ),
    # parcels
    "parcel.cli.added": (
        "已登记 {n} 件快递：",
        {"one": "{n} parcel entered:", "other": "{n} parcels entered:"},
    ),
    "parcel.cli.problems": (
        "{n} 个房号没有登记：",
        {"one": "{n} room not entered:", "other": "{n} rooms not entered:"},
    ),
    "parcel.cli.problem": ("{text}：{reason}", "{text}: {reason}"),
    "parcel.cli.title": (
        "货架上 {n} 件快递（先到的在前）：",
        {"one": "{n} parcel on the shelves:", "other": "{n} parcels on the shelves, oldest first:"},
    ),
    "parcel.cli.overdue": ("超过一天", "over a day"),
    "parcel.cli.shelf": ("{building}号楼 {n}件", "building {building}: {n}"),
    "parcel.cli.shelves": ("各楼货架：{list}", "shelves: {list}"),
    "parcel.cli.done": (
        "{n} 件快递{how}（{name}）",
        {"one": "{n} parcel {how} ({name})", "other": "{n} parcels {how} ({name})"},
    ),
    # refusals and usage errors
    "refused.supplies_address": (
        "“{text}”对不上一户：{reason}",
        "'{text}' names no one household: {reason}",
    ),
    "usage.orders_action": (
        "要做什么？dutyboard orders import FILE --batch 团购 --as 姓名",
        "say what to do: dutyboard orders import FILE --batch NAME --as NAME",
    ),
    "usage.orders_unreadable": ("读不了 {path}：{error}", "cannot read {path}: {error}"),
    "usage.batch_count_word": (
        "“{word}”不是 商品=数量，例如 青菜套餐=40",
        "'{word}' is not ITEM=N, e.g. 'Veg box=40'",
    ),
    "usage.batch_received_one": (
        "--received 只用于订了一种商品的团购；这个团购订了 {n} 种：{items}。请写 商品=数量。",
        "--received is for a group buy of one product; this one has {n}: {items}. Write ITEM=N.",
    ),
    "usage.batch_carrier_word": (
        "“{word}”不是 楼号=人，例如 5=张伟",
        "'{word}' is not BUILDING=PERSON, e.g. 5=张伟",
    ),
    "usage.parcel_no_rooms": ("没有房号。", "no rooms given."),
    "usage.export_batch_ref": (
        "导出哪个团购？dutyboard export batch 团购编号",
        "which group buy? dutyboard export batch BATCH",
    ),
    "usage.export_batch_format": (
        "分楼清单只有文本（--format text），不能是 {format}。",
        "the batch sheet is text only (--format text), not {format}.",
    ),
    "usage.export_batch_only": (
        "export {kind} 不用 BATCH 和 --building；它们只用于 export batch。",
        "export {kind}: BATCH and --building go with 'export batch' only.",
    ),
}

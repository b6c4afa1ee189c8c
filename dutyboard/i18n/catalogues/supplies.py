"""Strings of the supplies group: offers, vetting, batches at the gate, parcels."""

STRINGS: dict[str, tuple[str, str]] = {
    # offer states and batch stages
    "offer.state.draft": ("待审核", "draft"),
    "offer.state.approved": ("已批准", "approved"),
    "offer.state.rejected": ("已拒绝", "rejected"),
    "offer.state.cancelled": ("已取消", "cancelled"),
    "offer.state.released": ("已放行", "released"),
    "batch.stage.draft": ("待审核", "draft"),
    "batch.stage.approved": ("已批准 待到货", "approved, not here yet"),
    "batch.stage.arrived": ("已到货 待清点", "arrived, to count"),
    "batch.stage.counted": ("已清点 待消杀", "counted, to spray"),
    "batch.stage.resting": ("消杀静置中", "sprayed, resting"),
    "batch.stage.ready": ("可放行", "ready to release"),
    "batch.stage.released": ("已放行 配送中", "released, delivering"),
    "batch.stage.rejected": ("已拒绝", "rejected"),
    "batch.stage.cancelled": ("已取消", "cancelled"),
    "paper.state.ok": ("已核 ✓", "checked ✓"),
    "paper.state.missing": ("缺", "missing"),
    "paper.state.expired": ("已过期", "expired"),
    "paper.required": ("必需", "required"),
    "paper.optional": ("可选", "optional"),
    "paper.until": ("有效至 {date}", "good until {date}"),
    "batch.door_only": ("送到门口", "to the door only"),
    "batch.sheet.title": ("【{title}】分楼清单 {code}", "[{title}] by building {code}"),
    "batch.sheet.building": ("{building}号楼 {n}户", "Building {building}: {n} households"),
    "batch.sheet.carrier": ("配送：{name}", "carried by {name}"),
    "batch.sheet.short": ("缺货：{items}", "short: {items}"),
    "batch.sheet.empty": ("（没有订单）", "(no orders)"),
    "parcel.title": ("{address} 快递×{n}", "{address} parcel×{n}"),
    "parcel.handed.door": ("送到门口", "to the door"),
    "parcel.handed.pickup": ("已自取", "picked up"),
    # refusals
    "refused.offer_unknown": ("没有找到团购“{ref}”。", "no group buy '{ref}'."),
    "refused.offer_ambiguous": (
        "“{ref}”对应 {n} 个团购；请用编号。",
        "'{ref}' matches {n} group buys; use the code.",
    ),
    "refused.offer_title": ("团购需要一个名称。", "a group buy needs a name."),
    "refused.offer_minimum": ("起订量不能是 {n}。", "the minimum order cannot be {n}."),
    "refused.offer_item": (
        "“{text}”不是商品；写法：名称/单位/价格，如 青菜套餐/份/39。",
        "'{text}' is not an item; write name/unit/price, e.g. Veg box/box/39.",
    ),
    "refused.offer_item_twice": ("同一商品写了两次。", "the same item is listed twice."),
    "refused.offer_cutoff": (
        "截单时间“{text}”看不懂；写 HH:MM 或 YYYY-MM-DD HH:MM。",
        "cut-off '{text}' is not a time; write HH:MM or YYYY-MM-DD HH:MM.",
    ),
    "refused.offer_papers": (
        "团购 {code} 还不能批准：{n} 项必需证件缺少或过期。",
        "group buy {code} cannot be approved yet: {n} required paper(s) missing or expired.",
    ),
    "refused.offer_closed": (
        "团购 {code} 已经“{state}”，不能再改。",
        "group buy {code} is already {state}; it cannot change.",
    ),
    "refused.offer_closed.released": (
        "团购 {code} 已经放行，不能再改。",
        "group buy {code} is already released; it cannot change.",
    ),
    "refused.offer_closed.rejected": (
        "团购 {code} 已被拒绝，不能再改。",
        "group buy {code} was rejected; it cannot change.",
    ),
    "refused.offer_closed.cancelled": (
        "团购 {code} 已取消，不能再改。",
        "group buy {code} was cancelled; it cannot change.",
    ),
    "refused.offer_approved": (
        "团购 {code} 已经批准过了。",
        "group buy {code} is approved already.",
    ),
    "refused.offer_arrived": (
        "团购 {code} 的货已经到了，不能拒绝；请用取消并写明原因。",
        "group buy {code} has arrived and cannot be rejected; cancel it with a reason.",
    ),
    "refused.offer_reason": ("请写明原因。", "a reason is needed."),
    "refused.paper_unknown": ("没有“{key}”这项证件。", "no paper '{key}'."),
    "refused.paper_date": (
        "证件日期“{text}”看不懂；写 YYYY-MM-DD 或 today。",
        "paper date '{text}' is not a date; write YYYY-MM-DD or today.",
    ),
    "refused.paper_future": (
        "证件日期 {text} 在今天之后。",
        "paper date {text} is after today.",
    ),
    "refused.batch_arrived_already": (
        "批次 {code} 已经登记到货。",
        "batch {code} has arrived already.",
    ),
    "refused.batch_not_arrived": ("批次 {code} 还没有到货。", "batch {code} has not arrived yet."),
    "refused.batch_not_approved": (
        "批次 {code} 还没有批准，不能放行；先核对证件并批准。",
        "batch {code} is not approved; check its papers and approve it before release.",
    ),
    "refused.batch_not_sprayed": (
        "批次 {code} 还没有消杀。",
        "batch {code} has not been sprayed yet.",
    ),
    "refused.batch_resting": (
        "批次 {code} 还在静置，还要 {n} 分钟。",
        "batch {code} is still resting: {n} more minute(s).",
    ),
    "refused.batch_no_orders": ("批次 {code} 没有订单。", "batch {code} has no orders."),
    "refused.batch_item_unknown": (
        "这个批次没有订“{item}”。",
        "nothing in this batch was ordered as '{item}'.",
    ),
    "refused.batch_count_negative": (
        "“{item}”的数量不能是 {n}。",
        "the count of '{item}' cannot be {n}.",
    ),
    "refused.batch_building_none": (
        "这个批次在 {building}号楼 没有未送的。",
        "this batch has nothing left to carry in building {building}.",
    ),
    "refused.batch_unreleased": (
        "批次 {code} 还没有放行，没有配送任务。",
        "batch {code} is not released; it has no deliveries yet.",
    ),
    "refused.orders_none": (
        "这份名单里没有可以导入的订单。",
        "this list has no orders that can be taken in.",
    ),
    "refused.parcel_count": (
        "件数 {n} 不行（1 到 {most}）。",
        "count {n} is not allowed (1 to {most}).",
    ),
    "refused.parcel_how": ("“{how}”不是交付方式。", "'{how}' is not a way to hand over."),
    "refused.parcel_not": ("{code} 不是快递。", "{code} is not a parcel."),
    "refused.parcel_door_only": (
        "{code}：{address} 所在楼栋封控，只能送到门口。",
        "{code}: {address} is in a sealed or positive building; door delivery only.",
    ),
}

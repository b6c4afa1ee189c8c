"""Strings of order intake: the 接龙 and 快团团 parsers and their problems."""

STRINGS: dict[str, tuple[str, str]] = {
    # What kind of list was read.
    "intake.kind.jielong": ("群接龙", "group-chat list (接龙)"),
    "intake.kind.ktt": ("快团团订单表", "order export (快团团)"),
    # Problems of an entry or row; the UI lists candidates separately.
    "intake.no_address": (
        "找不到门牌号（例：5-2-302）",
        "No address found (like 5-2-302)",
    ),
    "intake.unknown_building": (
        "小区里没有 {building} 号楼",
        "There is no building {building} here",
    ),
    "intake.unknown_room": (
        "住户名单里没有 {address}",
        "{address} is not in the household list",
    ),
    "intake.ambiguous_room": (
        "{room} 不止一户，请问是哪个单元",
        "More than one household is {room}: which unit?",
    ),
    "intake.several_addresses": (
        "写了几个不同的门牌号，请问送哪一户",
        "Several different addresses: which one is it?",
    ),
    "intake.bad_quantity": (
        "看不懂数量“{text}”",
        "Cannot read the quantity '{text}'",
    ),
    "intake.no_quantity": ("没有写数量", "No quantity given"),
    "intake.no_entries": (
        "没有找到带编号的接龙（1. 2. 3. …）",
        "No numbered entries (1. 2. 3. …) found",
    ),
    "intake.note_other_address": (
        "备注里写了另一个地址 {address}，请核对",
        "The note names another address, {address}: check it",
    ),
    "intake.detail_other_address": (
        "详细地址写的是 {address}，和楼号房号不一样，请核对",
        "The full address says {address}, not the building and room given: check it",
    ),
}

"""The numbers the demo community is built from: how many, what share, how often."""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_HOUSEHOLDS = 196
DEFAULT_VOLUNTEERS = 128
RESIDENTS_PER_HOUSEHOLD = 560 / 196  # about 560 residents in fewer than 200 households
ELDERLY_ALONE_SHARE = 34 / 196  # 34 elderly-alone households
PARTY_SHARE = 0.3
TWO_GROUP_SHARE = 0.06  # a few volunteers sign up for two groups
NEWCOMERS_PER_128 = 20  # residents who volunteered as soon as their building was unsealed
FULL_OCCUPANCY = 0.95  # more households than this share of the rooms: add buildings
TARGET_OCCUPANCY = 0.85  # ... until this share of the rooms is lived in
DEMO_DEVICE = "demo"
NO_SHOW_RATE = 0.04
FAILED_DELIVERY_RATE = 0.02

# Two volunteers share this name (同名), so that name lookups can be shown refusing
# an ambiguous name and asking for a phone number instead.
DUPLICATE_NAME = "张伟"
# The old couple in building 5 from the report: the husband half-paralysed after a
# stroke, the home-care worker could not come in, a neighbour upstairs helped him bathe.
ELDERLY_COUPLE_BUILDING = 5
ELDERLY_COUPLE_NOTE = "老伴中风半瘫，楼上邻居帮助洗澡"
POSITIVE_BUILDING = 9  # today's 涉阳楼栋 when the community has a building 9

# Volunteers per group out of 128: delivery and testing need the most hands.
GROUP_WEIGHTS: Mapping[str, int] = {
    "supplies": 16,
    "delivery": 34,
    "disinfection": 20,
    "medicine": 10,
    "testing": 30,
    "care": 18,
}
OTHER_GROUP_WEIGHT = 15

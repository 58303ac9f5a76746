from decimal import Decimal

from common.figures import compute_figures
from xianfeng.tests import factories as f

KEY = "rural_party_members"


def _count(unit) -> int | Decimal:
    return compute_figures(unit, 2010, [KEY])[KEY]


def test_rural_party_members_count_only_members_organized_through_a_party_group(county):
    f.member(county.village_a1, county.group_a1)
    f.member(county.village_a1)  # a member of the branch, in no party group
    f.member(county.village_a2)  # the same, in the other village of township A
    f.member(county.village_b1, county.group_b1)
    f.person(county.village_a1)  # not a party member
    assert _count(county.county) == 2
    assert _count(county.township_a) == 1
    assert _count(county.village_a1) == 1
    assert _count(county.village_a2) == 0

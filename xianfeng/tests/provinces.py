"""A small world above the counties for tests: two provinces, three prefectures, four counties.

福建省 (35) holds 南平市 (3507) with 政和县 (350725) and 邵武市 (350781), and 福州市 (3501) with
闽侯县 (350121); 江西省 (36) holds 赣州市 (3607) with 赣县 (360721), outside a Fujian admin's scope.
Each county has one township of two villages, a party group in each and members (the first
village of each county one more, so that sums are told apart from copies).
"""

from dataclasses import dataclass, field

from organizations.models import Organization

from . import factories as f


@dataclass
class ProvinceWorld:
    province: Organization
    nanping: Organization
    fuzhou: Organization
    other_province: Organization
    ganzhou: Organization
    counties: dict[str, Organization] = field(default_factory=dict)
    villages: dict[str, list[Organization]] = field(default_factory=dict)
    # Users bound to 福建省 and to 南平市 (the ``province_world`` fixture makes them).
    province_admin: object = None
    prefecture_admin: object = None

    @property
    def zhenghe(self) -> Organization:
        return self.counties["350725"]

    @property
    def shaowu(self) -> Organization:
        return self.counties["350781"]

    @property
    def gan(self) -> Organization:
        return self.counties["360721"]


def county_with_villages(world: ProvinceWorld, prefecture: Organization, code: str, name: str, members: int) -> None:
    county = f.county(code, name, "", prefecture=prefecture)
    township = f.township(county, "100", f"{name}第一镇")
    villages = [f.village(township, "201", f"{name}甲村"), f.village(township, "202", f"{name}乙村")]
    for index, village in enumerate(villages):
        group = f.party_group(village, f"{village.name}党小组")
        for n in range(members + (1 if index == 0 else 0)):
            f.member(village, group, name=f"{village.name}党员{n}")
    world.counties[code] = county
    world.villages[code] = villages


def province_world(*, extra_counties: int = 0) -> ProvinceWorld:
    """Build the world; ``extra_counties`` more counties under 南平市 (350782, 350783…) for query counts."""
    fujian = f.province("35", "福建省", "Fujian Province")
    jiangxi = f.province("36", "江西省", "Jiangxi Province")
    world = ProvinceWorld(
        province=fujian,
        nanping=f.prefecture(fujian, "07", "南平市", "Nanping"),
        fuzhou=f.prefecture(fujian, "01", "福州市", "Fuzhou"),
        other_province=jiangxi,
        ganzhou=f.prefecture(jiangxi, "07", "赣州市", "Ganzhou"),
    )
    county_with_villages(world, world.nanping, "350725", "政和县", 2)
    county_with_villages(world, world.nanping, "350781", "邵武市", 3)
    county_with_villages(world, world.fuzhou, "350121", "闽侯县", 1)
    county_with_villages(world, world.ganzhou, "360721", "赣县", 4)
    for n in range(extra_counties):
        county_with_villages(world, world.nanping, f"3507{82 + n}", f"试点{n + 1}县", 1)
    return world

"""The tree (F-ORG): the county (under its prefecture and province), townships, villages and party groups."""

from django.utils.translation import gettext

from organizations import services
from organizations.models import GroupBasis

from ..schema import FIRST_VILLAGE_NUMBER
from ..synthetic import INDUSTRIES, SPECIALTIES, ordinal, split, village_names
from . import BuildContext, builder

# Share of a village's groups (after its first, which is always by locality) by basis.
BASIS_WEIGHTS = ((GroupBasis.LOCALITY, 50), (GroupBasis.INDUSTRY, 35), (GroupBasis.SPECIALTY, 15))


@builder("organizations", order=10, figures=("administrative_villages", "party_groups"))
def build_tree(ctx: BuildContext) -> str:
    s = ctx.scenario
    rng = ctx.rng("organizations")
    prefecture = services.upper_levels_ensure(
        county_code=s.county_code,
        province_name=s.province_name,
        province_name_en=s.province_name_en,
        prefecture_name=s.prefecture_name,
        prefecture_name_en=s.prefecture_name_en,
    )
    ctx.county = services.county_create(
        code=s.county_code, name=s.county_name, name_en=s.county_name_en, prefecture=prefecture
    )
    avoid = {t.name[:-1] for t in s.townships}  # a village is not named after its township's seat
    names = iter(village_names(rng, sum(t.villages for t in s.townships), avoid))
    for spec in s.townships:
        township = services.township_create(county=ctx.county, code=spec.code, name=spec.name, name_en=spec.name_en)
        ctx.townships.append(township)
        villages = []
        for number in range(FIRST_VILLAGE_NUMBER, FIRST_VILLAGE_NUMBER + spec.villages):
            name, name_en = next(names)
            villages.append(
                services.village_create(township=township, code=f"{spec.code}{number:03d}", name=name, name_en=name_en)
            )
        ctx.villages[township.code] = villages
    villages = ctx.all_villages()
    # Bigger villages have more groups; every village has at least one.
    weights = [rng.uniform(0.6, 1.6) for _v in villages]
    counts = split(rng, s.figure("party_groups"), weights)
    for village, count in zip(villages, counts, strict=True):
        ctx.groups[village.code] = [
            services.party_group_create(village=village, code=f"{village.code}{n:03d}", name=name, basis=basis)
            for n, (name, basis) in enumerate(_group_names(rng, count), start=1)
        ]
    return gettext("%(townships)d 个乡镇、%(villages)d 个行政村、%(groups)d 个党小组") % {
        "townships": len(ctx.townships),
        "villages": len(villages),
        "groups": sum(counts),
    }


def _group_names(rng, count: int) -> list[tuple[str, str]]:
    """Return ``count`` (name, basis) pairs, distinct within one village.

    Names are data in the county's language, not interface text, so they are not translated.
    """
    industries = rng.sample(INDUSTRIES, len(INDUSTRIES))
    specialties = rng.sample(SPECIALTIES, len(SPECIALTIES))
    bases, weights = zip(*BASIS_WEIGHTS, strict=True)
    result, localities = [], 0
    for index in range(count):
        basis = GroupBasis.LOCALITY if index == 0 else rng.choices(bases, weights=weights)[0]
        if basis == GroupBasis.INDUSTRY and industries:
            result.append((f"{industries.pop()}产业党小组", basis))
        elif basis == GroupBasis.SPECIALTY and specialties:
            result.append((f"{specialties.pop()}党小组", basis))
        else:
            localities += 1
            number = ordinal(localities) if localities < 100 else str(localities)
            result.append((f"第{number}党小组", GroupBasis.LOCALITY))
    return result

"""Households in difficulty (困难户, F-PEOPLE), spread over the villages.

The scenario states how many are *paired* with a member (``households_paired``, built
by a later issue), not how many there are: we create somewhat more, as a county's
register always holds households nobody has taken on yet.
"""

import math

from django.utils.translation import gettext

from people.bulk import HouseholdRow, households_upsert
from people.models import HouseholdCause, HouseholdStatus, Sex

from .. import synthetic as syn
from . import BuildContext, BuildError, builder

UNPAIRED_MARGIN = 1.14
PER_VILLAGE_WITHOUT_FIGURE = 19
CAUSE_WEIGHTS = (
    (HouseholdCause.ILLNESS, 35),
    (HouseholdCause.DISABILITY, 15),
    (HouseholdCause.DISASTER, 8),
    (HouseholdCause.EDUCATION, 15),
    (HouseholdCause.LABOUR, 17),
    (HouseholdCause.OTHER, 10),
)
STATUS_WEIGHTS = ((HouseholdStatus.IN_DIFFICULTY, 86), (HouseholdStatus.IMPROVING, 10), (HouseholdStatus.OUT, 4))
SIZE_WEIGHTS = ((1, 12), (2, 22), (3, 24), (4, 22), (5, 13), (6, 7))


def household_count(ctx: BuildContext) -> int:
    villages = len(ctx.all_villages())
    paired = ctx.scenario.figures.get("households_paired")
    if paired is None:
        return villages * PER_VILLAGE_WITHOUT_FIGURE
    return max(villages, math.ceil(int(paired) * UNPAIRED_MARGIN))


@builder("households", order=40)
def build_households(ctx: BuildContext) -> str:
    rng = ctx.rng("households")
    villages = ctx.all_villages()
    counts = syn.split(rng, household_count(ctx), [rng.uniform(0.5, 1.5) for _v in villages])
    causes, cause_weights = [str(c) for c, _w in CAUSE_WEIGHTS], [w for _c, w in CAUSE_WEIGHTS]
    statuses, status_weights = [str(s) for s, _w in STATUS_WEIGHTS], [w for _s, w in STATUS_WEIGHTS]
    sizes, size_weights = [s for s, _w in SIZE_WEIGHTS], [w for _s, w in SIZE_WEIGHTS]
    rows = []
    for village, count in zip(villages, counts, strict=True):
        for _n in range(count):
            sex = Sex.MALE if rng.random() < 0.8 else Sex.FEMALE
            born = syn.birth_date(rng, ctx.scenario.period_end, 28, 86, mode=62)
            rows.append(
                HouseholdRow(
                    head_name=syn.person_name(rng, sex),
                    head_id_number=ctx.ids.make(rng, born, sex),
                    village_code=village.code,
                    size=rng.choices(sizes, weights=size_weights)[0],
                    cause=rng.choices(causes, weights=cause_weights)[0],
                    status=rng.choices(statuses, weights=status_weights)[0],
                    head_sex=sex,
                    head_birth_date=born,
                )
            )
    result = households_upsert(rows)
    if not result.ok:
        raise BuildError("; ".join(f"row {e.row} {e.field}: {e.message}" for e in result.errors[:5]))
    return gettext("%(households)d 户困难户") % {"households": result.created}

"""A recruitment file walked through its steps at plausible dates (shared by the tests)."""

import datetime as dt

from membership import services
from membership.models import Recruit
from membership.steps import STEPS
from organizations.models import Organization
from people.models import Person
from xianfeng.tests import factories as f

APPLIED = dt.date(2008, 3, 1)
# The day each step is done: talk within the month, activist after 3 months, candidate a year and a half later…
DAYS = {
    "apply": APPLIED,
    "talk": dt.date(2008, 3, 20),
    "activist": dt.date(2008, 6, 1),
    "activist_filed": dt.date(2008, 6, 10),
    "contacts": dt.date(2008, 6, 15),
    "assessment": dt.date(2008, 12, 1),
    "candidate": dt.date(2009, 6, 10),
    "candidate_filed": dt.date(2009, 6, 20),
    "introducers": dt.date(2009, 6, 25),
    "review": dt.date(2009, 7, 10),
    "training": dt.date(2009, 7, 20),
    "committee_review": dt.date(2009, 8, 1),
    "pre_review": dt.date(2009, 8, 10),
    "form": dt.date(2009, 8, 15),
    "assembly": dt.date(2009, 8, 25),
    "committee_talk": dt.date(2009, 9, 10),
    "approval": dt.date(2009, 10, 10),
    "approval_filed": dt.date(2009, 10, 20),
    "placed": dt.date(2009, 10, 25),
    "oath": dt.date(2009, 11, 1),
    "probation_education": dt.date(2010, 3, 1),
    "conversion_request": dt.date(2010, 8, 1),
    "conversion_assembly": dt.date(2010, 8, 26),
    "conversion_approval": dt.date(2010, 9, 10),
    "archived": dt.date(2010, 9, 20),
}


def extras(code: str, branch: Organization, group: Organization | None, helpers: tuple[Person, Person]) -> dict:
    if code in ("contacts", "introducers"):
        return {"first_person": helpers[0], "second_person": helpers[1]}
    if code == "training":
        return {"days": 3, "hours": 24}
    if code == "placed":
        return {"party_group": group}
    return {}


def walk(
    branch: Organization, group: Organization | None = None, *, until: str = "archived", person: Person | None = None
) -> Recruit:
    """Open a file and record every step up to ``until`` on its day of DAYS."""
    helpers = (f.member(branch, group), f.member(branch, group))
    applicant = person or f.person(branch, born=dt.date(1985, 1, 1))
    recruit = services.recruit_apply(person=applicant, branch=branch, applied_on=APPLIED, basis="入党申请书")
    for step in STEPS[1:] if until != "apply" else ():
        services.step_record(
            recruit=recruit,
            step=step.code,
            on=DAYS[step.code],
            basis=f"{step.name_zh}记录",
            **extras(step.code, branch, group, helpers),
        )
        if step.code == until:
            break
    recruit.refresh_from_db()
    return recruit

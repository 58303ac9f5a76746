"""The county's time rules (R-RECRUIT, R-TRANSFER): its RecruitmentRules row, or the 2014 rules' defaults."""

from common.division_codes import county_code
from organizations.models import Organization

from .models import RecruitmentRules


def rules_for(unit: Organization) -> RecruitmentRules:
    """The rules of the county ``unit`` lies in (an unsaved row of defaults when the county set none)."""
    code = county_code(unit.code)
    found = RecruitmentRules.objects.filter(county__code=code).first()
    if found is not None:
        return found
    county = Organization.objects.filter(code=code).first() or unit
    return RecruitmentRules(county=county)

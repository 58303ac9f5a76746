"""A county's settings in one place: meeting cadence and dues range (branch life), points rules, recruitment time rules.

``GET /api/v1/counties/{code}/settings/`` reads them, defaults included, for anyone who may see the county;
``PATCH`` changes any of the four sections, by a county admin (CONFIGURE on the county, as the three
settings pages ask; without it the county is as if missing, 404). Each value goes through the page's
service (``cadence_set``, ``dues_range_set``, ``rule_set``, ``rules_set``) inside one transaction: a refusal
anywhere leaves every section as it was. Changed points rules re-derive the county's ledger, as the page.
"""

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from branch_life import services as branch_life
from branch_life.models import CADENCE_CHOICES, MeetingKind
from branch_life.rules import cadence_of
from common.scope import Right
from membership import services as membership
from membership.config import rules_for
from membership.forms import RulesForm
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_or_404
from points import services as points
from points.models import Fact, PointRule

from ..base import ScopedAPIView
from ..schema import ERRORS, WRITE_ERRORS

RULE_NAMES: list[str] = list(RulesForm.Meta.fields)


class DuesRangeSerializer(serializers.Serializer):
    minimum = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, help_text="yuan a month")
    maximum = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0, help_text="yuan a month")


class PointRuleSerializer(serializers.Serializer):
    fact = serializers.ChoiceField(choices=Fact.choices)
    points = serializers.IntegerField(min_value=0, max_value=100000)
    monthly_cap = serializers.IntegerField(min_value=0, max_value=1000000, allow_null=True, help_text="null: no cap")


class CadenceSerializer(serializers.Serializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in MeetingKind:
            self.fields[kind.value] = serializers.ChoiceField(
                choices=CADENCE_CHOICES, required=False, help_text="months between meetings"
            )


class RecruitmentRulesSerializer(serializers.Serializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in RULE_NAMES:
            self.fields[name] = serializers.IntegerField(min_value=1, max_value=999, required=False)


class SettingsSerializer(serializers.Serializer):
    county = serializers.CharField(read_only=True)
    cadence = CadenceSerializer(required=False, help_text="each kind of meeting: at least one every so many months")
    dues_range = DuesRangeSerializer(required=False, help_text="a rural member's monthly dues, lowest and highest")
    points = PointRuleSerializer(many=True, required=False, help_text="points per fact and monthly cap")
    recruitment = RecruitmentRulesSerializer(required=False, help_text="recruitment and transfer time rules")


def current(county: Organization) -> dict[str, Any]:
    low, high = branch_life.dues_range_of(county.code)
    rules = {r.fact: r for r in PointRule.objects.filter(county=county)}
    recruitment = rules_for(county)
    return {
        "county": county.code,
        "cadence": cadence_of(county.code),
        "dues_range": {"minimum": low, "maximum": high},
        "points": [
            {
                "fact": fact,
                "points": rules[fact].points if fact in rules else 0,
                "monthly_cap": rules[fact].monthly_cap if fact in rules else None,
            }
            for fact in Fact.values
        ],
        "recruitment": {name: getattr(recruitment, name) for name in RULE_NAMES},
    }


class CountySettings(ScopedAPIView):
    @extend_schema(tags=["settings"], responses={200: SettingsSerializer, **ERRORS})
    def get(self, request: Request, code: str) -> Response:
        county = organization_or_404(self.scope, code, kind=OrganizationKind.COUNTY)
        return Response(SettingsSerializer(current(county)).data)

    @extend_schema(tags=["settings"], request=SettingsSerializer, responses={200: SettingsSerializer, **WRITE_ERRORS})
    def patch(self, request: Request, code: str) -> Response:
        """Change any of the county's settings; sections and keys left out stay as they are."""
        county = organization_or_404(self.scope, code, right=Right.CONFIGURE, kind=OrganizationKind.COUNTY)
        data = SettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with transaction.atomic():
            for kind, months in values.get("cadence", {}).items():
                branch_life.cadence_set(county=county, kind=kind, months=months)
            if "dues_range" in values:
                branch_life.dues_range_set(county=county, **values["dues_range"])
            for rule in values.get("points", []):
                points.rule_set(county=county, **rule)
            if values.get("recruitment"):
                membership.rules_set(county=county, values=dict(values["recruitment"]))
            if values.get("points"):
                points.points_sync(county=county)
        return Response(SettingsSerializer(current(county)).data)

import datetime as dt

import pytest
from django.test import override_settings

from common.scope import Right, Scope
from member_records import services
from member_records.kinds import DIFFICULTIES, FAMILY, POSTS, SANCTIONS
from xianfeng.tests import factories as f

TODAY = dt.date(2010, 12, 20)
# Full rights on the whole county (services are asked with a scope; the pages build theirs from the user).
COUNTY_SCOPE = Scope(
    user_id=1, read_codes=("350725",), grants={Right.MANAGE: ("350725",), Right.SEE_UNMASKED: ("350725",)}
)


@pytest.fixture(autouse=True)
def campaign_today():
    with override_settings(XIANFENG_TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def village_admin_a1(county):
    return f.user("village_a1", "village_admin", organization=county.village_a1)


@pytest.fixture
def records(county, personas):
    """李党员 (念山村) with one row of each kind; his family member's phone is personal data."""
    li = personas.member_person
    s = COUNTY_SCOPE
    post = services.record_save(
        scope=s,
        kind=POSTS,
        person=li,
        values={"title": "村党支部委员", "organization": "念山村党支部", "start": dt.date(2005, 3, 1), "end": None},
    )
    sanction = services.record_save(
        scope=s,
        kind=SANCTIONS,
        person=li,
        values={
            "kind": "reward",
            "name": "优秀共产党员",
            "granted_by": "中共政和县委",
            "on": dt.date(2009, 7, 1),
            "document_number": "政委〔2009〕12号",
        },
    )
    family = services.record_save(
        scope=s,
        kind=FAMILY,
        person=li,
        values={
            "relation": "spouse",
            "name": "王秀英",
            "employer": "务农",
            "political_status": "masses",
            "phone": "13905551234",
        },
    )
    difficulty = services.record_save(
        scope=s,
        kind=DIFFICULTIES,
        person=li,
        values={"kind": "illness", "description": "妻子慢性病", "since": dt.date(2008, 5, 1), "help_given": "县慰问金"},
    )
    return {"person": li, "posts": post, "sanctions": sanction, "family": family, "difficulties": difficulty}

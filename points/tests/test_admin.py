"""The points models in the Django admin: listed and opened, never added, changed or deleted there."""

import datetime as dt

import pytest

from branch_life import services as branch_life
from points import services
from points.models import Fact, PointEntry, PointRule
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(county, personas, supermarket):
    services.rule_set(county=county.county, fact=Fact.MEETING, points=10, monthly_cap=None)
    branch_life.meeting_record(
        branch=county.village_a1,
        kind="theme_day",
        date=dt.date(2010, 3, 5),
        topic="学习",
        attendance={personas.member_person.pk: "present"},
    )
    services.points_sync(county=county.county)
    item = services.stock_set(supermarket=supermarket, name="大米", price=5, quantity=3)
    return PointEntry.objects.get(), item, county


def test_the_admin_reads_the_points_models_and_changes_none(client, ledger):
    entry, item, _county = ledger
    client.force_login(f.superuser("root"))
    rows = {"pointentry": entry, "pointrule": PointRule.objects.get(), "stockitem": item}
    for model, row in rows.items():
        base = f"/admin/points/{model}/"
        listing = client.get(base)
        assert listing.status_code == 200 and "_addlink" not in listing.content.decode()
        assert client.get(f"{base}add/").status_code == 403
        change = client.get(f"{base}{row.pk}/change/")
        assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
        assert client.post(f"{base}{row.pk}/change/", {"points": "999"}).status_code == 403
        assert client.post(f"{base}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    item.refresh_from_db()
    assert entry.points == 10 and item.quantity == 3 and PointEntry.objects.count() == 1

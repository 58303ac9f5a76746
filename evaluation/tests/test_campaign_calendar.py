"""One campaign calendar: every page with a year or a day opens on the same one, the viewer's pick is kept
across pages in the session, and a pick without a period on record is refused."""

import datetime as dt

import pytest
from django.urls import reverse

from common.params import campaign_of
from evaluation import services
from evaluation.campaign_calendar import SESSION_KEY, campaign_for
from evaluation.models import AssessmentPeriod

pytestmark = pytest.mark.django_db


def period(county, year: int) -> AssessmentPeriod:
    return services.period_create(
        county=county,
        year=year,
        name=f"{year}年度创先争优考评",
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        self_deadline=dt.date(year, 12, 15),
        review_deadline=dt.date(year, 12, 25),
        approval_deadline=dt.date(year, 12, 31),
    )


@pytest.fixture
def periods(county, settings):
    settings.XIANFENG_TODAY = "2010-11-15"
    return {year: period(county.county, year) for year in (2009, 2010)}


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas.county_admin)
    return client


def scope_of(user):
    from accounts.scope import scope_for_user

    return scope_for_user(user)


def test_the_current_period_holds_the_campaigns_today(periods, personas):
    campaign = campaign_for(scope_of(personas.county_admin))
    assert (campaign.year, campaign.day, campaign.years) == (2010, dt.date(2010, 11, 15), (2010, 2009))
    assert not campaign.picked


def test_a_period_created_ahead_does_not_become_the_current_one(periods, county, personas):
    # The report once opened on a period just created (no records yet) and ran to 791,000 px.
    period(county.county, 2011)
    campaign = campaign_for(scope_of(personas.county_admin))
    assert (campaign.year, campaign.day) == (2010, dt.date(2010, 11, 15))
    assert campaign.years == (2011, 2010, 2009)


def test_after_the_last_period_ends_its_last_day_is_judged(periods, personas, settings):
    settings.XIANFENG_TODAY = "2011-03-01"
    campaign = campaign_for(scope_of(personas.county_admin))
    assert (campaign.year, campaign.day) == (2010, dt.date(2010, 12, 31))


def test_a_picked_year_is_judged_within_its_period_and_an_unknown_pick_is_ignored(periods, personas):
    scope = scope_of(personas.county_admin)
    picked = campaign_for(scope, 2009)
    assert (picked.year, picked.day, picked.picked) == (2009, dt.date(2009, 12, 31), True)
    assert campaign_for(scope, 1999).year == 2010
    assert campaign_for(scope, "junk").year == 2010


def test_without_periods_the_campaigns_today_is_used(db, personas, settings):
    settings.XIANFENG_TODAY = "2010-11-15"
    campaign = campaign_for(scope_of(personas.county_admin))
    assert (campaign.year, campaign.day, campaign.years) == (2010, dt.date(2010, 11, 15), ())


def test_outside_a_request_with_the_calendar_the_campaigns_today(settings, rf):
    settings.XIANFENG_TODAY = "2010-11-15"
    assert campaign_of(rf.get("/")).day == dt.date(2010, 11, 15)


# Every page whose records depend on a year or a day, with the context variable holding it.
YEAR_PAGES = [
    ("reports:dashboard", "year"),
    ("reports:report", "year"),
    ("reports:figures", "year"),
    ("practice:posts", "year"),
    ("practice:commitments", "year"),
    ("supervision:index", "year"),
]
DAY_PAGES = [
    ("rules:compliance", "on"),
    ("pairing:list", "on"),
    ("leadership:list", "on"),
    ("supervision:contact_point_list", "on"),
]


def opened_on(client, name: str, key: str) -> int:
    response = client.get(reverse(name))
    assert response.status_code == 200, name
    value = response.context[key]
    return value if isinstance(value, int) else value.year


def test_pages_with_a_period_default_to_the_same_one(periods, county, admin_client):
    period(county.county, 2011)  # created ahead: no page may open on it
    for name, key in YEAR_PAGES + DAY_PAGES:
        assert opened_on(admin_client, name, key) == 2010, name
    assert admin_client.get(reverse("rules:compliance")).context["on"] == dt.date(2010, 11, 15)
    assert admin_client.get(reverse("evaluation:ranking")).context["period"].year == 2010
    assessments = admin_client.get(reverse("evaluation:assessments"))
    assert assessments.context["form"].initial["period"].year == 2010


def test_the_pick_is_kept_in_the_session_and_honoured_by_every_page(periods, admin_client):
    response = admin_client.post(
        reverse("evaluation:campaign_year"), {"year": "2009", "next": reverse("practice:posts") + "?year=2010&x=1"}
    )
    # Back to the page, without its own year: the pick shows at once.
    assert response.status_code == 302 and response["Location"] == reverse("practice:posts") + "?x=1"
    assert admin_client.session[SESSION_KEY] == 2009
    for name, key in YEAR_PAGES + DAY_PAGES:
        assert opened_on(admin_client, name, key) == 2009, name
    assert admin_client.get(reverse("rules:compliance")).context["on"] == dt.date(2009, 12, 31)
    assert admin_client.get(reverse("evaluation:ranking")).context["period"].year == 2009
    # An explicit ?year= still chooses for one page, without changing the pick.
    assert admin_client.get(reverse("practice:posts"), {"year": "2010"}).context["year"] == 2010
    assert admin_client.get(reverse("practice:posts")).context["year"] == 2009


def test_the_navigation_shows_the_campaign_year_and_the_demo_date(periods, admin_client, settings):
    page = admin_client.get(reverse("practice:posts")).content.decode()
    assert 'data-campaign-year="2010"' in page and "活动年度" in page
    assert 'data-demo-date="2010-11-15"' in page and "演示日期" in page
    admin_client.post(reverse("evaluation:campaign_year"), {"year": "2009"})
    assert 'data-campaign-year="2009"' in admin_client.get(reverse("home")).content.decode()
    settings.XIANFENG_TODAY = ""
    assert "data-demo-date" not in admin_client.get(reverse("home")).content.decode()


def test_the_navigation_speaks_english(periods, admin_client):
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Campaign year" in page and "Demo date" in page
    # Years are not numbers to localize: "2,010" would not even be accepted back.
    assert 'value="2009"' in page and 'data-campaign-year="2010"' in page and "2,0" not in page


@pytest.mark.parametrize("value", ["2042", "1999", "junk", ""])
def test_a_year_without_a_period_is_refused_and_changes_nothing(periods, admin_client, value):
    admin_client.post(reverse("evaluation:campaign_year"), {"year": "2009"})
    response = admin_client.post(reverse("evaluation:campaign_year"), {"year": value}, follow=True)
    assert admin_client.session[SESSION_KEY] == 2009
    messages = [str(m) for m in response.context["messages"]]
    assert any("活动年度未改变" in m for m in messages)


def test_the_pick_needs_a_post_and_a_login(periods, client):
    assert client.post(reverse("evaluation:campaign_year"), {"year": "2009"}).status_code == 302
    assert SESSION_KEY not in client.session


def test_the_pick_refuses_a_redirect_off_the_site(periods, admin_client):
    response = admin_client.post(reverse("evaluation:campaign_year"), {"year": "2009", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")

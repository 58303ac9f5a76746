"""A birth date in the future or before 1900 is refused on every path, with or without an ID number (issue 10, 12)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from exchange.tests.helpers import errors_of, run, xlsx
from people import services
from people.id_numbers import make_id_number
from people.models import PartyMembership, Person, validate_birth_date

pytestmark = pytest.mark.django_db

TOO_EARLY = "出生日期不能早于1900年。"
IN_FUTURE = "出生日期不能晚于今天。"


def _tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(e.code) for e in exc.value.error_dict["birth_date"]]


def test_the_bounds_themselves():
    validate_birth_date(dt.date(1900, 1, 1))
    validate_birth_date(timezone.localdate())
    with pytest.raises(ValidationError) as early:
        validate_birth_date(dt.date(1899, 12, 31))
    assert early.value.code == "birth_date_too_early" and early.value.messages == [TOO_EARLY]
    with pytest.raises(ValidationError) as future:
        validate_birth_date(_tomorrow())
    assert future.value.code == "in_future" and future.value.messages == [IN_FUTURE]
    with translation.override("en"), pytest.raises(ValidationError) as english:
        validate_birth_date(dt.date(1800, 1, 1))
    assert english.value.messages == ["The date of birth cannot be before 1900."]


@pytest.mark.parametrize(("born", "code"), [(dt.date(1800, 5, 1), "birth_date_too_early"), (None, "in_future")])
def test_the_service_refuses_without_an_id_number(county, born, code):
    born = born or _tomorrow()
    with pytest.raises(ValidationError) as exc:
        services.person_create(name="王未来", sex="M", birth_date=born, id_number="", home_village=county.village_a1)
    assert _codes(exc) == [code]
    assert not Person.objects.filter(name="王未来").exists()


def test_an_update_is_refused_too(county):
    person = services.person_create(
        name="王现在", sex="M", birth_date=dt.date(1970, 1, 1), id_number="", home_village=county.village_a1
    )
    with pytest.raises(ValidationError) as exc:
        services.person_update(person=person, birth_date=dt.date(1899, 1, 1))
    assert _codes(exc) == ["birth_date_too_early"]
    person.refresh_from_db()
    assert person.birth_date == dt.date(1970, 1, 1)


def _post(county, **overrides) -> dict:
    data = {
        "name": "陈新人",
        "sex": "M",
        "birth_date": "1980-02-29",
        "id_number": "",
        "phone": "",
        "education": "senior",
        "home_village": county.village_a1.pk,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("born", "message"), [("1899-12-31", TOO_EARLY), ("future", IN_FUTURE)])
def test_the_person_page_refuses_and_writes_nothing(client, personas, county, born, message):
    client.force_login(personas.township_admin_a)
    born = _tomorrow().isoformat() if born == "future" else born
    before = Person.objects.count()
    response = client.post(reverse("people:person_create"), _post(county, birth_date=born))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Person.objects.count() == before
    # The same form with a plausible date is accepted: the refusal was the date's.
    assert client.post(reverse("people:person_create"), _post(county)).status_code == 302


def test_the_person_page_refuses_in_english(client, personas, county):
    client.force_login(personas.township_admin_a)
    response = client.post(
        reverse("people:person_create"), _post(county, birth_date="1850-01-01"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "The date of birth cannot be before 1900." in response.content.decode()


MEMBER_HEADERS = ["姓名", "身份证号", "性别", "出生日期", "村代码", "党员类别", "入党日期"]


def test_the_import_refuses_the_row_and_commits_nothing(county, personas):
    born = dt.date(1970, 5, 17)
    number = make_id_number("350725", born, 31, "M")
    data = xlsx(
        MEMBER_HEADERS,
        [
            ["陈古人", number, "男", "1850-05-17", county.village_a1.code, "正式党员", "1998-07-01"],
            [
                "陈来人",
                make_id_number("350725", born, 32, "M"),
                "男",
                _tomorrow(),
                county.village_a1.code,
                "正式党员",
                "1998-07-01",
            ],
        ],
    )
    before = (Person.objects.count(), PartyMembership.objects.count())
    with translation.override("zh-hans"):
        report = run("members", data, user=personas.county_admin, commit=True)
    messages = [(row, column, message) for row, column, message in errors_of(report) if column == "出生日期"]
    assert (2, "出生日期", TOO_EARLY) in messages
    assert (3, "出生日期", IN_FUTURE) in messages
    assert (Person.objects.count(), PartyMembership.objects.count()) == before

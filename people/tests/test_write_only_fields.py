"""An editor who may not see a person's ID number, phone and birth date may replace them but never read them."""

import datetime as dt

import pytest
from django.urls import reverse

from people.id_numbers import make_id_number
from people.models import Person

pytestmark = pytest.mark.django_db


def _post(person: Person, **overrides: str) -> dict[str, str]:
    data = {
        "name": person.name,
        "sex": person.sex,
        "birth_date": "",
        "id_number": "",
        "phone": "",
        "education": "",
        "home_village": str(person.home_village_id),
        "is_member": "on",
        "member_status": person.membership.status,
        "member_joined_on": person.membership.joined_on.isoformat(),
        "member_branch": str(person.membership.branch_id),
        "member_party_group": str(person.membership.party_group_id or ""),
    }
    data.update(overrides)
    return data


def _stored(person: Person) -> tuple:
    person.refresh_from_db()
    return (person.name, person.id_number, person.phone, person.birth_date)


def test_the_edit_page_carries_no_value_only_that_one_is_on_record(client, personas):
    person = personas.member_person
    client.force_login(personas.township_admin_a)
    html = client.get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert person.id_number not in html and person.phone not in html
    assert person.birth_date.isoformat() not in html and person.id_number[6:14] not in html
    assert 'name="id_number"' in html and 'placeholder="已登记（留空则不修改）"' in html
    assert f"{person.birth_date.year}年" in html


def test_the_edit_page_in_english_says_on_record(client, personas):
    person = personas.member_person
    client.force_login(personas.township_admin_a)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert "On record (leave empty to keep)" in html
    assert person.id_number not in html


def test_left_empty_the_stored_values_are_kept(client, personas):
    person = personas.member_person
    before = _stored(person)
    client.force_login(personas.township_admin_a)
    response = client.post(reverse("people:person_edit", args=[person.pk]), _post(person, name="李新名"))
    assert response.status_code == 302
    assert _stored(person) == ("李新名", *before[1:])


def test_typed_values_replace_the_stored_ones(client, personas):
    person = personas.member_person
    born = dt.date(1971, 6, 1)
    number = make_id_number("350725", born, 88, person.sex)
    client.force_login(personas.township_admin_a)
    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        _post(person, id_number=number, birth_date=born.isoformat(), phone="13511112222"),
    )
    assert response.status_code == 302
    assert _stored(person)[1:] == (number, "13511112222", born)


def test_a_bad_new_number_is_refused_and_changes_nothing(client, personas):
    person = personas.member_person
    before = _stored(person)
    client.force_login(personas.township_admin_a)
    bad = person.id_number[:17] + ("0" if person.id_number[17] != "0" else "1")
    response = client.post(reverse("people:person_edit", args=[person.pk]), _post(person, id_number=bad, name="改"))
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert _stored(person) == before
    response = client.post(reverse("people:person_edit", args=[person.pk]), _post(person, phone="12345", name="改"))
    assert response.status_code == 200 and _stored(person) == before


def test_a_new_birth_date_without_the_number_is_refused(client, personas):
    """Checked against the unseen number, each refused date would narrow the birth date down: refused outright."""
    person = personas.member_person
    before = _stored(person)
    client.force_login(personas.township_admin_a)
    url = reverse("people:person_edit", args=[person.pk])
    for day in (person.birth_date, person.birth_date + dt.timedelta(days=1)):
        response = client.post(url, _post(person, birth_date=day.isoformat(), name="改"))
        assert response.status_code == 200
        form = response.context["form"]
        assert [e.code for e in form.errors.as_data()["birth_date"]] == ["birth_date_needs_id_number"]
        assert "修改出生日期时须同时重新填写身份证号" in response.content.decode()
    assert _stored(person) == before


def test_unmasked_viewers_find_the_values_in_the_form(client, personas):
    person = personas.member_person
    client.force_login(personas.county_admin)
    html = client.get(reverse("people:person_edit", args=[person.pk])).content.decode()
    assert f'value="{person.id_number}"' in html and f'value="{person.phone}"' in html
    assert person.birth_date.isoformat() in html
    before = _stored(person)
    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        _post(person, id_number=person.id_number, birth_date=person.birth_date.isoformat(), phone=""),
    )
    assert response.status_code == 302
    # Unmasked, an empty phone means no phone.
    assert _stored(person) == (*before[:2], "", before[3])

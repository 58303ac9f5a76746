"""Refusals of the sub-record services: each coded, translated, and changing nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from common.scope import Right, Scope
from member_records import services
from member_records.kinds import DIFFICULTIES, FAMILY, POSTS, SANCTIONS
from member_records.models import FamilyMember, PostHeld, RewardPunishment
from xianfeng.tests import factories as f

from .conftest import COUNTY_SCOPE

POST = {"title": "村委会委员", "organization": "念山村村委会", "start": dt.date(2008, 1, 1), "end": None}


def codes(exc: ValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {str(e.code) for errors in exc.error_dict.values() for e in errors}
    return {str(e.code) for e in exc.error_list}


def refused(kind, person, values, scope=COUNTY_SCOPE, **kw) -> set[str]:
    before = kind.model.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.record_save(scope=scope, kind=kind, person=person, values=values, **kw)
    assert kind.model.objects.count() == before
    return codes(exc.value)


def test_a_post_is_saved_and_history_kept(county, personas):
    post = services.record_save(scope=COUNTY_SCOPE, kind=POSTS, person=personas.member_person, values=POST)
    assert post.pk and post.history.count() == 1


def test_a_date_in_the_future_is_refused(county, personas):
    assert refused(POSTS, personas.member_person, {**POST, "start": dt.date(2011, 1, 1)}) == {"in_future"}
    values = {"kind": "illness", "description": "x", "since": dt.date(2010, 12, 21), "help_given": ""}
    assert refused(DIFFICULTIES, personas.member_person, values) == {"in_future"}


def test_an_end_before_its_start_is_refused(county, personas):
    assert refused(POSTS, personas.member_person, {**POST, "end": dt.date(2007, 12, 31)}) == {"end_before_start"}


def test_a_non_member_has_no_sub_records(county):
    villager = f.person(county.village_a1, name="村民甲")
    assert refused(POSTS, villager, POST) == {"not_a_member"}


def test_out_of_scope_is_refused(county, personas):
    # A village admin of 东平村 keeps 东平村's records only; 李党员 is in 念山村.
    other = Scope(user_id=2, read_codes=(county.village_b1.code,), grants={Right.MANAGE: (county.village_b1.code,)})
    assert refused(POSTS, personas.member_person, POST, scope=other) == {"out_of_scope"}
    # Reading is not keeping: a read-only scope over the village is refused too.
    reader = Scope(user_id=3, read_codes=(county.village_a1.code,))
    assert refused(POSTS, personas.member_person, POST, scope=reader) == {"out_of_scope"}


def test_an_item_of_another_member_is_refused(county, personas, records):
    other = f.member(county.village_a1, name="王党员")
    assert refused(POSTS, other, POST, item=records["posts"]) == {"out_of_scope"}
    records["posts"].refresh_from_db()
    assert records["posts"].person_id == personas.member_person.pk


def test_duplicates_formula_text_and_bad_phones_are_refused(county, personas, records):
    li = personas.member_person
    same = {
        "title": "村党支部委员",
        "organization": "别处",
        "start": dt.date(2005, 3, 1),
        "end": None,
    }
    assert refused(POSTS, li, same) == {"duplicate_post"}
    assert refused(POSTS, li, {**POST, "title": "=HYPERLINK(1)"}) == {"name_formula_lead"}
    family = {"relation": "child", "name": "李小明", "employer": "", "political_status": "league", "phone": "12345"}
    assert refused(FAMILY, li, family) == {"phone"}
    sanction = {"kind": "prize", "name": "x", "granted_by": "y", "on": dt.date(2009, 1, 1), "document_number": ""}
    assert refused(SANCTIONS, li, sanction) == {"invalid_choice"}


def test_refusals_are_translated(county, personas):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.record_save(scope=COUNTY_SCOPE, kind=POSTS, person=f.person(county.village_a1), values=POST)
    message = " ".join(exc.value.messages)
    assert message.isascii() and "member" in message


def test_delete_out_of_scope_is_refused(county, personas, records):
    other = Scope(user_id=2, read_codes=(county.village_b1.code,), grants={Right.MANAGE: (county.village_b1.code,)})
    with pytest.raises(ValidationError) as exc:
        services.record_delete(scope=other, item=records["sanctions"])
    assert codes(exc.value) == {"out_of_scope"}
    assert RewardPunishment.objects.filter(pk=records["sanctions"].pk).exists()
    services.record_delete(scope=COUNTY_SCOPE, item=records["sanctions"])
    assert not RewardPunishment.objects.exists()


def test_the_family_phone_is_encrypted_at_rest(county, personas, records):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM member_records_familymember")
        (stored,) = cursor.fetchone()
    assert "13905551234" not in stored
    assert FamilyMember.objects.get().phone == "13905551234"
    assert PostHeld.objects.count() == 1

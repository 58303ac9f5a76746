"""The member record pages: scope per persona, masking, the forms (and their refusals), the list's queries."""

import datetime as dt

from django.urls import reverse
from django.utils import translation

from member_records.models import FamilyMember, PostHeld
from xianfeng.tests import factories as f

# 李党员 is a member of 念山村 (township A).
SEES_LI = {"county_admin": 200, "township_admin_a": 200, "village_admin_b": 404, "member": 200}


def test_the_record_page_by_persona(persona_client, records):
    li = records["person"]
    response = persona_client.get(reverse("member_records:record", args=[li.pk]))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
        return
    assert response.status_code == SEES_LI[persona_client.persona]
    if response.status_code != 200:
        return
    html = response.content.decode()
    for text in ("村党支部委员", "优秀共产党员", "政委〔2009〕12号", "王秀英", "妻子慢性病", "县慰问金"):
        assert text in html
    full = persona_client.persona in ("county_admin", "member")  # the county admin of his county, and himself
    assert ("13905551234" in html) is full
    assert ("139****1234" in html) is not full
    assert (li.id_number in html) is full
    edits = reverse("member_records:item_add", args=[li.pk, "posts"]) in html
    assert edits is (persona_client.persona in ("county_admin", "township_admin_a"))


def test_the_forms_are_for_those_who_keep_the_branch(persona_client, records, county):
    li = records["person"]
    url = reverse("member_records:item_edit", args=[li.pk, "posts", records["posts"].pk])
    response = persona_client.get(url)
    expected = {"county_admin": 200, "township_admin_a": 200, "village_admin_b": 404, "member": 404, "anonymous": 302}
    assert response.status_code == expected[persona_client.persona]


def test_a_village_admin_adds_and_a_refusal_changes_nothing(client, records, village_admin_a1):
    li = records["person"]
    client.force_login(village_admin_a1)
    url = reverse("member_records:item_add", args=[li.pk, "posts"])
    bad = {"title": "村委会委员", "organization": "念山村村委会", "start": "2008-03-01", "end": "2007-01-01"}
    response = client.post(url, bad)
    assert response.status_code == 200 and "结束日期不能早于开始日期" in response.content.decode()
    assert PostHeld.objects.count() == 1
    future = {**bad, "end": "", "start": "2011-01-01"}
    assert "不能晚于今天" in client.post(url, future).content.decode()
    assert PostHeld.objects.count() == 1
    response = client.post(url, {**bad, "end": "2010-01-01"})
    assert response.status_code == 302
    assert PostHeld.objects.filter(title="村委会委员", end=dt.date(2010, 1, 1)).exists()
    english = client.post(url, future, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "cannot be later than today" in english or "today" in english
    assert PostHeld.objects.count() == 2
    # Deleting: the village admin keeps the branch.
    post = PostHeld.objects.get(title="村委会委员")
    response = client.post(reverse("member_records:item_delete", args=[li.pk, "posts", post.pk]))
    assert response.status_code == 302 and not PostHeld.objects.filter(pk=post.pk).exists()


def test_a_masked_editor_never_reads_the_family_phone_and_keeps_it_by_leaving_it_empty(
    client, records, village_admin_a1
):
    li, family = records["person"], records["family"]
    client.force_login(village_admin_a1)
    url = reverse("member_records:item_edit", args=[li.pk, "family", family.pk])
    html = client.get(url).content.decode()
    assert "13905551234" not in html and "已登记（留空则不修改）" in html
    data = {"relation": "spouse", "name": "王秀英", "employer": "村卫生室", "political_status": "masses", "phone": ""}
    assert client.post(url, data).status_code == 302
    family.refresh_from_db()
    assert family.employer == "村卫生室" and family.phone == "13905551234"


def test_a_non_member_has_no_record_page(client, county, personas):
    villager = f.person(county.village_a1, name="村民甲")
    client.force_login(personas.county_admin)
    assert client.get(reverse("member_records:record", args=[villager.pk])).status_code == 404
    assert (
        client.get(reverse("member_records:item_add", args=[personas.member_person.pk, "nothing"])).status_code == 404
    )


def test_the_list_asks_a_fixed_number_of_queries(client, records, county, personas, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    url = reverse("member_records:list")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(15):
        f.member(county.village_a1, county.group_a1, name=f"党员{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert "党员14" in html and 'id="member-records"' in html


def test_the_list_in_english(client, records, personas):
    client.force_login(personas.county_admin)
    html = client.get(reverse("member_records:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    record = client.get(reverse("member_records:record", args=[records["person"].pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Member records" in html and "Family members" in html
    page = record.content.decode()
    assert "Membership" in page and "Recruitment (cultivation)" in page and "Spouse" in page
    assert FamilyMember.objects.count() == 1


def test_no_export_or_import_for_a_member(client, personas):
    client.force_login(personas.member)
    assert client.get(reverse("member_records:export")).status_code == 404
    assert client.get(reverse("member_records:import")).status_code == 404
    assert client.get(reverse("member_records:list")).status_code == 404


def test_the_history_of_a_family_member_masks_the_phone_as_the_record_does(client, records, personas):
    from member_records import services
    from member_records.kinds import FAMILY

    from .conftest import COUNTY_SCOPE

    family = records["family"]
    values = {n: getattr(family, n) for n in FAMILY.fields}
    services.record_save(
        scope=COUNTY_SCOPE, kind=FAMILY, person=family.person, values={**values, "phone": "13905559999"}, item=family
    )
    url = reverse("history", args=["member_records", "familymember", family.pk])
    client.force_login(personas.township_admin_a)
    html = client.get(url).content.decode()
    assert "13905551234" not in html and "13905559999" not in html and "139****9999" in html
    client.force_login(personas.county_admin)
    assert "13905559999" in client.get(url).content.decode()
    client.force_login(personas.village_admin_b)
    assert client.get(url).status_code == 404


def test_the_person_page_opens_the_member_record_with_its_counts(client, records, county, personas):
    li = records["person"]
    record_url = reverse("member_records:record", args=[li.pk])
    client.force_login(personas.county_admin)
    html = client.get(reverse("people:person_detail", args=[li.pk])).content.decode()
    assert 'id="member-record"' in html and f'href="{record_url}"' in html
    card = html[html.index('id="member-record"') :]
    assert "<dt>职务</dt><dd>1</dd>" in card and "<dt>家庭成员</dt><dd>1</dd>" in card
    client.force_login(personas.member)  # his own page and record
    own = client.get(reverse("people:person_detail", args=[li.pk]))
    assert own.status_code == 200 and f'href="{record_url}"' in own.content.decode()
    villager = f.person(county.village_a1, name="村民甲")  # no membership: no record
    client.force_login(personas.county_admin)
    page = client.get(reverse("people:person_detail", args=[villager.pk])).content.decode()
    assert "村民甲" in page and 'id="member-record"' not in page
    with translation.override("en"):
        english = client.get(reverse("people:person_detail", args=[li.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open the member record" in english

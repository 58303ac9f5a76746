from django.urls import reverse

from xianfeng.tests import factories as f

# (townships, villages, party groups, members) each persona's home page counts.
EXPECTED = {
    "county_admin": (2, 3, 2, 2),
    "township_admin_a": (1, 2, 1, 1),
    "village_admin_b": (0, 1, 1, 1),
    "member": (0, 0, 0, 1),
}


def test_home_counts_records_in_the_personas_scope(persona_client, county):
    f.member(county.village_b1, county.group_b1)
    response = persona_client.get(reverse("home"))
    if persona_client.persona == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        return
    stats = tuple(value for _label, value, _url in response.context["stats"])
    assert stats == EXPECTED[persona_client.persona]


def test_home_names_roles_and_scope(client, county, personas):
    client.force_login(personas.township_admin_a)
    page = client.get(reverse("home")).content.decode()
    assert "乡镇管理员" in page
    assert reverse("organizations:detail", args=[county.township_a.code]) in page

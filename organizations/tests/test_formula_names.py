"""A name that a spreadsheet would run as a formula is refused on the way in, and harmless on the way out."""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from exchange.tests.helpers import errors_of, run, xlsx
from organizations import services
from organizations.models import Organization, OutsideUnit, UnitKind
from people import services as people_services

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil","click")'


def test_renaming_a_village_to_a_formula_is_refused_and_changes_nothing(client, county, personas):
    client.force_login(personas.village_admin_b)
    url = reverse("organizations:edit", args=[county.village_b1.code])
    response = client.post(url, {"name": EVIL, "name_en": ""})
    assert response.status_code == 200
    assert "名称不能以“=”“+”“@”或控制字符开头" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, {"name": "Dongping", "name_en": "@SUM(1)"})
    assert "cannot begin with “=”, “+”, “@” or a control character" in response.content.decode()
    county.village_b1.refresh_from_db()
    assert (county.village_b1.name, county.village_b1.name_en) == ("东平村", "")


@pytest.mark.parametrize("name", ["=1+1", "+1", "@SUM(1)", "\t=1+1"])
def test_services_refuse_formula_names_with_the_stable_code(county, name):
    with pytest.raises(ValidationError) as exc:
        services.village_create(township=county.township_a, code="350725100299", name=name)
    assert [e.code for e in exc.value.error_dict["name"]] == ["name_formula_lead"]
    with pytest.raises(ValidationError) as exc:
        services.outside_unit_create(kind=UnitKind.ENTERPRISE, name="茶厂", party_organization=name, home=county.county)
    assert [e.code for e in exc.value.error_dict["party_organization"]] == ["name_formula_lead"]
    with pytest.raises(ValidationError) as exc:
        people_services.person_create(name=name, sex="M", birth_date=county.county.created_at.date())
    assert [e.code for e in exc.value.error_dict["name"]] == ["name_formula_lead"]
    assert not Organization.objects.filter(code="350725100299").exists()
    assert not OutsideUnit.objects.filter(name="茶厂").exists()


def test_the_import_refuses_a_formula_like_name_by_its_row(county, personas):
    with translation.override("zh-hans"):
        report = run("villages", xlsx(["区划代码", "名称"], [["350725100203", "@SUM(1)"]]), user=personas.county_admin)
    assert [(row, column) for row, column, _m in errors_of(report)] == [(2, "名称")]
    assert "名称不能以“=”" in errors_of(report)[0][2]


def test_a_formula_name_already_stored_comes_out_of_the_export_as_plain_text(client, county, personas):
    # Stored before the check existed (or by a path that bypasses it): the export must still be harmless.
    Organization.objects.filter(pk=county.village_b1.pk).update(name=EVIL)
    client.force_login(personas.county_admin)
    response = client.get(reverse("organizations:tree"), {"format": "xlsx"})
    cells = [cell for row in load_workbook(BytesIO(response.content)).active.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    evil = [c for c in cells if c.value == EVIL]
    assert len(evil) == 1 and evil[0].data_type == "s" and evil[0].quotePrefix

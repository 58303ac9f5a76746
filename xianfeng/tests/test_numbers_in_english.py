"""In English, ids and years that a page prints are plain digits: a link, a form value or a data attribute
that carries them must read back as the number it was (a meeting of id 6023 once went out as "6,023", the
year 2010 as "2,010"), while a figure meant to be read is still grouped where it is shown."""

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


@pytest.mark.django_db
def test_the_dues_page_in_english_keeps_the_year_a_number(client, county, personas):
    client.force_login(personas.county_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("branch_life:dues"), {"year": 2010}).content.decode()
    assert 'name="year" value="2010"' in html
    assert "2,010" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_picked_record_keeps_its_id_in_every_language(language):
    rows = [{"pk": 6023, "label": "李党员"}, {"pk": 1234567, "label": "王党员"}]
    with translation.override(language):
        html = render_to_string("common/picker_results.html", {"results": rows})
    assert 'data-pick-value="6023"' in html and 'data-pick-value="1234567"' in html


def test_a_figure_is_still_grouped_in_english_where_it_is_shown():
    with translation.override("en"):
        assert Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 8637})) == "8,637"
    with translation.override("zh-hans"):
        assert Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 8637})) == "8637"

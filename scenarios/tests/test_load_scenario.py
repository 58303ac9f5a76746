"""Building a county from a scenario file: counts, consistency, determinism, atomicity."""

import datetime as dt
import io
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import transaction

from organizations.models import Organization
from people.id_numbers import birth_date_of, sex_of, validate_id_number
from people.models import Appointment, Cadre, Household, PartyMembership, Person, Post
from scenarios import builders
from scenarios.loader import SMALL, load_scenario, read_scenario
from scenarios.synthetic import add_years

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    """Everything synthetic a load produces, independent of primary keys."""
    return {
        "orgs": list(Organization.objects.order_by("code").values_list("code", "name", "name_en", "basis")),
        "people": sorted(Person.objects.values_list("id_number", "name", "sex", "birth_date", "phone", "education")),
        "members": sorted(
            PartyMembership.objects.values_list("person__id_number", "party_group__code", "joined_on", "status")
        ),
        "appointments": sorted(
            Appointment.objects.values_list("person__id_number", "organization__code", "post", "start")
        ),
        "households": sorted(
            Household.objects.values_list("head__id_number", "village__code", "size", "cause", "status")
        ),
    }


def test_small_scenario_builds_the_stated_tree_and_members():
    result = load_scenario(SMALL)

    assert result.county.code == "350799"
    assert Organization.objects.townships().count() == 2
    assert Organization.objects.villages().count() == 5
    assert Organization.objects.party_groups().count() == 9
    assert PartyMembership.objects.count() == 60
    for village in Organization.objects.villages():
        assert village.code[:9] == village.parent.code and int(village.code[9:]) >= 200
        assert village.children.exists(), "every village has at least one party group"
    names = list(Organization.objects.villages().values_list("name", flat=True))
    assert len(set(names)) == len(names)


def test_every_member_is_organized_in_a_group_of_their_own_village():
    load_scenario(SMALL)

    for membership in PartyMembership.objects.select_related("party_group", "person"):
        assert membership.party_group is not None
        assert membership.party_group.parent_id == membership.branch_id
        assert membership.person.home_village_id == membership.branch_id


def test_people_have_valid_id_numbers_agreeing_with_birth_date_and_sex():
    load_scenario(SMALL)

    for person in Person.objects.all():
        validate_id_number(person.id_number)
        assert person.id_number.startswith("350799")
        assert birth_date_of(person.id_number) == person.birth_date
        assert sex_of(person.id_number) == person.sex
    for membership in PartyMembership.objects.select_related("person"):
        assert membership.joined_on > add_years(membership.person.birth_date, 18)
        assert membership.joined_on <= dt.date(2010, 12, 31)
    with_phone = Person.objects.exclude(phone="").count()
    assert with_phone > Person.objects.count() // 2


def test_posts_are_held_from_the_period_start_by_the_right_people():
    load_scenario(SMALL)
    start = dt.date(2010, 1, 1)
    held = Appointment.objects.on(start)

    county = Organization.objects.get(code="350799")
    for post in (Post.COUNTY_SECRETARY, Post.ORGANIZATION_MINISTER):
        holder = held.get(organization=county, post=post)
        assert holder.person.cadre.rank == "county"
    for township in Organization.objects.townships():
        for post in (Post.TOWNSHIP_SECRETARY, Post.TOWNSHIP_HEAD):
            holder = held.get(organization=township, post=post)
            assert holder.person.cadre.organization == township
            assert holder.person.cadre.rank == "section"
    for village in Organization.objects.villages():
        secretary = held.get(organization=village, post=Post.VILLAGE_SECRETARY).person
        assert secretary.membership.branch == village
        held.get(organization=village, post=Post.VILLAGE_DIRECTOR)
        in_charge = held.get(organization=village, post=Post.TOWNSHIP_CADRE_IN_CHARGE).person
        assert Cadre.objects.get(person=in_charge).organization == village.parent


def test_households_in_difficulty_exceed_the_paired_figure():
    load_scenario(SMALL)

    assert Household.objects.count() > 20  # households_paired: 20
    assert not Household.objects.filter(head__membership__isnull=False).exists()
    assert set(Household.objects.values_list("village__kind", flat=True)) == {"village"}


def test_same_file_gives_the_same_names_numbers_and_dates():
    with transaction.atomic():
        load_scenario(SMALL)
        first = snapshot()
        transaction.set_rollback(True)
    assert Organization.objects.count() == 0

    load_scenario(SMALL)

    assert snapshot() == first


def test_another_seed_gives_other_names():
    scenario = read_scenario(SMALL)
    with transaction.atomic():
        load_scenario(scenario)
        first = snapshot()
        transaction.set_rollback(True)

    load_scenario(replace(scenario, random_seed=8))

    second = snapshot()
    assert second["people"] != first["people"]
    assert len(second["members"]) == len(first["members"])


def test_figures_of_later_issues_are_listed_as_not_built():
    out = io.StringIO()

    call_command("load_scenario", str(SMALL), stdout=out)

    result_lines = out.getvalue().splitlines()
    from scenarios.builders import built_figures
    from scenarios.loader import read_scenario

    expected = [k for k in read_scenario(SMALL).figures if k not in built_figures()]
    listed = [line for line in result_lines if "尚未构建" in line]
    if expected:
        assert all(key in listed[0] for key in expected)
    else:
        assert listed == []
    assert "party_groups" not in "".join(listed)


def test_progress_is_printed_per_builder_with_timings():
    out = io.StringIO()

    call_command("load_scenario", str(SMALL), stdout=out)

    stages = [line for line in out.getvalue().splitlines() if line.startswith("[")]
    assert [line.split("]")[0] for line in stages] == [f"[{n}/{len(stages)}" for n in range(1, len(stages) + 1)]
    assert all(line.endswith(" s)") for line in stages)
    assert any("organizations" in line for line in stages)


def test_a_failure_while_building_writes_nothing(monkeypatch):
    def broken(ctx):
        raise builders.BuildError("boom")

    builders.load_builders()
    leaders = builders.BUILDERS["leaders"]
    monkeypatch.setitem(builders.BUILDERS, "leaders", builders.Builder("leaders", leaders.order, (), broken))

    with pytest.raises(builders.BuildError):
        load_scenario(SMALL)

    assert Organization.objects.count() == 0
    assert Person.objects.count() == 0

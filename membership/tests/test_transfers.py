import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.figures import compute_figures
from common.rules import evaluate
from membership import services
from membership.models import EndReason, Reach, Transfer
from people.models import MembershipStatus, PartyMembership
from xianfeng.tests import factories as f

pytestmark = pytest.mark.django_db
KEYS = ["rural_party_members", "members_transferred_in", "members_transferred_out", "members_admitted"]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.XIANFENG_TODAY = "2010-12-20"


def _figures(unit, year=2010):
    return compute_figures(unit, year, KEYS)


def _issue(membership, to_branch=None, on=dt.date(2010, 6, 1), **kwargs):
    return services.transfer_issue(
        membership=membership,
        to_branch=to_branch,
        reach=kwargs.pop("reach", Reach.COUNTY),
        on=on,
        letter_number=kwargs.pop("letter_number", "政组转2010-001"),
        dues_paid_to=dt.date(2010, 5, 31),
        **kwargs,
    )


def test_a_transfer_within_the_county_moves_the_counts_on_its_date_and_keeps_the_history(county):
    person = f.member(county.village_a1, county.group_a1)
    f.member(county.village_b1, county.group_b1)
    transfer = _issue(person.membership, county.village_b1)
    services.transfer_receipt(
        transfer=transfer, received_on=dt.date(2010, 6, 5), receipt_by="东平村支书", party_group=county.group_b1
    )
    membership = PartyMembership.objects.get(person=person)
    assert membership.branch == county.village_b1 and membership.party_group == county.group_b1
    assert membership.history.count() >= 3  # created, moved, placed: rows, not an overwrite
    assert Transfer.objects.get().from_branch == county.village_a1
    # Before the transfer (2009's end) the member was township A's; after it (2010's end) township B's.
    assert _figures(county.township_a, 2009)["rural_party_members"] == 1
    assert _figures(county.township_b, 2009)["rural_party_members"] == 1
    a, b = _figures(county.township_a), _figures(county.township_b)
    assert (a["rural_party_members"], a["members_transferred_out"], a["members_transferred_in"]) == (0, 1, 0)
    assert (b["rural_party_members"], b["members_transferred_in"], b["members_transferred_out"]) == (2, 1, 0)
    county_figures = _figures(county.county)
    assert county_figures["rural_party_members"] == 2
    assert (county_figures["members_transferred_in"], county_figures["members_transferred_out"]) == (0, 0)


def test_counting_on_a_date_takes_the_day_of_the_transfer(county, settings):
    person = f.member(county.village_a1, county.group_a1)
    _issue(person.membership, county.village_b1, on=dt.date(2010, 6, 1))
    settings.XIANFENG_TODAY = "2010-05-31"
    assert _figures(county.village_a1)["rural_party_members"] == 1
    settings.XIANFENG_TODAY = "2010-06-01"
    assert _figures(county.village_a1)["rural_party_members"] == 0


def test_a_member_transferred_out_of_the_county_is_counted_until_the_letter(county):
    person = f.member(county.village_a1, county.group_a1)
    _issue(person.membership, None, reach=Reach.BEYOND, outside="浙江省杭州市某社区党支部")
    transfer = Transfer.objects.get()
    assert transfer.valid_until == dt.date(2010, 12, 1)  # six months across provinces
    assert _figures(county.county, 2009)["rural_party_members"] == 1
    assert _figures(county.county)["rural_party_members"] == 0
    assert _figures(county.county)["members_transferred_out"] == 1
    with pytest.raises(ValidationError) as exc:
        _issue(PartyMembership.objects.get(person=person), county.village_b1, on=dt.date(2010, 7, 1))
    assert exc.value.error_dict["membership"][0].code == "already_transferred_out"


def test_a_member_from_another_county_appears_here_from_the_receipt(county):
    person = f.person(county.village_b1)
    services.transfer_receive_from_outside(
        person=person,
        status=MembershipStatus.FULL,
        joined_on=dt.date(2001, 7, 1),
        to_branch=county.village_b1,
        party_group=county.group_b1,
        outside="建瓯市某村党支部",
        reach=Reach.PROVINCE,
        on=dt.date(2010, 4, 1),
        letter_number="瓯组转2010-9",
        dues_paid_to=dt.date(2010, 3, 31),
        valid_until=dt.date(2010, 7, 1),
    )
    assert _figures(county.county, 2009)["rural_party_members"] == 0
    after = _figures(county.county)
    assert (after["rural_party_members"], after["members_transferred_in"], after["members_admitted"]) == (1, 1, 0)


def test_the_flow_adds_up_with_a_death(county):
    dead = f.member(county.village_a1, county.group_a1)
    f.member(county.village_a1, county.group_a1)
    services.membership_end(membership=dead.membership, on=dt.date(2010, 3, 1), reason=EndReason.DIED)
    from membership.counting import flow

    found = flow(county.county.code, dt.date(2010, 1, 1), dt.date(2010, 12, 20))
    assert (found.start, found.deaths, found.end) == (2, 1, 1)


def test_a_letter_past_its_validity_without_a_receipt_is_a_finding_until_received(county):
    person = f.member(county.village_a1, county.group_a1)
    transfer = _issue(person.membership, county.village_b1)
    assert transfer.valid_until == dt.date(2010, 9, 1)  # three months within the province
    assert not evaluate(county.county, dt.date(2010, 9, 1), ["R-TRANSFER"])
    [found] = evaluate(county.county, dt.date(2010, 9, 2), ["R-TRANSFER"])
    assert (found.unit, found.since) == (county.village_a1.code, dt.date(2010, 9, 2))
    services.transfer_receipt(transfer=transfer, received_on=dt.date(2010, 9, 10), receipt_by="东平村")
    assert not evaluate(county.county, dt.date(2010, 9, 10), ["R-TRANSFER"])
    assert evaluate(county.county, dt.date(2010, 9, 9), ["R-TRANSFER"])  # as it stood then


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"to_branch": "same"}, "to_branch", "same_branch"),
        ({"to_branch": None, "reach": Reach.COUNTY}, "to_branch", "to_branch_required"),
        ({"to_branch": None, "reach": Reach.BEYOND}, "outside", "outside_required"),
        ({"on": dt.date(2011, 1, 1)}, "on", "in_future"),
    ],
)
def test_bad_transfers_are_refused_and_change_nothing(county, kwargs, field, code):
    person = f.member(county.village_a1, county.group_a1)
    if kwargs.get("to_branch") == "same":
        kwargs["to_branch"] = county.village_a1
    kwargs.setdefault("to_branch", county.village_b1)
    with pytest.raises(ValidationError) as exc:
        _issue(person.membership, **kwargs)
    assert exc.value.error_dict[field][0].code == code
    assert not Transfer.objects.exists()
    assert PartyMembership.objects.get(person=person).branch == county.village_a1


def test_a_receipt_twice_or_before_the_letter_is_refused(county):
    person = f.member(county.village_a1, county.group_a1)
    transfer = _issue(person.membership, county.village_b1)
    with pytest.raises(ValidationError) as exc:
        services.transfer_receipt(transfer=transfer, received_on=dt.date(2010, 5, 1), receipt_by="x")
    assert exc.value.error_dict["received_on"][0].code == "receipt_before_letter"
    services.transfer_receipt(transfer=transfer, received_on=dt.date(2010, 6, 3), receipt_by="x")
    with pytest.raises(ValidationError) as exc:
        services.transfer_receipt(transfer=transfer, received_on=dt.date(2010, 6, 4), receipt_by="x")
    assert exc.value.error_dict["received_on"][0].code == "receipt_twice"

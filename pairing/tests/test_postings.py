import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pairing import services
from pairing.models import Posting, PostingBatch

from .conftest import START


def test_posting_term_defaults_to_the_batch(county, batch, cadre):
    posting = services.posting_create(batch=batch, cadre=cadre, village=county.village_a1, duties="帮助制定规划")
    assert (posting.start, posting.end) == (batch.start, batch.end)


def test_overlapping_posting_is_refused_naming_the_other(county, batch, cadre):
    services.posting_create(batch=batch, cadre=cadre, village=county.village_a1)
    second = services.posting_batch_create(
        county=county.county, number=2, start=dt.date(2010, 7, 1), end=dt.date(2011, 6, 30)
    )
    with pytest.raises(ValidationError) as exc:
        services.posting_create(batch=second, cadre=cadre, village=county.village_b1)
    message = " ".join(exc.value.message_dict["cadre"])
    assert "张干部" in message and "念山村" in message and "第1批" in message
    assert Posting.objects.count() == 1


def test_consecutive_postings_are_allowed(county, batch, cadre):
    services.posting_create(batch=batch, cadre=cadre, village=county.village_a1, end=dt.date(2010, 6, 30))
    services.posting_create(batch=batch, cadre=cadre, village=county.village_b1, start=dt.date(2010, 7, 1))
    assert Posting.objects.count() == 2


def test_posting_outside_the_batch_term_is_refused(county, batch, cadre):
    with pytest.raises(ValidationError) as exc:
        services.posting_create(
            batch=batch, cadre=cadre, village=county.village_a1, start=START, end=dt.date(2011, 3, 1)
        )
    assert "本批次期限" in str(exc.value)
    assert Posting.objects.count() == 0


def test_posting_to_a_township_is_refused(county, batch, cadre):
    with pytest.raises(ValidationError):
        services.posting_create(batch=batch, cadre=cadre, village=county.township_a)
    assert Posting.objects.count() == 0


def test_duplicate_batch_number_is_refused(county, batch):
    with pytest.raises(ValidationError):
        services.posting_batch_create(county=county.county, number=1, start=START, end=dt.date(2010, 12, 31))
    with pytest.raises(ValidationError):
        services.posting_batch_create(county=county.county, number=0, start=START, end=dt.date(2010, 12, 31))
    assert PostingBatch.objects.count() == 1
    assert batch.name == "政和县第1批挂职帮扶"

import datetime as dt

from django.utils import timezone

from common import clock


def test_the_real_date_unless_a_demonstration_fixes_one(settings):
    settings.XIANFENG_TODAY = ""
    assert clock.today() == timezone.localdate() and not clock.is_fixed()
    settings.XIANFENG_TODAY = "2010-11-15"
    assert clock.today() == dt.date(2010, 11, 15) and clock.is_fixed()
    moment = clock.now()
    assert moment.date() == dt.date(2010, 11, 15) and timezone.is_aware(moment)
    # The real clock is untouched: records are stamped with it.
    assert timezone.now().date() != dt.date(2010, 11, 15)


def test_a_date_object_is_taken_as_it_is(settings):
    settings.XIANFENG_TODAY = dt.date(2010, 2, 28)
    assert clock.today() == dt.date(2010, 2, 28)

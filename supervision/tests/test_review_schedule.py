"""The review schedule: periods, checkpoints and the status of one contact point on a date."""

import datetime as dt

from supervision.review_schedule import ReviewState, checkpoints, evaluate, period_bounds

D = dt.date
NEW_YEAR = D(2010, 1, 1)


def status(on: D, reviews: list[D], required: int = 2, months: int = 12, start: D = NEW_YEAR, end=None):
    return evaluate(
        on=on,
        start=start,
        end=end,
        review_dates=reviews,
        reviews_required=required,
        period_months=months,
        due_soon_days=30,
    )


def test_two_reviews_a_year_are_due_by_june_30_and_december_31():
    assert checkpoints(D(2010, 1, 1), 12, 2) == [D(2010, 6, 30), D(2010, 12, 31)]
    assert checkpoints(D(2010, 1, 1), 12, 1) == [D(2010, 12, 31)]
    assert checkpoints(D(2010, 7, 1), 6, 1) == [D(2010, 12, 31)]


def test_periods_are_calendar_aligned():
    assert period_bounds(D(2010, 8, 15), 12) == (D(2010, 1, 1), D(2010, 12, 31))
    assert period_bounds(D(2010, 8, 15), 6) == (D(2010, 7, 1), D(2010, 12, 31))
    assert period_bounds(D(2010, 2, 15), 3) == (D(2010, 1, 1), D(2010, 3, 31))


def test_no_review_is_on_track_early_then_due_soon_then_overdue_from_the_checkpoint():
    assert status(D(2010, 3, 1), []).state == ReviewState.ON_TRACK
    s = status(D(2010, 6, 10), [])
    assert (s.state, s.overdue_on, s.since) == (ReviewState.DUE_SOON, D(2010, 6, 30), D(2010, 5, 31))
    s = status(D(2010, 6, 30), [])
    assert (s.state, s.overdue_on, s.since, s.due_count) == (ReviewState.OVERDUE, D(2010, 6, 30), D(2010, 6, 30), 1)


def test_a_late_review_catches_up():
    s = status(D(2010, 7, 20), [D(2010, 7, 15)])
    assert (s.state, s.done, s.overdue_on) == (ReviewState.ON_TRACK, 1, D(2010, 12, 31))


def test_reviews_of_last_year_do_not_count():
    s = status(D(2011, 7, 1), [D(2010, 3, 1), D(2010, 9, 1)])
    assert (s.state, s.done) == (ReviewState.OVERDUE, 0)


def test_point_started_in_september_owes_one_review_by_year_end():
    s = status(D(2010, 12, 31), [], start=D(2010, 9, 1))
    assert (s.required, s.state, s.overdue_on) == (1, ReviewState.OVERDUE, D(2010, 12, 31))


def test_point_ended_before_a_checkpoint_owes_nothing_for_it():
    s = status(D(2010, 12, 31), [D(2010, 3, 1)], end=D(2010, 8, 31))
    assert (s.required, s.state) == (1, ReviewState.ON_TRACK)

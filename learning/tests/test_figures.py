from common.figures import compute_figures
from learning import services

from .conftest import DAY, make_training

KEYS = ["trainings_held", "training_attendances", "service_team_visits"]


def test_learning_figures_count_records_in_scope_and_year(county, members, team_a, training_a1, training_b1):
    services.attendance_add(training=training_a1, people=[members.a1, members.a1_second])
    services.visit_record(team=team_a, date=DAY, target=county.village_b1, content="x", kinds=["law"])
    assert compute_figures(county.county, 2010, KEYS) == {
        "trainings_held": 2,
        "training_attendances": 2,
        "service_team_visits": 1,
    }
    assert compute_figures(county.township_a, 2010, KEYS) == {
        "trainings_held": 1,
        "training_attendances": 2,
        "service_team_visits": 0,
    }
    assert compute_figures(county.county, 2009, KEYS) == {
        "trainings_held": 0,
        "training_attendances": 0,
        "service_team_visits": 0,
    }
    make_training(county.village_a2)
    assert compute_figures(county.county, 2010, ["trainings_held"]) == {"trainings_held": 3}

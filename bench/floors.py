"""Floors: what a dashboard costs at the least — its numbers by one hand-written SQL query.

``dashboard_floor(prefix, period)`` runs **one** statement (CTEs and sub-selects) that
returns, for every organization whose division code starts with ``prefix``:

- the registered figures (``reports.figures``: the same 32 keys as ``compute_figures``),
- the five monthly trends of the dashboard (reviews; finance disclosures published,
  on time; confirmed volunteer hours; posts assigned; funds),
- the child units' aggregates (villages, party groups, posts, hours, funds, reviews per
  child code prefix),
- the evaluation: Five-Good totals of approved village assessments and the distribution
  of Five-Lead totals of approved member assessments (status = the latest workflow event).

What it leaves out is what SQL alone cannot sensibly do: the compliance rules
(``rules.registry.evaluate``), Python-side grading, labels and translations. The floor is
therefore a lower bound, not an equivalent; the harness checks the figures it returns
against ``compute_figures`` so the two at least count the same things.

``figures_floor(prefix, period)`` is the figures part alone (the floor of ``compute_figures``).

A province is a prefix too (``"35"``): the county-wide standard counts
(``five_good_items``/``five_lead_items``) are then summed over the counties in it.
"""

import datetime as dt
from typing import Any

from django.db import connection

FIGURES_SQL = """
WITH o AS (SELECT id, code, kind FROM organizations_organization WHERE code LIKE %(like)s),
township_leaders AS (
    SELECT t.id AS township_id, gm.person_id
    FROM o t
    JOIN leadership_leadershipgroup g ON g.township_id = t.id AND g.established_on <= %(last)s
    JOIN leadership_groupmember gm ON gm.group_id = g.id AND gm.role = 'leader'
         AND gm.start <= %(last)s AND (gm."end" IS NULL OR gm."end" >= %(last)s)
    WHERE t.kind = 'township'
),
secretaries AS (
    SELECT a.organization_id AS township_id, a.person_id
    FROM people_appointment a JOIN o t ON t.id = a.organization_id AND t.kind = 'township'
    WHERE a.post = 'township_secretary' AND a.start <= %(last)s AND (a."end" IS NULL OR a."end" >= %(last)s)
),
active_postings AS (
    SELECT p.batch_id, p.cadre_id, p.village_id FROM pairing_posting p JOIN o ON o.id = p.village_id
    WHERE p.start <= %(last)s AND (p."end" IS NULL OR p."end" >= %(first)s)
),
active_pairings AS (
    SELECT p.kind, p.unit_id, p.village_id FROM pairing_pairing p JOIN o ON o.id = p.village_id
    WHERE p.start <= %(last)s AND (p."end" IS NULL OR p."end" >= %(first)s)
),
outcomes AS (
    SELECT oc.type, oc.amount FROM pairing_outcome oc
    JOIN pairing_pairing p ON p.id = oc.pairing_id JOIN o ON o.id = p.village_id
    WHERE oc.date BETWEEN %(first)s AND %(last)s
),
facilities AS (
    SELECT f.kind FROM service_platform_facility f JOIN o ON o.id = f.organization_id
    WHERE f.opened_on <= %(last)s AND (f.closed_on IS NULL OR f.closed_on >= %(first)s)
),
items AS (
    SELECT s.code FROM evaluation_item i
    JOIN evaluation_dimension d ON d.id = i.dimension_id
    JOIN evaluation_standard s ON s.id = d.standard_id AND s.status = 'active'
    JOIN organizations_organization c ON c.id = s.county_id AND c.code LIKE %(county_like)s
),
trainings AS (
    SELECT tr.id FROM learning_training tr JOIN o ON o.id = tr.organization_id
    WHERE tr.date BETWEEN %(first)s AND %(last)s
)
SELECT
  (SELECT count(*) FROM o WHERE kind = 'village') AS administrative_villages,
  (SELECT count(*) FROM o WHERE kind = 'party_group') AS party_groups,
  (SELECT count(*) FROM people_partymembership m JOIN o ON o.id = m.branch_id
    WHERE m.party_group_id IS NOT NULL) AS rural_party_members,
  (SELECT count(*) FROM (SELECT township_id FROM township_leaders GROUP BY township_id
     HAVING bool_and(person_id IN (SELECT s.person_id FROM secretaries s
                                   WHERE s.township_id = township_leaders.township_id))) led
  ) AS leadership_groups,
  (SELECT count(*) FROM items WHERE code = 'five_good') AS five_good_items,
  (SELECT count(*) FROM items WHERE code = 'five_lead') AS five_lead_items,
  (SELECT count(*) FROM supervision_demonstrationsite x JOIN o ON o.id = x.organization_id
    WHERE x.year = %(year)s) AS demonstration_sites,
  (SELECT count(*) FROM supervision_modelmember x JOIN o ON o.id = x.organization_id
    WHERE x.year = %(year)s) AS model_members,
  (SELECT count(*) FROM supervision_contactpoint x JOIN o ON o.id = x.target_id
    WHERE x.start <= %(last)s AND (x."end" IS NULL OR x."end" >= %(first)s)) AS contact_points,
  (SELECT count(DISTINCT batch_id) FROM active_postings) AS posting_batches,
  (SELECT count(DISTINCT cadre_id) FROM active_postings) AS cadres_posted,
  (SELECT count(DISTINCT village_id) FROM active_postings) AS villages_with_posted_cadres,
  (SELECT count(DISTINCT unit_id) FROM active_pairings WHERE kind = 'department') AS departments_paired,
  (SELECT count(DISTINCT village_id) FROM active_pairings WHERE kind = 'department')
    AS villages_paired_with_departments,
  (SELECT count(DISTINCT unit_id) FROM active_pairings WHERE kind = 'civilized_unit') AS civilized_units_paired,
  (SELECT count(DISTINCT village_id) FROM active_pairings WHERE kind = 'civilized_unit')
    AS villages_paired_with_civilized_units,
  (SELECT count(DISTINCT unit_id) FROM active_pairings WHERE kind = 'enterprise') AS enterprises_paired,
  (SELECT count(DISTINCT village_id) FROM active_pairings WHERE kind = 'enterprise')
    AS villages_paired_with_enterprises,
  (SELECT count(*) FROM outcomes WHERE type = 'plan') AS development_plans,
  (SELECT count(*) FROM outcomes WHERE type = 'project') AS development_projects,
  (SELECT coalesce(sum(amount), 0) FROM outcomes WHERE type = 'funds') AS development_funds_yuan,
  (SELECT count(*) FROM trainings) AS trainings_held,
  (SELECT count(*) FROM learning_attendance a JOIN trainings t ON t.id = a.training_id) AS training_attendances,
  (SELECT count(*) FROM learning_visit v JOIN o ON o.id = v.target_id
    WHERE v.date BETWEEN %(first)s AND %(last)s) AS service_team_visits,
  (SELECT count(*) FROM facilities WHERE kind = 'service_centre') AS service_centres,
  (SELECT count(*) FROM facilities WHERE kind = 'love_supermarket') AS love_supermarkets,
  (SELECT count(*) FROM facilities WHERE kind = 'mobile_station') AS mobile_service_stations,
  (SELECT count(*) FROM facilities WHERE kind = 'entrepreneurship_base') AS entrepreneurship_bases,
  (SELECT count(*) FROM service_platform_supportedproject x JOIN o ON o.id = x.organization_id
    WHERE x.start <= %(last)s AND (x."end" IS NULL OR x."end" >= %(first)s)) AS supported_projects,
  (SELECT count(*) FROM practice_postclaim c JOIN practice_practicepost p ON p.id = c.post_id
    JOIN o ON o.id = p.village_id WHERE p.year = %(year)s AND c.status = 'assigned') AS posts_claimed,
  (SELECT count(DISTINCT h.household_id) FROM practice_householdaid h
    JOIN people_household hh ON hh.id = h.household_id JOIN o ON o.id = hh.village_id
    WHERE h.start <= %(last)s AND (h."end" IS NULL OR h."end" >= %(first)s)) AS households_paired,
  (SELECT count(*) FROM practice_mutualaidgroup g JOIN o ON o.id = g.village_id
    WHERE g.founded_on <= %(last)s) AS mutual_aid_groups
"""

# The dashboard's other numbers, appended to the figures as JSON columns of the same statement.
DASHBOARD_EXTRA = """,
  (SELECT json_object_agg(month, n) FROM (
     SELECT extract(month FROM r.date)::int AS month, count(*) AS n FROM supervision_review r
     JOIN supervision_contactpoint cp ON cp.id = r.contact_point_id JOIN o ON o.id = cp.target_id
     WHERE r.date BETWEEN %(first)s AND %(last)s GROUP BY 1) t) AS trend_reviews,
  (SELECT json_object_agg(month, json_build_array(published, on_time)) FROM (
     SELECT d.period_number AS month, count(*) AS published,
            count(*) FILTER (WHERE d.published_at < ((make_date(d.year, d.period_number, 1) + interval '1 month'
                + make_interval(days => %(deadline_day)s)) AT TIME ZONE %(tz)s)) AS on_time
     FROM village_affairs_disclosure d JOIN o ON o.id = d.village_id
     WHERE d.kind = 'finance' AND d.period_kind = 'month' AND d.year = %(year)s AND d.status = 'published'
       AND d.published_at < %(seen_before)s
     GROUP BY 1) t) AS trend_disclosures,
  (SELECT json_object_agg(month, seconds) FROM (
     SELECT extract(month FROM v.start AT TIME ZONE %(tz)s)::int AS month,
            extract(epoch FROM sum(v."end" - v.start)) AS seconds
     FROM practice_volunteerentry v JOIN o ON o.id = v.village_id
     WHERE v.status = 'confirmed' AND v.start >= %(start)s AND v.start < %(end)s GROUP BY 1) t) AS trend_hours,
  (SELECT json_object_agg(month, n) FROM (
     SELECT extract(month FROM e.at AT TIME ZONE %(tz)s)::int AS month, count(DISTINCT e.claim_id) AS n
     FROM practice_claimevent e JOIN practice_postclaim c ON c.id = e.claim_id AND c.status = 'assigned'
     JOIN practice_practicepost p ON p.id = c.post_id AND p.year = %(year)s JOIN o ON o.id = p.village_id
     WHERE e.kind = 'assigned' AND e.at >= %(start)s AND e.at < %(end)s GROUP BY 1) t) AS trend_posts,
  (SELECT json_object_agg(month, s) FROM (
     SELECT extract(month FROM oc.date)::int AS month, sum(oc.amount) AS s FROM pairing_outcome oc
     JOIN pairing_pairing p ON p.id = oc.pairing_id JOIN o ON o.id = p.village_id
     WHERE oc.type = 'funds' AND oc.date BETWEEN %(first)s AND %(last)s GROUP BY 1) t) AS trend_funds,
  (SELECT json_object_agg(child, json_build_array(villages, groups)) FROM (
     SELECT substr(code, 1, %(child_len)s) AS child, count(*) FILTER (WHERE kind = 'village') AS villages,
            count(*) FILTER (WHERE kind = 'party_group') AS groups
     FROM o WHERE kind IN ('village', 'party_group') GROUP BY 1) t) AS child_organizations,
  (SELECT json_object_agg(child, n) FROM (
     SELECT substr(o.code, 1, %(child_len)s) AS child, count(*) AS n FROM practice_postclaim c
     JOIN practice_practicepost p ON p.id = c.post_id JOIN o ON o.id = p.village_id
     WHERE p.year = %(year)s AND c.status = 'assigned' GROUP BY 1) t) AS child_posts,
  (SELECT json_object_agg(child, seconds) FROM (
     SELECT substr(o.code, 1, %(child_len)s) AS child, extract(epoch FROM sum(v."end" - v.start)) AS seconds
     FROM practice_volunteerentry v JOIN o ON o.id = v.village_id
     WHERE v.status = 'confirmed' AND v.start >= %(start)s AND v.start < %(end)s GROUP BY 1) t) AS child_hours,
  (SELECT json_object_agg(child, s) FROM (
     SELECT substr(o.code, 1, %(child_len)s) AS child, sum(oc.amount) AS s FROM pairing_outcome oc
     JOIN pairing_pairing p ON p.id = oc.pairing_id JOIN o ON o.id = p.village_id
     WHERE oc.type = 'funds' AND oc.date BETWEEN %(first)s AND %(last)s GROUP BY 1) t) AS child_funds,
  (SELECT json_object_agg(child, n) FROM (
     SELECT substr(o.code, 1, %(child_len)s) AS child, count(*) AS n FROM supervision_review r
     JOIN supervision_contactpoint cp ON cp.id = r.contact_point_id JOIN o ON o.id = cp.target_id
     WHERE r.date BETWEEN %(first)s AND %(last)s GROUP BY 1) t) AS child_reviews,
  (SELECT json_build_object('five_good', (SELECT json_object_agg(code, total) FROM scored
                                          WHERE standard = 'five_good' AND person_id IS NULL),
                            'five_lead', (SELECT json_object_agg(total, n) FROM (
                                          SELECT total, count(*) AS n FROM scored
                                          WHERE standard = 'five_lead' AND person_id IS NOT NULL GROUP BY 1) t))
  ) AS evaluation
"""

# Assessments of the year's period of every county in the prefix, approved, with their totals.
SCORED_CTE = """,
scored AS (
    SELECT s.code AS standard, a.person_id, ao.code,
           coalesce((SELECT ap.revised_total FROM evaluation_appeal ap WHERE ap.assessment_id = a.id
                     AND ap.decision = 'upheld' AND ap.revised_total IS NOT NULL LIMIT 1),
                    (SELECT sum(coalesce(i.review_score, i.self_score)) FROM evaluation_itemscore i
                     WHERE i.assessment_id = a.id), 0) AS total
    FROM evaluation_assessment a
    JOIN evaluation_assessmentperiod pe ON pe.id = a.period_id AND pe.year = %(year)s
    JOIN evaluation_standard s ON s.id = a.standard_id
    JOIN o ao ON ao.id = a.organization_id
    WHERE (SELECT e.kind FROM evaluation_assessmentevent e WHERE e.assessment_id = a.id
           AND e.kind IN ('started', 'submitted', 'returned_to_self', 'reviewed', 'returned_to_review', 'approved')
           ORDER BY e.at DESC, e.id DESC LIMIT 1) = 'approved'
)
SELECT"""


def _params(prefix: str, period: int) -> dict[str, Any]:
    from django.utils import timezone

    from common import clock
    from village_affairs.config import setting

    tz = timezone.get_current_timezone()
    on = min(clock.today(), dt.date(period, 12, 31))
    child_len = {6: 9, 9: 12}.get(len(prefix), 6 if len(prefix) < 6 else 12)
    return {
        "like": prefix + "%",
        "county_like": prefix[:6] + "%",
        "year": period,
        "first": dt.date(period, 1, 1),
        "last": dt.date(period, 12, 31),
        "start": dt.datetime(period, 1, 1, tzinfo=tz),
        "end": dt.datetime(period + 1, 1, 1, tzinfo=tz),
        "seen_before": dt.datetime.combine(on + dt.timedelta(days=1), dt.time(), tzinfo=tz),
        "tz": str(tz),
        "deadline_day": int(setting("deadline_day")),
        "child_len": child_len,
    }


def _run(sql: str, prefix: str, period: int) -> dict[str, Any]:
    with connection.cursor() as cur:
        cur.execute(sql, _params(prefix, period))
        names = [c[0] for c in cur.description]
        return dict(zip(names, cur.fetchone(), strict=True))


def figures_floor(prefix: str, period: int) -> dict[str, Any]:
    """The registered figures for the subtree ``prefix``, by one statement."""
    return _run(FIGURES_SQL, prefix, period)


def dashboard_floor(prefix: str, period: int) -> dict[str, Any]:
    """Figures, trends, child-unit aggregates and evaluation totals for ``prefix``, by one statement."""
    head, select, tail = FIGURES_SQL.partition("\nSELECT")
    return _run(head + SCORED_CTE + tail + DASHBOARD_EXTRA, prefix, period)

"""Benchmarks (issue 6): a province-sized deployment on PostgreSQL and the dashboard/report timings.

Not part of ``make test``. Run with ``make bench``; see ``bench/README.md``.
"""

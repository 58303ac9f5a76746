"""Gunicorn for the load test: production's settings (xianfeng/gunicorn.conf.py) without the access log, whose
lines would cost the 2 workers time under load; LOAD_WORKERS workers (2: one per core here)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8765")
workers = int(os.environ.get("LOAD_WORKERS", "2"))
timeout = 120
graceful_timeout = 10
accesslog = None
errorlog = "-"
loglevel = "warning"

"""Gunicorn settings for production: ``gunicorn xianfeng.wsgi -c xianfeng/gunicorn.conf.py``.

Each value can be overridden from the environment (GUNICORN_BIND, WEB_CONCURRENCY,
GUNICORN_TIMEOUT) or on the command line.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: pages are short database reads; 2 per core plus one is gunicorn's advice.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Long work (imports, PDF and Word reports) runs in the task workers (`manage.py run_worker`), not here;
# the HTML report of a big county still takes a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# No background threads in the web workers: recycling one (max_requests) cuts nothing off.
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

"""Settings of the load test (``make load``): production settings, plus a Django hello-world view at
``/bench/hello/`` (``bench.urls``) to compare the public page's request rate with. Never in production URLs."""

from xianfeng.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

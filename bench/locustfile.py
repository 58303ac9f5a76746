"""The load test's simulated users (``make load``; bench/load.py starts gunicorn and runs this with locust).

The plan (``LOAD_PLAN``, written by bench/load.py) holds the village codes of the public pages, and per
persona a signed-in session cookie and the pages that persona opens (each checked to answer 200 first).

Mixed users, think time 5-15 s (``between(5, 15)``), by weight: villagers reading public village pages (10),
members on their phone page (4), village admins at their village's work (3), township admins at their
dashboard and villages (2), county admins at the county dashboard and figures (1).

Rate users (``HelloRate``, ``PublicRate``) wait for nothing: they measure the request rate of the hello-world
view and of the public village page on the same gunicorn, one after the other.
"""

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant, task

PLAN: dict[str, Any] = json.loads(Path(os.environ.get("LOAD_PLAN", "var/load-plan.json")).read_text())
THINK = between(5, 15)


class Visitor(FastHttpUser):
    """A villager who scanned the poster's QR code: the public page of one village, now and then the list."""

    weight = 10
    wait_time = THINK

    @task(9)
    def village_page(self) -> None:
        self.client.get(f"/v/{random.choice(PLAN['villages'])}/", name="public /v/[village]/")

    @task(1)
    def village_list(self) -> None:
        self.client.get("/v/", name="public /v/")


class _SignedIn(FastHttpUser):
    abstract = True
    wait_time = THINK
    persona = ""

    def on_start(self) -> None:
        self.plan = PLAN["personas"][self.persona]
        self.headers = {"Cookie": self.plan["cookie"]}

    @task
    def open_a_page(self) -> None:
        url, name = random.choice(self.plan["pages"])
        self.client.get(url, headers=self.headers, name=f"{self.persona} {name}")


class Member(_SignedIn):
    weight = 4
    persona = "member"


class VillageWorker(_SignedIn):
    weight = 3
    persona = "village"


class TownshipWorker(_SignedIn):
    weight = 2
    persona = "township"


class CountyWorker(_SignedIn):
    weight = 1
    persona = "county"


class HelloRate(FastHttpUser):
    wait_time = constant(0)

    @task
    def hello(self) -> None:
        self.client.get("/bench/hello/", name="rate hello-world")


class PublicRate(FastHttpUser):
    wait_time = constant(0)

    @task
    def village_page(self) -> None:
        self.client.get(f"/v/{random.choice(PLAN['rate_villages'])}/", name="rate public /v/[village]/")

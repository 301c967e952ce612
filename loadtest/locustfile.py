"""Load test: respondents rushing to submit before a round closes, and sponsors reading.

Run it with ``loadtest/run.sh`` (which seeds the database, starts gunicorn and a Celery
worker, and checks afterwards that every submission was stored). Environment:

- ``LOAD_FILE``: the JSON written by ``manage.py bench --load-file`` (invitation links,
  areas, round, sponsor usernames);
- ``LOAD_PASSWORD``: the sponsors' password;
- ``LOAD_RESULTS``: where to write how many submissions succeeded;
- ``LOAD_SHAPE=ramp``: instead of a fixed number of users, add ``RAMP_STEP`` users every
  ``RAMP_SECONDS`` up to ``RAMP_MAX`` users (bounded), to find where the portal breaks.
"""

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, LoadTestShape, between, events, task
from locust.exception import StopUser

DATA = json.loads(Path(os.environ["LOAD_FILE"]).read_text())
PASSWORD = os.environ.get("LOAD_PASSWORD", "")
RESULTS = os.environ.get("LOAD_RESULTS", "")
STATEMENT = re.compile(rb'name="statement-(\d+)"')
TOKENS = iter(DATA["tokens"])
SUBMITTED: list[str] = []


def _csrf(user: HttpUser) -> str:
    return user.client.cookies.get("csrftoken", "")


class Respondent(HttpUser):
    """Opens an invitation link, answers every page, submits; then takes the next link."""

    weight = 9
    wait_time = between(0.5, 2.0)

    @task
    def respond(self):
        token = next(TOKENS, None)
        if token is None:
            raise StopUser()  # every link used: this user is done
        self.client.cookies.clear()
        invite = f"/invite/{token}/"
        self.client.get(invite, name="/invite/[token]/")
        accepted = self.client.post(
            invite,
            {"csrfmiddlewaretoken": _csrf(self)},
            name="/invite/[token]/ (accept)",
            allow_redirects=False,
        )
        start = accepted.headers.get("Location", "")
        if accepted.status_code != 302 or not start:
            return
        base = start.removesuffix("/assessment/")
        self.client.get(start, name="/areas/[area]/rounds/[round]/assessment/")
        response = self.client.post(
            start,
            {"csrfmiddlewaretoken": _csrf(self), "sector": random.choice(["council", "vcs"])},
            name="/areas/[area]/rounds/[round]/assessment/ (start)",
            allow_redirects=False,
        )
        page_url = response.headers.get("Location", "")
        for _ in range(20):  # a framework has a handful of pages; bounded all the same
            if "/assessment/" not in page_url or page_url.endswith("/review/"):
                break
            page = self.client.get(
                page_url, name="/areas/[area]/rounds/[round]/assessment/[page]/"
            )
            count = max((int(n) for n in STATEMENT.findall(page.content)), default=0)
            answers = {f"statement-{n}": str(random.randint(1, 5)) for n in range(1, count + 1)}
            self.wait()
            saved = self.client.post(
                page_url,
                {**answers, "comment": "", "action": "next", "csrfmiddlewaretoken": _csrf(self)},
                name="/areas/[area]/rounds/[round]/assessment/[page]/ (save)",
                allow_redirects=False,
            )
            page_url = saved.headers.get("Location", "")
        review = f"{base}/assessment/review/"
        self.client.get(review, name="/areas/[area]/rounds/[round]/assessment/review/")
        with self.client.post(
            review,
            {"csrfmiddlewaretoken": _csrf(self)},
            name="/areas/[area]/rounds/[round]/assessment/review/ (submit)",
            allow_redirects=False,
            catch_response=True,
        ) as submitted:
            if submitted.status_code == 302 and submitted.headers.get("Location", "").endswith(
                "/assessment/done/"
            ):
                SUBMITTED.append(token)
                submitted.success()
            else:
                submitted.failure(f"submit answered {submitted.status_code}")


class Sponsor(HttpUser):
    """Signs in once; opens the programme dashboard, area dashboards, and area reports."""

    weight = 1
    wait_time = between(1.0, 3.0)

    def on_start(self):
        self.client.get("/accounts/login/")
        self.client.post(
            "/accounts/login/",
            {
                "username": random.choice(DATA["sponsors"]),
                "password": PASSWORD,
                "csrfmiddlewaretoken": _csrf(self),
            },
            name="/accounts/login/ (sign in)",
        )

    def _area(self) -> str:
        return f"/areas/{random.choice(DATA['areas'])}/rounds/{DATA['round']}/"

    @task(3)
    def programme_dashboard(self):
        self.client.get(f"/programme/?round={DATA['round']}", name="/programme/")

    @task(3)
    def area_dashboard(self):
        self.client.get(self._area(), name="/areas/[area]/rounds/[round]/")

    @task(2)
    def report(self):
        area = self._area()
        with self.client.get(
            f"{area}report.pdf",
            name="/areas/[area]/rounds/[round]/report.pdf",
            catch_response=True,
        ) as download:
            if download.status_code == 404:
                download.success()  # not prepared yet: ask for it, as a sponsor would
                self.client.post(
                    f"{area}report/request/",
                    {"csrfmiddlewaretoken": _csrf(self)},
                    name="/areas/[area]/rounds/[round]/report/request/",
                )
            elif download.status_code == 200 and not download.content.startswith(b"%PDF"):
                download.failure("report.pdf is not a PDF")


if os.environ.get("LOAD_SHAPE") == "ramp":

    class Ramp(LoadTestShape):
        """Add users step by step until RAMP_MAX, each step held for RAMP_SECONDS."""

        step = int(os.environ.get("RAMP_STEP", "25"))
        seconds = int(os.environ.get("RAMP_SECONDS", "60"))
        most = int(os.environ.get("RAMP_MAX", "300"))

        def tick(self):
            elapsed = self.get_run_time()
            users = self.step * (1 + int(elapsed // self.seconds))
            if users > self.most:
                return None
            return users, self.step


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    if RESULTS:
        Path(RESULTS).write_text(json.dumps({"submitted": len(SUBMITTED)}) + "\n")

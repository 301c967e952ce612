import pytest


def test_health_reports_the_database_and_no_broker(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not configured"}


def test_health_is_unavailable_when_the_broker_does_not_answer(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert set(response.json()) == {"status", "database", "broker"}


def test_health_reports_a_broker_that_answers(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    response = client.get("/health/")
    if response.json()["broker"] == "down":
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"

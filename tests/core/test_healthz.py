import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"connection refused" not in response.content  # no detail for the public


def test_healthz_answers_503_when_the_query_fails(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def execute(self, sql):
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(connection, "cursor", BrokenCursor)
    assert client.get("/healthz/").status_code == 503


def test_healthz_needs_no_sign_in_and_no_allowed_host(client, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.gov.uk"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200


def test_other_pages_still_check_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.gov.uk"]
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


def test_other_pages_are_still_redirected_to_https(client, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.gov.uk"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", HTTP_HOST="tracker.example.gov.uk")
    assert response.status_code == 301
    assert response.url == "https://tracker.example.gov.uk/"
    assert client.get("/healthz", HTTP_HOST="tracker.example.gov.uk").status_code == 200

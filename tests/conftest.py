from pathlib import Path

import factory
import pytest

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / ("learning-and-improvement-plan-2020-21.txt")
)

factory.Faker._DEFAULT_LOCALE = "en_GB"

pytest_plugins = ["tests.every_shape", "tests.people"]


def pytest_report_header() -> list[str]:
    """Which database the suite runs on (so CI's log shows PostgreSQL was used), whether
    the hot path is on, and whether the browser tests can run. Here rather than in
    tests/browser/conftest.py, which pytest loads after the header."""
    from django.conf import settings

    from tests.browser.chromium import report_header

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    hot_path = "on" if settings.HOT_PATH else "off (the plain twins: make test-plain)"
    return [f"database: {engine}", f"hot path: {hot_path}", report_header()]


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example_plan(db):
    from improvement_tracker.documents.importers import read_plan_file
    from improvement_tracker.plans.services.importing import plan_import

    return plan_import(document=read_plan_file(EXAMPLE))


@pytest.fixture
def signed_in_client(client, django_user_model):
    """A superuser, for tests of what pages show and do.

    Who may see and do what is tested separately, role by role, in tests/accounts.
    """
    user = django_user_model.objects.create_superuser(username="board-member", password="x")
    client.force_login(user)
    return client


@pytest.fixture(scope="session", autouse=True)
def flush_past_the_audit_triggers():
    """Django empties the tables after each transactional test (the browser tests) with
    DELETE or TRUNCATE, which the audit table's triggers refuse; lift them for that alone."""
    from unittest import mock

    from django.core.management.commands import flush

    from tests.audit.tampering import append_only_lifted

    handle = flush.Command.handle

    def handle_past_triggers(self, *args, **options):
        with append_only_lifted():
            return handle(self, *args, **options)

    with mock.patch.object(flush.Command, "handle", handle_past_triggers):
        yield


@pytest.fixture(autouse=True)
def hot_path_for_its_own_tests(request, settings):
    """Tests marked hot_path test the hot path itself (a cache hit, the queries only the
    hand-written reads make): they turn it on, whatever HOT_PATH says for the run."""
    if request.node.get_closest_marker("hot_path"):
        settings.HOT_PATH = True


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh app server would."""
    from django.core.cache import cache

    cache.clear()

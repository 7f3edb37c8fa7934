from pathlib import Path

import factory
import pytest

EXAMPLE = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / ("learning-and-improvement-plan-2020-21.txt")
)

factory.Faker._DEFAULT_LOCALE = "en_GB"


def pytest_report_header() -> str:
    # Here rather than in tests/browser/conftest.py, which pytest loads after the header.
    from tests.browser.chromium import report_header

    return report_header()


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture
def example_plan(db):
    from improvement_tracker.documents.importers import read_plan_file
    from improvement_tracker.plans.services import plan_import

    return plan_import(document=read_plan_file(EXAMPLE))


@pytest.fixture
def signed_in_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="board-member", password="unused-pw")
    client.force_login(user)
    return client

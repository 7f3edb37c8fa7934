import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def load():
    out = StringIO()
    call_command("load_example", stdout=out)
    return out.getvalue()


def test_the_demo_user_can_sign_in_and_manage_the_example_plan():
    output = load()
    password = re.search(r"Sign in as: demo / (\S+)", output)[1]
    client = Client()
    response = client.post("/sign-in/", {"username": "demo", "password": password}, follow=True)
    assert "Learning and Improvement Plan 2020 – 2021" in response.content.decode()
    tracker = client.get("/plans/learning-and-improvement-plan-2020-2021/")
    assert tracker.status_code == 200
    assert "People and roles" in tracker.content.decode()


def test_loading_again_keeps_one_plan_and_gives_a_new_password():
    first = re.search(r"demo / (\S+)", load())[1]
    second_output = load()
    assert "already loaded" in second_output
    assert re.search(r"demo / (\S+)", second_output)[1] != first

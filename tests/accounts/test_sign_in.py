import pytest
from django.urls import reverse

from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db


def test_sign_in_page_renders_a_govuk_form(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="govuk-input govuk-!-width-one-half' in html
    assert 'autocomplete="current-password"' in html or 'type="password"' in html


def test_wrong_password_shows_an_error_summary_and_keeps_the_username(client, django_user_model):
    django_user_model.objects.create_user(username="lead", password="right-password-123")
    response = client.post(reverse("login"), {"username": "lead", "password": "wrong"})
    # Beside the username, in crispy-forms-gds's markup like every other form's errors.
    wrong = "Enter a correct username and password. Both are case-sensitive."
    html = assert_form_errors(response, {"id_username": wrong})
    assert "There is a problem" in html
    assert 'value="lead"' in html
    assert "<title>Error: Sign in" in html


def test_empty_form_names_each_missing_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert_form_errors(
        response, {"id_username": "Enter your username", "id_password": "Enter your password"}
    )


def test_right_password_signs_in_and_goes_to_the_home_page(client, django_user_model):
    django_user_model.objects.create_user(username="lead", password="right-password-123")
    response = client.post(reverse("login"), {"username": "lead", "password": "right-password-123"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(response.url).url == reverse("plans:home")

"""GOV.UK components are rendered once per distinct data, and never mixed up."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.core import govuk

pytestmark = pytest.mark.django_db


def test_the_same_component_is_rendered_once(monkeypatch):
    govuk._rendered.clear()
    calls = []
    original = govuk._template

    def counting(path, macro):
        template = original(path, macro)
        calls.append(path)
        return template

    monkeypatch.setattr(govuk, "_template", counting)
    first = govuk.render(GovUKTag(text="Red", classes="govuk-tag--red"))
    second = govuk.render(GovUKTag(text="Red", classes="govuk-tag--red"))
    other = govuk.render(GovUKTag(text="Green", classes="govuk-tag--green"))
    assert first == second
    assert "Green" in other
    assert len(calls) == 2


def test_html_and_plain_text_with_the_same_characters_are_told_apart():
    plain = govuk.render(GovUKTag(text="<b>Red</b>"))
    html = govuk.render(GovUKTag(html=mark_safe("<b>Red</b>")))
    also_plain = govuk.render(GovUKTag(text="<b>Red</b>"))
    assert "&lt;b&gt;Red&lt;/b&gt;" in plain
    assert "<b>Red</b>" in html
    assert also_plain == plain


def test_each_page_has_its_own_csrf_token_in_the_sign_out_form(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user(username="board"))
    pages = [client.get(reverse("plans:plan_list")).content.decode() for _ in range(2)]
    tokens = [page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for page in pages]
    assert tokens[0] != tokens[1]
    assert all(len(token) == 64 for token in tokens)
    assert "csrf-value-goes-here" not in pages[0]
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[1]})
    assert signed_out.status_code == 302  # the token in the page is a working one

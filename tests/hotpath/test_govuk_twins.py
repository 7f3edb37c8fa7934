"""Each fast piece of GOV.UK rendering gives its plain twin's HTML, byte for byte: the
components and the navigation (ADR 0034)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils.safestring import mark_safe
from govuk_frontend_django.components.button import GovUKButton
from govuk_frontend_django.components.notification_banner import GovUKNotificationBanner
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
    ServiceNavigationSlots,
)
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.core.govuk import component_class
from improvement_tracker.hotpath import govuk, navigation
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.hot_path]

AWKWARD = 'Tom & Jerry\'s <b>"plan"</b>\r\nsecond line\rthird\nfourth – 😀'

COMPONENTS = [
    GovUKTag(text="Red", classes="govuk-tag--red"),
    GovUKTag(text="<b>Red</b>"),
    GovUKTag(html=mark_safe("<b>Red</b>")),
    GovUKButton(text="Move up", name="up", value="3", classes="govuk-button--secondary"),
    GovUKButton(html=mark_safe('Move <span class="govuk-visually-hidden"> up</span>'), name="u"),
    GovUKNotificationBanner(titleText="Archived", text=AWKWARD),
    component_class("skip-link")(text="Skip to main content", href="#main-content"),
    component_class("back-link")(href="/plans/x/?a=1&b=2", text="Back"),
    component_class("warning-text")(text=AWKWARD, iconFallbackText="Warning"),
    component_class("button")(text="Import this plan", type="submit", preventDoubleClick=True),
    component_class("pagination")(
        items=[
            {"number": "1", "href": "?page=1", "current": False},
            {"ellipsis": True},
            {"number": "7", "href": "?page=7", "current": True},
        ],
        landmarkLabel="Pages of plans",
        previous={"text": "Newer", "href": "?page=6"},
        next={"text": "Older", "href": "?page=8"},
    ),
    GovUKServiceNavigation(
        serviceName="Improvement Tracker",
        serviceUrl="/",
        navigation=[
            ServiceNavigationNavigation(text="Plans", href="/", active=True),
            ServiceNavigationNavigation(text="Your account", href="/account/", active=False),
        ],
        slots=ServiceNavigationSlots(navigationEnd=mark_safe("<li>end</li>")),
    ),
]


@pytest.mark.parametrize("component", COMPONENTS, ids=lambda c: type(c).__name__)
def test_a_component_renders_as_govuk_frontend_django_renders_it(component):
    govuk._rendered.clear()
    plain = govuk.render.plain(component)
    assert govuk.render.fast(component) == plain
    assert govuk.render.fast(component) == plain  # and again, from what was kept


def test_the_same_component_is_rendered_once(monkeypatch):
    govuk._rendered.clear()
    calls = []
    original = govuk._template

    def counting(path, macro):
        calls.append(path)
        return original(path, macro)

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


# The navigation -------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def request_for(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return request


def people(django_user_model):
    lead = MembershipFactory(user__username="lead").user
    admin = MembershipFactory(user__username="<b>admin</b> & co", is_admin=True).user
    return [AnonymousUser(), lead, admin]


@pytest.mark.parametrize("section", ["plans:plan_list", "plans:my_actions", "account"])
def test_the_navigation_is_the_same_either_way_with_a_working_token(django_user_model, section):
    navigation._kept.cache_clear()
    for person in people(django_user_model):
        request = request_for(person, reverse(section))
        fast = navigation.site_navigation.fast(request)
        plain = navigation.site_navigation.plain(request)
        assert TOKEN.sub("TOKEN", fast) == TOKEN.sub("TOKEN", plain)
        tokens = TOKEN.findall(fast) + TOKEN.findall(plain)
        if person.is_authenticated:
            secret = request.META["CSRF_COOKIE"]
            assert len(tokens) == 2
            assert {_unmask_cipher_token(token) for token in tokens} == {secret}
            assert navigation.CSRF_STAND_IN not in fast
        else:
            assert tokens == []

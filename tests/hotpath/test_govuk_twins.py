"""Each fast piece of GOV.UK rendering gives its plain twin's HTML, byte for byte: the
components, the navigation, the tracker's rows and the tracker's forms (ADR 0034)."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
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
from improvement_tracker.hotpath import forms as hot_forms
from improvement_tracker.hotpath import govuk, navigation, tracker_rows
from improvement_tracker.plans.forms import AsAtForm, TrackerFilterForm
from improvement_tracker.plans.models import Action, ExtraField, ExtraValue
from improvement_tracker.plans.rag import KeyEntry, Status, StatusKey
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services import updates as updates_services
from tests.factories import ActionFactory, DomainFactory, MembershipFactory
from tests.plans.layers import layered_plan

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


# The tracker's rows ---------------------------------------------------------------------


@pytest.fixture
def tracker():
    """A plan whose rows hold everything a row can: flags, references to this domain and
    another, high priority, text needing escaping, each kind of line break, and values
    under the plan's extra fields (one archived, so not shown)."""
    first = DomainFactory(position=1, label="Help & Protection")
    plan = first.plan
    second = DomainFactory(plan=plan, position=2, label="<Leadership>")
    rows = [
        (first, 1, Status.OFF_TRACK, True, "01/04/2021", AWKWARD, "Delayed by Covid & more."),
        (first, 2, Status.ON_TRACK, False, "01/06/2020", "Plain", "On track."),  # flagged
        (first, 3, Status.NOT_RATED, False, "31/02/2020", "Impossible date", ""),  # flagged
        (second, 1, Status.COMPLETE, True, "Quarterly", "<script>x</script>", AWKWARD),
        (second, 2, Status.AT_RISK, False, "2021", "Amber", "Slipping."),
        (second, 3, Status.AT_RISK, False, "June 2021\r\nQ3 2021/22", "Two timescales", ""),
    ]
    for domain, number, status, high, timescale, text, progress in rows:
        ActionFactory(
            domain=domain,
            number=number,
            status=status,
            high_priority=high,
            timescale_text=timescale,
            text=text,
            lead_text=f"Lead of {text}",
            progress=progress,
        )
    for domain, number, words in [
        (first, 2, "See action 3 above, and action 1.\r\nThen action 9 (none)."),
        (second, 2, "As action 1 & action 2 said."),
    ]:
        action = Action.objects.get(domain=domain, number=number)
        updates_services.action_record_update(
            action=action,
            by=None,
            made_on=dt.date(2020, 11, 1),
            status=Status.AT_RISK,
            progress=words,
            expected_version=action.version,
        )
    measures = ExtraField.objects.create(plan=plan, position=1, name="Success <measures> & KPI")
    outcome = ExtraField.objects.create(plan=plan, position=2, name="Outcome")
    gone = ExtraField.objects.create(plan=plan, position=3, name="Gone", archived_at=timezone.now())
    one, two = Action.objects.filter(domain=first).order_by("number")[:2]
    for action, field, text in [
        (one, outcome, "Fewer re-referrals"),
        (one, measures, AWKWARD),
        (two, outcome, "<script>y</script>"),
        (two, gone, "An archived field's value"),
    ]:
        ExtraValue.objects.create(action=action, field=field, text=text)
    return plan_tracker(plan=plan, as_of=dt.date(2020, 11, 30))


# A plan's own key (ADR 0039): its labels, awkward ones included, and its colours.
OWN_KEY = StatusKey(
    (
        KeyEntry(Status.ON_TRACK, 'On <track> & "going"', "orange"),
        KeyEntry(Status.AT_RISK, "At risk", "pink"),
        KeyEntry(Status.COMPLETE, "Blue", "blue"),
    )
)


@pytest.mark.parametrize("own_key", [False, True])
def test_the_rows_are_the_templates_rows(tracker, own_key):
    assert len(tracker.domains) == 2
    key = OWN_KEY if own_key else tracker.status_key
    pages = []
    for entry in tracker.domains:
        plain = tracker_rows.tracker_rows.plain(entry, tracker.anchors, tracker.plan.slug, key)
        fast = tracker_rows.tracker_rows.fast(entry, tracker.anchors, tracker.plan.slug, key)
        assert fast == plain
        pages.append(str(plain))
    rows = "".join(pages)
    # What the rows were meant to hold, they held.
    assert rows.count('class="app-flag"') >= 2
    assert rows.count('href="#action-') >= 3
    assert rows.count("High priority: ") == 2
    assert "&lt;script&gt;x&lt;/script&gt;" in rows
    escaped = "Tom &amp; Jerry&#x27;s &lt;b&gt;&quot;plan&quot;&lt;/b&gt;<br>second line<br>third"
    assert escaped in rows
    assert "June 2021<br>Q3 2021/22" in rows  # one timescale a line
    # Extra fields under the action's text, in field order, escaped; an archived one not.
    assert "<strong>Success &lt;measures&gt; &amp; KPI:</strong> Tom &amp; Jerry" in rows
    assert rows.index("Success &lt;measures") < rows.index("Outcome:</strong> Fewer")
    assert "<strong>Outcome:</strong> &lt;script&gt;y&lt;/script&gt;" in rows
    assert "archived field" not in rows
    if own_key:
        assert "govuk-tag--pink" in rows and "At risk" in rows  # the plan's word and colour


def test_layered_rows_and_awkward_references_are_the_templates_rows():
    """Objectives, activities, and references a quote or an escape would change (one the
    numbering allows, one it does not but the database might hold) read alike either way."""
    layered = layered_plan()
    ActionFactory(domain=layered.domain, number="C1.1(a)", text="Brackets.")
    ActionFactory(domain=layered.domain, number="R 3<4>", text="Awkward.")
    tracker = plan_tracker(plan=layered.plan, as_of=dt.date(2020, 11, 30))
    slug, key = layered.plan.slug, tracker.status_key
    for entry in tracker.domains:
        plain = tracker_rows.tracker_rows.plain(entry, tracker.anchors, slug, key)
        assert tracker_rows.tracker_rows.fast(entry, tracker.anchors, slug, key) == plain
    rows = str(tracker_rows.tracker_rows.fast(tracker.domains[0], tracker.anchors, slug, key))
    assert "C1.1(a)/" in rows and "R%203%3C4%3E/" in rows and ">R 3&lt;4&gt;</a>" in rows
    assert "Objective 1.1:" in rows and "1.1.2</strong>" in rows


def test_a_domain_without_actions_has_the_same_empty_rows(tracker):
    entry = tracker.domains[0]
    empty = type(entry)(domain=entry.domain, actions=[])
    plain = tracker_rows.tracker_rows.plain(empty, {}, tracker.plan.slug, tracker.status_key)
    assert tracker_rows.tracker_rows.fast(empty, {}, tracker.plan.slug, tracker.status_key) == plain


# The tracker's forms --------------------------------------------------------------------


def filter_forms(tracker):
    """Ways to make the tracker's filter form: each call makes a new one, since crispy
    adds its error classes to a form's widgets each time it renders the form."""

    def make(data):
        def form():
            made = TrackerFilterForm(
                data, tracker=tracker, initial={"as_of": "2020-11-30"}, auto_id="filter_%s"
            )
            if data is not None:
                made.is_valid()
            return made

        return form

    lead = str(tracker.leads[0].pk) if tracker.leads else "1"
    return [
        make(None),
        make({"as_of": "2020-11-30", "status": "off_track", "q": AWKWARD, "priority": "on"}),
        make({"as_of": "2020-11-30", "domain": "2", "lead": lead, "flagged": "on"}),
        make({"as_of": "2020-11-30", "domain": "99", "status": "purple", "q": "x" * 201}),
        make({"as_of": "2020-11-30", "q": "<b>bold</b>"}),
    ]


def as_at_forms():
    def sent(data):
        def form():
            made = AsAtForm(data)
            made.is_valid()
            return made

        return form

    return [
        lambda: AsAtForm(initial={"as_of": dt.date(2020, 11, 30)}),
        sent({"as_of_0": "31", "as_of_1": "2", "as_of_2": "2020"}),
        sent({"as_of_0": "1", "as_of_1": "", "as_of_2": "20"}),
        sent({"as_of_0": "1", "as_of_1": "10", "as_of_2": "2020"}),
    ]


def test_the_tracker_forms_are_crispys_forms_byte_for_byte(tracker):
    hot_forms._rendered.clear()
    makers = filter_forms(tracker) + as_at_forms()
    seen = set()
    for make in makers + makers:  # the second time, from what was kept
        plain = hot_forms.render_form.plain(make())
        assert hot_forms.render_form.fast(make()) == plain
        seen.add(str(plain))
    assert len(seen) == len(makers)  # forms that differ were never given each other's HTML


def test_a_form_whose_choices_changed_is_rendered_again(tracker):
    hot_forms._rendered.clear()
    unfiltered = filter_forms(tracker)[0]
    before = hot_forms.render_form(unfiltered())

    def with_a_new_lead():
        form = unfiltered()
        form.fields["lead"].choices = [*form.fields["lead"].choices, (987, "A new lead & co")]
        return form

    after = hot_forms.render_form(with_a_new_lead())
    assert after != before
    assert "A new lead &amp; co" in after
    assert after == hot_forms.render_form.plain(with_a_new_lead())


def test_the_kept_forms_stay_within_their_byte_bound(tracker):
    hot_forms._rendered.clear()
    for n in range(300):
        form = TrackerFilterForm(
            {"q": f"{n} " + "typed " * 30}, tracker=tracker, auto_id="filter_%s"
        )
        form.is_valid()
        assert f"{n} typed" in hot_forms.render_form(form)
    kept = hot_forms._rendered
    assert 0 < kept.nbytes <= hot_forms.RENDERED_BYTES
    assert len(kept) <= hot_forms.RENDERED_KEPT
    hot_forms._rendered.clear()


def test_rows_in_layers_are_the_templates_rows():
    """Objectives as spanning rows and activities under their actions (ADR 0041): the fast
    rows and the template agree, awkward words included."""
    from improvement_tracker.plans.services.activities import activity_add
    from tests.plans.layers import layered_plan

    layered = layered_plan()
    activity_add(
        action=layered.loose,
        number="",
        text=AWKWARD,
        lead_text=AWKWARD,
        timescale_text="",
        status=Status.NOT_RATED,
        by=None,
    )
    tracker = plan_tracker(plan=layered.plan)
    for entry in tracker.domains:
        args = (entry, tracker.anchors, tracker.plan.slug, tracker.status_key)
        assert tracker_rows.tracker_rows.fast(*args) == tracker_rows.tracker_rows.plain(*args)
    rows = str(
        tracker_rows.tracker_rows.plain(
            tracker.domains[0], tracker.anchors, "x", tracker.status_key
        )
    )
    assert rows.count('class="govuk-table__row app-objective"') == 2
    assert rows.count("<li>") == 3

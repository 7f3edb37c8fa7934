"""`manage.py add_person`: scripted onboarding, audited as the People page is, all or nothing."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Lead
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    organisation = OrganisationFactory(name="Together for Children")
    plan = PlanFactory(organisation=organisation, slug="council-plan", title="Council plan")
    kept = Lead.objects.create(organisation=organisation, name="CEx of TfC", key="cex of tfc")
    Lead.objects.create(organisation=organisation, name="CEx TfC", key="cex tfc", merged_into=kept)
    return plan


def add(*args):
    out = StringIO()
    call_command("add_person", *args, stdout=out)
    return out.getvalue().splitlines()


def everything():
    return (
        list(User.objects.values_list("username", "password")),
        list(Membership.objects.values_list("user_id", "organisation_id", "is_admin")),
        list(PlanRole.objects.values_list("plan_id", "user_id", "role")),
        sorted(Lead.people.through.objects.values_list("lead_id", "user_id")),
        AuditEvent.objects.count(),
    )


def test_adds_a_person_who_signs_in_with_the_password_on_the_last_line(council):
    lines = add("jo", "--organisation", "Together for Children", "--email", "jo@tfc.example")
    password = lines[-1]
    assert " " not in password and len(password) >= 20
    person = User.objects.get(username="jo")
    assert person.email == "jo@tfc.example"
    assert person.membership.organisation == council.organisation
    assert not person.membership.is_admin
    assert person.check_password(password)
    # Audited as the People page audits it, and the password given too (never its value).
    events = AuditEvent.objects.order_by("pk")
    assert [e.verb for e in events] == [Verb.CREATE, Verb.PASSWORD]
    assert events[0].summary == "Added jo to Together for Children"
    assert password not in str(list(events.values()))


def test_each_run_gives_a_fresh_password(council):
    first = add("jo", "--organisation", "Together for Children")[-1]
    second = add("al", "--organisation", "Together for Children")[-1]
    assert first != second


def test_an_organisation_administrator_with_a_lead_contributor_role(council):
    lines = add(
        "jo", "--organisation", "Together for Children", "--admin",
        "--role", "lead", "--plan", "council-plan", "--lead", "cex  TFC",
    )  # fmt: skip
    person = User.objects.get(username="jo")
    assert person.membership.is_admin
    assert PlanRole.objects.get(user=person, plan=council).role == Role.LEAD_CONTRIBUTOR
    # "CEx TfC" was merged into "CEx of TfC": the person acts for the lead kept.
    assert list(person.leads.values_list("name", flat=True)) == ["CEx of TfC"]
    assert AuditEvent.objects.filter(verb=Verb.ROLE, plan=council).count() == 2
    assert "acts for the lead CEx of TfC" in "\n".join(lines)


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_a_role_on_a_plan(council, role):
    add("jo", "--organisation", "Together for Children", "--role", role, "--plan", "council-plan")
    expected = {"manager": Role.MANAGER, "viewer": Role.VIEWER}[role]
    assert PlanRole.objects.get(user__username="jo", plan=council).role == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "Nowhere"], "No organisation is called 'Nowhere'"),
        (["--role", "viewer", "--plan", "no-such-plan"], "has no plan 'no-such-plan'"),
        (["--role", "viewer", "--plan", "theirs"], "has no plan 'theirs'"),
        (["--role", "viewer", "--plan", "old"], "The plan 'Old plan' is archived"),
        (["--role", "lead", "--plan", "council-plan", "--lead", "Nobody"], "has no lead 'Nobody'"),
        (["--role", "viewer", "--plan", "council-plan", "--lead", "CEx"], "--lead needs --role"),
        (["--lead", "CEx of TfC"], "--lead needs --role lead"),
        (["--role", "viewer"], "--role and --plan go together"),
        (["--plan", "council-plan"], "--role and --plan go together"),
        (["--email", "not-an-address"], "is not an email address"),
        (["--email", "TAKEN@tfc.example"], "already uses the email address"),
        (["--username", "JO"], "The username 'JO' is taken"),
        (["--username", "jo smith"], "is not a valid username"),
        (["--username", "j" * 151], "150 characters or fewer"),
    ],
)
def test_a_clear_error_and_nothing_created(council, args, message):
    OrganisationFactory(name="Another Council")
    PlanFactory(organisation=OrganisationFactory(name="Another Council"), slug="theirs")
    PlanFactory(organisation=council.organisation, slug="old", title="Old plan",
                archived_at="2021-01-01T00:00:00Z")  # fmt: skip
    add("jo", "--organisation", "Together for Children", "--email", "taken@tfc.example")
    username = args[args.index("--username") + 1] if "--username" in args else "newcomer"
    rest = [a for i, a in enumerate(args) if "--username" not in args[max(i - 1, 0) : i + 1]]
    if "--organisation" not in rest:
        rest += ["--organisation", "Together for Children"]
    before = everything()
    with pytest.raises(CommandError, match=message):
        add(username, *rest)
    assert everything() == before


def test_a_failure_part_way_creates_nothing(council, monkeypatch):
    from improvement_tracker.accounts import services

    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "person_one_time_password", fail)
    before = everything()
    with pytest.raises(RuntimeError):
        add("jo", "--organisation", "Together for Children", "--role", "viewer",
            "--plan", "council-plan")  # fmt: skip
    assert everything() == before


def test_from_the_command_line_an_error_is_its_message_and_a_non_zero_exit(
    council, capsys, monkeypatch
):
    # The command line closes the connections when it ends; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = everything()
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "add_person", "jo", "--organisation", "Nowhere"])
    assert exited.value.code != 0
    err = capsys.readouterr().err
    assert err.strip() == "CommandError: No organisation is called 'Nowhere'. Nothing was created."
    assert everything() == before

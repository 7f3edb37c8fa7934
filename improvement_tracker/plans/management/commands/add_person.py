"""Add a person to an organisation from a script, as the People page does, optionally
with a role on one of its plans; or, with --new-password, give someone already added a new
one-time password. The last line printed is the one-time password (ADR 0030)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from improvement_tracker.accounts import services
from improvement_tracker.accounts.models import Organisation, Role
from improvement_tracker.plans.leads import lead_key
from improvement_tracker.plans.models import Lead, Plan
from improvement_tracker.plans.services import roles as roles_services

ROLES = {"manager": Role.MANAGER, "lead": Role.LEAD_CONTRIBUTOR, "viewer": Role.VIEWER}
OPTIONS_FOR_NEW = ["organisation", "email", "admin", "role", "plan", "lead"]


class Command(BaseCommand):
    help = (
        "Add a person to an organisation (audited as the People page does), optionally as "
        "an organisation administrator and with a role on one of its plans. Prints a fresh "
        "one-time password alone on the last line; whoever signs in with it chooses their own "
        "password first, and unused it stops working after ONE_TIME_PASSWORD_DAYS days. With "
        "--new-password, gives a person already added a new one-time password instead. "
        "Nothing is created or changed if anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--new-password",
            action="store_true",
            help="Give the person (already added) a new one-time password; no other option.",
        )
        parser.add_argument("--organisation", help="The organisation's name.")
        parser.add_argument("--email", default="", help="Their email address.")
        parser.add_argument(
            "--admin", action="store_true", help="Make them an organisation administrator."
        )
        parser.add_argument("--role", choices=sorted(ROLES), help="A role on --plan.")
        parser.add_argument("--plan", help="The slug of a plan of the organisation.")
        parser.add_argument(
            "--lead", help="With --role lead: the lead of the organisation they act for."
        )

    def handle(self, *args: object, **options: Any) -> None:
        username = str(options["username"]).strip()
        if options["new_password"]:
            self._new_password(username, options)
            return
        if not options["organisation"]:
            raise CommandError(
                "Give the person's organisation with --organisation NAME. Nothing was created."
            )
        email = str(options["email"]).strip()
        organisation = _organisation(str(options["organisation"]))
        _check_new_person(username, email)
        role, plan, lead = _role(options, organisation)
        with transaction.atomic():
            person = services.organisation_person_add(
                organisation=organisation,
                username=username,
                email=email,
                first_name="",
                last_name="",
                is_admin=bool(options["admin"]),
                by=None,
            )
            done = [f"Added {username} to {organisation.name}"]
            if options["admin"]:
                done[0] += " as an organisation administrator"
            if role is not None and plan is not None:
                roles_services.plan_role_set(plan=plan, user=person, role=role, by=None)
                done.append(f"{username} is {role.label} of '{plan.title}' ({plan.slug})")
                if lead is not None:
                    roles_services.lead_people_set(plan=plan, user=person, leads=[lead], by=None)
                    done.append(f"{username} acts for the lead {lead.name}")
            password = services.person_one_time_password(user=person, by=None)
        for line in done:
            self.stdout.write(line)
        self._show(password)

    def _new_password(self, username: str, options: dict[str, Any]) -> None:
        others = [f"--{name}" for name in OPTIONS_FOR_NEW if options[name]]
        if others:
            raise CommandError(
                f"--new-password takes the username alone, not {', '.join(others)}. "
                "Nothing was changed."
            )
        person = User.objects.filter(username=username).select_related("membership").first()
        if person is None:
            raise CommandError(f"Nobody has the username '{username}'. Nothing was changed.")
        if not hasattr(person, "membership"):
            raise CommandError(
                f"{username} belongs to no organisation, so has no one-time password to "
                "replace; use manage.py changepassword. Nothing was changed."
            )
        if not person.is_active:
            raise CommandError(f"{username}'s account is deactivated. Nothing was changed.")
        password = services.person_one_time_password(user=person, by=None)
        self.stdout.write(f"{username} has a new one-time password; any earlier one is void")
        self._show(password)

    def _show(self, password: str) -> None:
        self.stdout.write(
            f"One-time password (shown once; pass it on, then they sign in and choose their "
            f"own; unused, it stops working in {settings.ONE_TIME_PASSWORD_DAYS} days):"
        )
        self.stdout.write(password)


def _organisation(name: str) -> Organisation:
    organisation = Organisation.objects.filter(name=name.strip()).first()
    if organisation is None:
        raise CommandError(f"No organisation is called '{name}'. Nothing was created.")
    return organisation


def _check_new_person(username: str, email: str) -> None:
    if not username:
        raise CommandError("Give a username. Nothing was created.")
    if len(username) > 150:  # User.username's max_length
        raise CommandError("The username must be 150 characters or fewer. Nothing was created.")
    try:
        User.username_validator(username)
    except ValidationError:
        raise CommandError(
            f"'{username}' is not a valid username: use letters, digits and @ . + - _ only. "
            "Nothing was created."
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise CommandError(f"The username '{username}' is taken. Nothing was created.")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                f"'{email}' is not an email address, like name@example.gov.uk. Nothing was created."
            ) from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(
                f"An account already uses the email address {email}. Nothing was created."
            )


def _role(
    options: dict[str, Any], organisation: Organisation
) -> tuple[Role | None, Plan | None, Lead | None]:
    """The role, plan and lead asked for, each checked against the organisation."""
    role_name, slug, lead_name = options["role"], options["plan"], options["lead"]
    if lead_name and role_name != "lead":
        raise CommandError("--lead needs --role lead. Nothing was created.")
    if bool(role_name) != bool(slug):
        raise CommandError("--role and --plan go together. Nothing was created.")
    if not role_name:
        return None, None, None
    plan = Plan.objects.filter(slug=slug).select_related("organisation").first()
    if plan is None or plan.organisation_id != organisation.pk:
        # The same words for another organisation's plan as for none: say nothing of it.
        raise CommandError(f"{organisation.name} has no plan '{slug}'. Nothing was created.")
    if plan.archived_at is not None:
        raise CommandError(f"The plan '{plan.title}' is archived. Nothing was created.")
    lead = None
    if lead_name:
        found = (
            Lead.objects.filter(organisation=organisation, key=lead_key(lead_name))
            .select_related("merged_into")
            .first()
        )
        if found is None:
            raise CommandError(
                f"{organisation.name} has no lead '{lead_name}'. Nothing was created."
            )
        lead = found.merged_into or found  # a merged spelling means the lead kept
    return ROLES[role_name], plan, lead

"""Make a personal API token for someone from a script, as the "API tokens" page does for
themselves: audited (by "system"), and printed once, alone on the last line."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from improvement_tracker.api.models import Scope
from improvement_tracker.api.services import MAX_DAYS, TokenRefused, api_token_create


class Command(BaseCommand):
    help = (
        "Make a personal API token for USERNAME, acting with their own access. Prints what "
        "was made, then the token alone on the last line: it is shown this once and kept "
        "only as a hash. Send it as 'Authorization: Bearer <token>'. Nothing is made if "
        "anything is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Whose token it is.")
        parser.add_argument(
            "--name", required=True, help="What the token is for, e.g. 'Power BI board report'."
        )
        parser.add_argument(
            "--scope",
            required=True,
            help="read: it may only read; write: it may also change what the person may.",
        )
        parser.add_argument(
            "--days",
            default=str(settings.API_TOKEN_DEFAULT_DAYS),
            help=f"How many days it lasts, 1 to {MAX_DAYS} "
            f"(default {settings.API_TOKEN_DEFAULT_DAYS}).",
        )

    def handle(self, *args: object, **options: Any) -> None:
        username = str(options["username"]).strip()
        name = _name(str(options["name"]))
        scope = _scope(str(options["scope"]))
        days = _days(str(options["days"]))
        person = User.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"USERNAME: nobody has the username '{username}'. Nothing was made.")
        if not person.is_active:
            raise CommandError(
                f"USERNAME: {username}'s account is deactivated, so cannot hold a token. "
                "Nothing was made."
            )
        try:
            token, secret = api_token_create(
                user=person, name=name, scope=scope, days=days, by=None
            )
        except TokenRefused as refusal:
            raise CommandError(f"{refusal}. Nothing was made.") from None
        self.stdout.write(
            f"Made the API token '{token.name}' ({token.prefix}…) for {username}: "
            f"{token.get_scope_display().lower()}, until {token.expires_at:%Y-%m-%d %H:%M} UTC"
        )
        self.stdout.write(
            "The token (shown once, kept only as a hash; send it as "
            "'Authorization: Bearer <token>'):"
        )
        self.stdout.write(secret)


def _name(text: str) -> str:
    name = text.strip()
    if not name:
        raise CommandError("--name: give the token a name. Nothing was made.")
    if len(name) > 100:  # ApiToken.name's max_length
        raise CommandError("--name: the name must be 100 characters or fewer. Nothing was made.")
    return name


def _scope(text: str) -> Scope:
    try:
        return Scope(text.strip().lower())
    except ValueError:
        raise CommandError(
            f"--scope: '{text}' is not a scope; give read or write. Nothing was made."
        ) from None


def _days(text: str) -> int:
    try:
        days = int(text.strip())
    except ValueError:
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise CommandError(
            f"--days: '{text}' is not a number of days from 1 to {MAX_DAYS}. Nothing was made."
        )
    return days

"""The --as-of option that plan commands share."""

import datetime as dt

from django.core.management.base import CommandError, CommandParser


def add_as_of(parser: CommandParser) -> None:
    parser.add_argument(
        "--as-of",
        dest="as_of",
        default=None,
        help="Show the plan as it stood on this date, YYYY-MM-DD (default: today).",
    )


def read_as_of(value: object) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as error:
        raise CommandError(
            f"--as-of '{value}' is not a date: give it as YYYY-MM-DD, for example 2020-10-31."
        ) from error

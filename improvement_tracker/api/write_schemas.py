"""The typed bodies and answers of the API's write endpoints (`api/write.py`).

Every field is described: the OpenAPI description and the reference page are made from
them (ADR 0061)."""

import datetime as dt

from django.utils import timezone
from ninja import Field, Schema

from improvement_tracker.api.schemas import StatusOut

LARGEST_ID = 2**63 - 1  # a larger number is no id, and the database could not compare it


class UpdateIn(Schema):
    """A progress update, as the update form takes it."""

    status: str = Field(
        description="The status's stable meaning, one of the plan's key's: not_rated, "
        "not_started, off_track, at_risk, on_track, complete …",
        max_length=40,
    )
    progress: str = Field(description="The progress update (required, up to 10,000 characters).")
    evidence: str = Field("", description="Evidence of impact (up to 10,000 characters).")
    reason: str = Field(
        "", description="Why the status changed, recorded with the change (up to 2,000 characters)."
    )
    made_on: dt.date = Field(
        default_factory=timezone.localdate,
        description="The date of this update: today (the default) or in the past.",
    )
    period: str = Field("", description="The reporting period, e.g. 'October 2020'.")
    version: int = Field(
        description="The action's version as you read it (GET the action): an update based "
        "on an older version is refused with 409."
    )


class StatusChangeMade(Schema):
    """A change of status that an update made."""

    from_status: StatusOut = Field(description="The status before this update.")
    to_status: StatusOut = Field(description="The status this update gave the action.")
    reason: str = Field(description="Why, as recorded with the change.")


class UpdateRecorded(Schema):
    """A stored progress update, and the action's version after it."""

    id: int = Field(description="The update's id.")
    action_id: int = Field(description="The action's id.")
    reference: str = Field(description="The action's human reference, e.g. '1.2' or 'C1.1.1'.")
    made_on: dt.date = Field(description="The date of the update.")
    period: str = Field(description="The reporting period it was recorded for.")
    status: StatusOut = Field(description="The status it records.")
    progress: str = Field(description="The progress update.")
    evidence: str = Field(description="The evidence of impact.")
    author: str | None = Field(description="Who recorded it (username).")
    status_change: StatusChangeMade | None = Field(
        description="The change of status it made, if the status changed."
    )
    version: int = Field(description="The action's version now: send it with the next update.")


class YourUpdate(Schema):
    """What was sent, kept in the 409 answer so that nothing typed is lost."""

    status: str = Field(description="The status's meaning that was sent.")
    progress: str = Field(description="The progress update that was sent.")
    evidence: str = Field(description="The evidence that was sent.")
    reason: str = Field(description="The reason that was sent.")
    made_on: dt.date = Field(description="The date that was sent.")
    period: str = Field(description="The reporting period that was sent.")
    version: int = Field(description="The version it was based on.")


class TheirUpdate(Schema):
    """The action's latest update as it now stands, made since your version was read."""

    status: StatusOut = Field(description="The action's status now.")
    progress: str = Field(description="Its progress update now.")
    evidence: str = Field(description="Its evidence of impact now.")
    made_on: dt.date | None = Field(description="The date of its latest update, if any.")
    author: str | None = Field(description="Who recorded its latest update (username), if any.")


class Conflict(Schema):
    """Someone changed the action after you read it: nothing was stored (409)."""

    type: str = Field("about:blank", description="Always about:blank: `title` says the kind.")
    title: str = Field(description="'Conflict'.")
    status: int = Field(description="409.")
    detail: str = Field(description="What happened, and what to do: read it again and resend.")
    yours: YourUpdate = Field(description="What you sent, based on an older version.")
    theirs: TheirUpdate = Field(description="The action as it now stands.")
    current_version: int = Field(description="The action's version now: resend with it.")


class ChoiceIn(Schema):
    """One action's chosen status."""

    action_id: int = Field(
        description="The action's id; it must be in this plan and unrated.", ge=1, le=LARGEST_ID
    )
    status: str = Field(
        description="The status's stable meaning: the suggested one, or another of the "
        "plan's rated statuses.",
        max_length=40,
    )
    reason: str = Field(
        "",
        description="Why, recorded with the change (up to 2,000 characters); without one "
        "the page's words are recorded ('Accepted suggestion: …').",
    )


class AcceptIn(Schema):
    """Statuses chosen for actions not yet rated, recorded all together or not at all."""

    made_on: dt.date = Field(
        default_factory=timezone.localdate,
        description="The date of the updates: today (the default) or in the past; the "
        "suggestions are those as at this date.",
    )
    period: str = Field("", description="The reporting period, e.g. 'October 2020'.")
    choices: list[ChoiceIn] = Field(description="At least one action with its chosen status.")


class AcceptedOut(Schema):
    """The updates recorded, one for each choice, in the order sent."""

    updates: list[UpdateRecorded] = Field(description="The stored updates.")

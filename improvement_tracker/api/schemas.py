"""The typed schemas the API's parts share; each part's own are beside its endpoints.

Every field is described, since the OpenAPI description and the reference page are
generated from these (ADR 0061).
"""

from ninja import Field, Schema


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str = Field("about:blank", description="Always about:blank: `title` says the kind.")
    title: str = Field(description="The kind of problem, the same for every one of its kind.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What was wrong with this request, in words to act on.")


class FieldError(Schema):
    """One invalid value of a request."""

    loc: list[str | int] = Field(description="Where the invalid value was: its place and name.")
    msg: str = Field(description="What was wrong with it.")


class InvalidProblem(Problem):
    """A request whose parameters or body could not be read (422)."""

    errors: list[FieldError] = Field(description="Each invalid value, with where it was.")


class StatusOut(Schema):
    """A RAG status: its stable meaning, and the plan's own label for it (ADR 0039)."""

    meaning: str = Field(
        description="The stable meaning: not_rated, off_track, at_risk, on_track, complete …"
    )
    label: str = Field(description="What the plan's own key calls it, e.g. 'Red' or 'Amber'.")


class Person(Schema):
    """Who is calling, and with what."""

    username: str = Field(description="The name they sign in with.")
    name: str = Field(description="Their full name, if they have given one.")
    organisation: str | None = Field(description="The organisation they belong to, if any.")
    via: str = Field(description="'token' or 'session'.")
    scope: str = Field(description="'read' or 'write': what this request may do.")
    token_name: str | None = Field(description="The token's name, when called with one.")
    token_expires_at: str | None = Field(description="When the token stops working (ISO 8601).")

"""The typed answers of the API's imports (`api/imports.py`): the preview of a sent file,
and the plan it became. Every field is described (ADR 0061)."""

from ninja import Field, Schema


class ImportDomain(Schema):
    """A domain the file holds, and how many actions."""

    label: str = Field(description="The domain's label, e.g. 'Help and Protection'.")
    title: str = Field(description="Its title as the file gives it.")
    actions: int = Field(description="How many actions the file gives it.")


class Count(Schema):
    """How many actions have a status (or are high priority with it)."""

    status: str = Field(description="The status, in the file's key's words; or 'Total'.")
    actions: int = Field(description="How many actions.")


class ExtraFieldCount(Schema):
    """A column no field reads, kept as one of the plan's extra fields."""

    name: str = Field(description="The column's name.")
    actions_with_a_value: int = Field(description="How many actions have a value in it.")


class ImportPreviewOut(Schema):
    """What importing the file would make; nothing is made until it is confirmed."""

    id: str = Field(description="The import's id: confirm or cancel it by this.")
    name: str = Field(description="The file's name as it was sent.")
    replace: bool = Field(description="Whether confirming archives a plan of the same title.")
    title: str = Field(description="The plan's title as the file gives it.")
    organisation: str = Field(description="The organisation the plan will belong to: yours.")
    replaces: str = Field(
        description="The title of the plan confirming would archive; empty if none."
    )
    domains: list[ImportDomain] = Field(description="Its domains with their action counts.")
    statuses: list[Count] = Field(description="Its actions by status, with the total.")
    high_priority: list[Count] = Field(
        description="Its high-priority actions by status, with the total."
    )
    extra_fields: list[ExtraFieldCount] = Field(description="Columns kept as extra fields.")
    warnings: list[str] = Field(description="What the importer noticed and worked around.")
    reconciliation: list[str] = Field(
        description="How the file's own tables compare with the actions it lists."
    )


class ImportedPlan(Schema):
    """The plan an import made (the fields of the plans list's `PlanSummary`)."""

    id: int = Field(description="The plan's id.")
    slug: str = Field(description="The plan's address name, used in every plan endpoint.")
    title: str = Field(description="The plan's title.")
    organisation: str = Field(description="The organisation whose plan it is.")
    archived: bool = Field(description="Whether the plan is archived (read only).")
    url: str = Field(description="Its API address (a path on this server).")
    web_url: str = Field(description="Its tracker page (a path on this server).")

"""Plans, their domains and actions, the leads who own actions, and each plan's RAG key."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.functional import cached_property

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.core.models import TimeStampedModel
from improvement_tracker.plans.numbering import KEY_LENGTH, LONGEST_REFERENCE, natural_key
from improvement_tracker.plans.rag import KeyEntry, Status, StatusKey, status_of
from improvement_tracker.plans.timescales import Kind, Timescale, parse_timescale

STATUS_VALUES = [status.value for status in Status]


class Plan(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, unique=True)
    # As the document words it ("October 2020"), and the date that stands for it.
    reporting_period = models.CharField(max_length=100, blank=True)
    reporting_date = models.DateField(null=True, blank=True)
    # The period the plan covers (an imported plan may not say).
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # The document's own Table 1 and Table 2, kept to reconcile with the rows.
    reported_figures = models.JSONField(null=True, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # How many days before an update round's deadline its leads are reminded (issue 20).
    reminder_days_before = models.PositiveSmallIntegerField(default=3)

    class Meta:
        ordering = ["organisation__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:tracker", kwargs={"slug": self.slug})

    @cached_property
    def status_key(self) -> StatusKey:
        """The plan's own key (ADR 0039): its labels and colours for the meanings it uses."""
        return StatusKey(tuple(entry.as_entry() for entry in self.rag_key.all()))


class TagColour(models.TextChoices):
    """The GOV.UK tag colours a plan's key may give a status (govuk-tag--<colour>)."""

    GREY = "grey", "Grey"
    GREEN = "green", "Green"
    TURQUOISE = "turquoise", "Turquoise"
    BLUE = "blue", "Blue"
    LIGHT_BLUE = "light-blue", "Light blue"
    PURPLE = "purple", "Purple"
    PINK = "pink", "Pink"
    RED = "red", "Red"
    ORANGE = "orange", "Orange"
    YELLOW = "yellow", "Yellow"


class RagKeyEntry(models.Model):
    """One line of a plan's key: a meaning it uses, its label, colour and words (ADR 0039)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rag_key")
    status = models.CharField(max_length=20, choices=Status.choices())
    label = models.CharField(max_length=50)
    colour = models.CharField(max_length=20, choices=TagColour.choices)
    position = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "status"], name="one_key_entry_per_status"),
            models.UniqueConstraint("plan", Lower("label"), name="one_key_entry_per_label"),
            models.CheckConstraint(
                condition=Q(status__in=STATUS_VALUES), name="key_entry_is_a_status"
            ),
            models.CheckConstraint(
                condition=Q(colour__in=TagColour.values), name="key_entry_colour"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.description}"

    def as_entry(self) -> KeyEntry:
        return KeyEntry(status_of(self.status), self.label, self.colour, self.description)


class Domain(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="domains")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=500)  # in full, as the document gives it
    label = models.CharField(max_length=100)  # short, as Table 1 uses it
    # An archived domain and its actions leave the tracker and its tables, but are kept.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="domain_position_unique"),
            models.UniqueConstraint(fields=["plan", "label"], name="domain_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class Lead(TimeStampedModel):
    """A role or partner agency that leads actions, shared across an organisation's plans."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="leads")
    name = models.CharField(max_length=300)
    key = models.CharField(max_length=300, editable=False)  # see leads.lead_key
    # The people who may record updates on this lead's actions (lead contributors).
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="leads", blank=True)
    # Another spelling of the same lead, merged into it: kept so that the spelling, met
    # again in an import, still means that lead. A merged lead has no people, and no
    # actions but those of plans archived before the merge (ADR 0022).
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_leads"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lead_unique_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class Objective(models.Model):
    """A level between a domain and its actions ("1. To establish systems for …"), with its
    own reference, text and lead; optional, a plan without objectives shows none (ADR 0041)."""

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=LONGEST_REFERENCE, blank=True)  # as written
    number_order = models.CharField(max_length=KEY_LENGTH)  # numbering.natural_key(number)
    text = models.TextField()
    lead_text = models.TextField(blank=True)
    position = models.PositiveIntegerField()
    # An archived objective leaves the tracker; its actions stay, shown without it.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["domain", "number_order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "position"], name="objective_position"),
        ]

    def __str__(self) -> str:
        return f"Objective {self.number}".rstrip() if self.number else "Objective"

    def set_number(self, number: str) -> None:
        """Give the objective its reference and the sort key that goes with it (unsaved)."""
        self.number = number
        self.number_order = natural_key(number)


class Action(TimeStampedModel):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="actions")
    # The reference as the plan writes it (1, 1.2, C1.1.1), and its natural sort key,
    # set together by `set_number` (plans/numbering.py, docs/decisions/0038).
    number = models.CharField(max_length=LONGEST_REFERENCE)
    number_order = models.CharField(max_length=KEY_LENGTH, editable=False)
    # The objective the action serves, always one of its own domain's (services check it).
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    high_priority = models.BooleanField(default=False)
    text = models.TextField()
    # The lead cell verbatim; `leads` indexes the roles and agencies it names.
    lead_text = models.TextField(blank=True)
    leads = models.ManyToManyField(Lead, related_name="actions", blank=True)
    # The timescale as written, and its reading (see timescales.py).
    timescale_text = models.CharField(max_length=200, blank=True)
    timescale_kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in Kind])
    timescale_date = models.DateField(null=True, blank=True)
    # Raised by every change, so that a save based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    # An archived action leaves the tracker and its tables but keeps its number and history.
    archived_at = models.DateTimeField(null=True, blank=True)
    # The action of an earlier plan year that this one carries forward.
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_to"
    )

    class Meta:
        ordering = ["domain__position", "number_order"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "number"], name="action_number_unique"),
            # An action whose number was set without its sort key would sort first, unnoticed.
            models.CheckConstraint(condition=~Q(number_order=""), name="action_number_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.domain.label} {self.number}"

    def set_number(self, number: str) -> None:
        """Give the action its reference and the sort key that goes with it (unsaved)."""
        self.number = number
        self.number_order = natural_key(number)

    @property
    def timescale(self) -> Timescale:
        return parse_timescale(self.timescale_text)


class Activity(models.Model):
    """A sub-action under an action, with its own lead, timescale and status as the document
    gives them. Its status is the document's, changed by an audited edit; the action's own
    status stays its updates' (ADR 0041)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField()
    number = models.CharField(max_length=LONGEST_REFERENCE, blank=True)
    text = models.TextField()
    lead_text = models.TextField(blank=True)
    timescale_text = models.CharField(max_length=200, blank=True)
    timescale_kind = models.CharField(max_length=20, choices=[(k.value, k.value) for k in Kind])
    timescale_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices(), default=Status.NOT_RATED.value
    )
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["action", "position"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(fields=["action", "position"], name="activity_position"),
            models.CheckConstraint(condition=Q(status__in=STATUS_VALUES), name="activity_status"),
        ]

    def __str__(self) -> str:
        return f"Activity {self.number}".rstrip() if self.number else "Activity"

    @property
    def timescale(self) -> Timescale:
        return parse_timescale(self.timescale_text)


class ExtraField(models.Model):
    """A column of the plan's own that the product has no field for ("Success measures",
    "Directorate"): named by the plan, kept from its tracker (ADR 0040)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="extra_fields")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    # An archived field leaves the pages and exports, but it and its values are kept.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="extra_field_position"),
            models.UniqueConstraint(fields=["plan", "name"], name="extra_field_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ExtraValue(models.Model):
    """What an action says under one of its plan's extra fields; an empty value is no row."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="extra_values")
    field = models.ForeignKey(ExtraField, on_delete=models.CASCADE, related_name="values")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "field"], name="one_extra_value_per_field"),
        ]

    def __str__(self) -> str:
        return f"{self.action}, {self.field}: {self.text[:40]}"


class UpdateRound(models.Model):
    """A month's call for updates before a board meeting: which actions, by when (issue 20).

    A plan has at most one open round. Updates recorded while it is open, on its actions,
    belong to it (`ActionUpdate.round`). Closing it keeps it, with who closed it and when.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    board_date = models.DateField()
    deadline = models.DateField()
    actions = models.ManyToManyField(Action, related_name="rounds")
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-board_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"], condition=Q(closed_at__isnull=True), name="one_open_round_per_plan"
            ),
            models.CheckConstraint(
                condition=Q(deadline__lte=models.F("board_date")),
                name="round_deadline_before_board",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: updates for the board of {self.board_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ActionUpdate(models.Model):
    """A dated progress update: the status and words an action had from that date on.

    Updates are only added, never changed; the tracker as at any date shows each
    action's latest update made on or before it.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    made_on = models.DateField()
    period = models.CharField(max_length=100, blank=True)  # "October 2020"
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    source = models.CharField(max_length=300, blank=True)  # "Imported from plan.txt"
    status = models.CharField(
        max_length=20, choices=Status.choices(), default=Status.NOT_RATED.value
    )
    progress = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The open update round it was recorded in, when its action was in one (issue 20).
    round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )

    class Meta:
        ordering = ["action", "made_on", "id"]
        indexes = [
            models.Index(fields=["action", "made_on", "id"], name="update_as_at"),
            # Each action's newest update by id, for the tracker's fingerprint: without it
            # PostgreSQL looked for a plan's newest update by walking every update from the
            # newest back, half a second for the first organisation's plans.
            models.Index(fields=["action", "id"], name="update_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=STATUS_VALUES), name="update_status"),
        ]

    def __str__(self) -> str:
        return f"{self.action} on {self.made_on}: {Status(self.status).label}"

    @property
    def author_name(self) -> str:
        if self.author is not None:
            return self.author.get_full_name() or self.author.get_username()
        return self.source or "Unknown"


class ActionReference(models.Model):
    """An "action 16" in an update's words, and the action it meant when they were written.

    The words are never rewritten; because the link is to the action, not to the
    number, it follows the action through renumbering and moves (docs/decisions/0010).
    """

    update = models.ForeignKey(ActionUpdate, on_delete=models.CASCADE, related_name="references")
    number = models.CharField(max_length=20)  # as the words give it: 16, 1.2 (ADR 0044)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="referenced_by")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["update", "number"], name="one_reference_per_number"),
        ]

    def __str__(self) -> str:
        return f"'action {self.number}' in {self.update} means {self.action}"


class StatusChange(models.Model):
    """Who changed an action's status, when, from what, to what and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_changes")
    update = models.OneToOneField(
        ActionUpdate, on_delete=models.CASCADE, related_name="status_change"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=Status.choices())
    to_status = models.CharField(max_length=20, choices=Status.choices())
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["action", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"


class BoardPack(models.Model):
    """A board pack as issued: the plan as at the board date, frozen (issue 20).

    Its figures (`snapshot`) and its files (`files`) are kept exactly as issued, whatever is
    edited later. Issuing again for the same board archives the earlier pack, never
    deletes it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="board_packs")
    board_date = models.DateField()
    # The earlier board the pack's "what changed" section runs from, if there was one.
    since = models.DateField(null=True, blank=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Table 1, Table 2 and the key-check flags as at the board date, as plain values.
    snapshot = models.JSONField(default=dict)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "-board_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "board_date"],
                condition=Q(archived_at__isnull=True),
                name="one_live_pack_per_board",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: board pack for {self.board_date:%-d %B %Y}"


class BoardPackFile(models.Model):
    """One file of an issued pack (Word, PDF, Excel or CSV), its bytes as issued."""

    pack = models.ForeignKey(BoardPack, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=10)  # docx, pdf, xlsx, csv
    name = models.CharField(max_length=300)
    content_type = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pack", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "kind"], name="one_pack_file_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

"""Organisations, the people in them, and the roles people hold on plans."""

from django.conf import settings
from django.db import models

from improvement_tracker.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    # Single sign-on places a new person in the organisation that owns their email domain.
    email_domain = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """The organisation a person works for; its administrators manage its people and roles."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    is_admin = models.BooleanField("organisation administrator", default=False)
    # Set while the person holds a one-time password (`add_person`): until they choose
    # their own they see only the page to do so, and from this moment it no longer signs
    # them in. Any password change or completed reset clears it (ADR 0030).
    one_time_password_expires = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class Role(models.TextChoices):
    MANAGER = "manager", "Plan manager"
    LEAD_CONTRIBUTOR = "lead_contributor", "Lead contributor"
    VIEWER = "viewer", "Viewer"


class PlanRole(TimeStampedModel):
    """A person's role on one plan; how a plan is shared beyond its own organisation."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="one_role_per_person_per_plan"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="plan_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} of {self.plan}"

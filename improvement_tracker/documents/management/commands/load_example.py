import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.plans.importing import PlanExists
from improvement_tracker.plans.models import Plan
from improvement_tracker.plans.services.importing import plan_import
from improvement_tracker.plans.slugs import plan_slug

EXAMPLE = Path(settings.BASE_DIR) / "examples" / "learning-and-improvement-plan-2020-21.txt"


class Command(BaseCommand):
    help = (
        "Load the example plan (once) and give the demo user a fresh random password. "
        "The demo user administers the example's organisation and manages its plan."
    )

    @transaction.atomic
    def handle(self, *args: object, **options: object) -> None:
        document = read_plan_file(EXAMPLE)
        try:
            plan = plan_import(document=document)
            self.stdout.write(f"Loaded the example plan: {plan.slug}")
        except PlanExists:
            plan = Plan.objects.get(slug=plan_slug(document.title))
            self.stdout.write("The example plan is already loaded.")
        password = secrets.token_urlsafe(12)
        user, _ = get_user_model().objects.get_or_create(username="demo")
        user.set_password(password)
        user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": plan.organisation, "is_admin": True}
        )
        PlanRole.objects.update_or_create(plan=plan, user=user, defaults={"role": Role.MANAGER})
        self.stdout.write(f"Sign in as: demo / {password}")

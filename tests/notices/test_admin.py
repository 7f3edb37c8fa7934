"""A superuser finds notices that failed, and why, in the admin site; nobody changes them."""

import pytest
from django.contrib import admin
from django.urls import reverse

from improvement_tracker.audit.admin_audit import AuditedModelAdmin
from improvement_tracker.notices.models import SentNotice
from improvement_tracker.notices.sending import send_due_notices
from tests.notices.conftest import OPENED

pytestmark = pytest.mark.django_db


def test_a_failed_notice_shows_its_error_and_cannot_be_changed(
    cycle, inbox, time_machine, client, django_user_model
):
    time_machine.move_to(OPENED, tick=False)
    cycle.open()
    inbox.refuse = "451 Requested action aborted: local problem in processing"
    send_due_notices()
    notice = SentNotice.objects.get(person=cycle.people["alice"])
    client.force_login(django_user_model.objects.create_superuser(username="root", password="x"))

    listing = client.get(reverse("admin:notices_sentnotice_changelist"), {"q": "451"})
    assert listing.status_code == 200, listing

    html = listing.content.decode()
    assert "SMTPDataError: (451, b&#x27;Requested action aborted" in html
    assert "alice" in html
    assert isinstance(admin.site._registry[SentNotice], AuditedModelAdmin)
    change = reverse("admin:notices_sentnotice_change", args=[notice.pk])
    changed = client.post(change, {"attempts": 0})
    assert changed.status_code == 403
    assert SentNotice.objects.get(pk=notice.pk).attempts == 1

"""The "Email notices" page: a signed-in person's own choice of notices (ADR 0055)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from improvement_tracker.accounts.access import signed_in, user_of
from improvement_tracker.notices.forms import NoticePreferencesForm
from improvement_tracker.notices.services import notice_preferences, notice_preferences_set


@signed_in
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Each person sees and changes their own choice, nobody else's."""
    user = user_of(request)
    chosen = notice_preferences(user).chosen()
    # Bound on every POST: unticking every box sends no "notices" at all.
    data = request.POST if request.method == "POST" else None
    form = NoticePreferencesForm(data, initial={"notices": chosen})
    if request.method == "POST" and form.is_valid():
        notice_preferences_set(person=user, wanted=form.wanted(), by=user)
        messages.success(request, "Your email choices have been saved")
        return redirect("notices:preferences")
    context = {"form": form, "email": user.email}
    return render(request, "notices/preferences.html", context)

"""The single sign-on pages: /sso/start/ and /sso/callback/ (mozilla-django-oidc's views).

They answer 404 unless settings switch single sign-on on. mozilla-django-oidc, with
requests and cryptography, is loaded on first use, not by every app server at start:
about 10 MiB a process that most councils' servers would never use.
"""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from improvement_tracker.accounts.access import View, public


def _only_when_enabled(view_name: str) -> View:
    @public
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not switched on")
        from mozilla_django_oidc import views

        response: HttpResponse = getattr(views, view_name).as_view()(request, *args, **kwargs)
        return response

    return view


sso_start = _only_when_enabled("OIDCAuthenticationRequestView")
sso_callback = _only_when_enabled("OIDCAuthenticationCallbackView")

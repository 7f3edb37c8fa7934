"""Every view declares who may use it, with one of these decorators.

The decorator records the rule on the view (`view.access_rule`), so a test can walk
the URL configuration and check every view against every kind of person; a view
without a rule fails that test. Each refusal, the rule's or the view's own, is audited
(rate-limited: audit/refusals.py). Plan pages' decorators, which read the plan, are
`plans/access.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from improvement_tracker.accounts.permissions import Ability, is_org_admin
from improvement_tracker.audit.refusals import record_refusal

View = Callable[..., HttpResponse]
# Django's class-based views (as_view()) answer with any response, streaming ones included.
AnyView = TypeVar("AnyView", bound=Callable[..., HttpResponseBase])


def user_of(request: HttpRequest) -> User:
    """The person of a request that one of these decorators, other than `public`, let in."""
    assert isinstance(request.user, User)  # noqa: S101 - narrows the type: signed in
    return request.user


@dataclass(frozen=True)
class Rule:
    name: str
    ability: Ability | None = None


PUBLIC = Rule("public")
SIGNED_IN = Rule("signed in")
# Signed in, and the object in the URL (say an upload's token) must be the person's own:
# anyone else's, or one that does not exist, answers 404.
OWN_OBJECT = Rule("signed in, own object")
ORG_ADMIN = Rule("organisation administrator")


def _declare(view: AnyView, rule: Rule) -> AnyView:
    """Record the rule on the view, as the function attribute `access_rule`."""
    view.access_rule = rule  # type: ignore[attr-defined]  # mypy adds no function attributes
    return view


def public(view: AnyView) -> AnyView:
    return _declare(view, PUBLIC)


def signed_in(view: View, rule: Rule = SIGNED_IN) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except (Http404, PermissionDenied) as refusal:
            record_refusal(request, refusal)
            raise

    return _declare(wrapper, rule)


def own_object(view: View) -> View:
    """Signed in; the view itself answers 404 for an object that is not the person's."""
    return signed_in(view, OWN_OBJECT)


def org_admin(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if not is_org_admin(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        except (Http404, PermissionDenied) as refusal:
            record_refusal(request, refusal)
            raise

    return _declare(wrapper, ORG_ADMIN)

"""The API's reference page (/api/v1/reference/): its OpenAPI description read at each
request (`reference.py`) and shown as a GOV.UK page, without JavaScript, so that what a
person reads is what the API does."""

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from improvement_tracker.accounts.access import signed_in
from improvement_tracker.api.app import api
from improvement_tracker.api.openapi import EVERY_OPERATION
from improvement_tracker.api.problems import TITLES
from improvement_tracker.api.reference import reference_of

_CODE = re.compile(r"`([^`]+)`")


def prose(text: str) -> SafeString:
    """A description's words, escaped, with its `code` spans as <code>."""
    return mark_safe(  # noqa: S308 - every piece is escaped first
        _CODE.sub(r"<code>\1</code>", str(escape(text)))
    )


def rate_in_words(rate: str) -> str:
    """'1200/m' as '1,200 requests a minute' (django-ninja's rates: number/s, m, h or d)."""
    number, _, period = rate.partition("/")
    per = {"s": "a second", "m": "a minute", "h": "an hour", "d": "a day"}
    return f"{int(number):,} requests {per.get(period[:1], 'per ' + period)}"


@signed_in
def api_reference(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema()
    groups = [
        {
            "tag": group.tag,
            "description": prose(group.description),
            "operations": [
                {
                    "op": op,
                    "description": prose(op.description),
                    "parameters": [(p, prose(p.description)) for p in op.parameters],
                }
                for op in group.operations
            ],
        }
        for group in reference_of(schema)
    ]
    return render(
        request,
        "api/reference.html",
        {
            "info": schema["info"],
            "info_description": prose(schema["info"].get("description", "")),
            "server": settings.SITE_URL,
            "openapi_url": reverse("api:openapi-json"),
            "groups": groups,
            "problems": [(status, TITLES[status]) for status in EVERY_OPERATION],
            "throttle": rate_in_words(settings.API_THROTTLE_RATE),
        },
    )

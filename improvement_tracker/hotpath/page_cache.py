"""What pages and exports keep between requests, checked against a fingerprint (ADR 0015);
and the page around kept parts, spliced in as bytes.

Plain twin: build the value on every request, and render the page around its parts with
the template engine. With the hot path off, that is what happens, and no fingerprint is
read.

A kept value is kept under *what* it is (a plan's tracker for a date and filters, an
action's page, an export) together with the fingerprint of the data it was built from.
The fingerprint is read from the database on every request; a value built from other
data is rebuilt and replaces it. So a change shows on the very next request, on every
app server, with nothing to invalidate, and a plan that changes often still has one
entry per page, not one per version.
"""

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from improvement_tracker import hotpath
from improvement_tracker.hotpath.twins import twin_of

T = TypeVar("T")
SECONDS = 60 * 60


def cached(
    kind: str,
    identity: Sequence[object],
    fingerprint: Callable[[], str],
    build: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """The value for `identity`, built by `build()` unless it was built from the data
    `fingerprint()` reads now (which it reads only while the hot path is on).

    `identity` must name only what the value is built from, in one canonical form: every
    distinct identity is an entry. A built value is kept unless `keep(value)` says not
    (a page showing error messages echoes what was typed, so it is no one else's page).
    """
    if not hotpath.enabled():
        return build()
    now = fingerprint()
    raw = "|".join(str(part) for part in identity)
    key = f"{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"
    kept: tuple[str, T] | None = cache.get(key)
    if kept is not None and kept[0] == now:
        return kept[1]
    value = build()
    if keep is None or keep(value):
        cache.set(key, (now, value), SECONDS)
    return value


Parts = Mapping[str, object]  # a page's parts: rendered HTML by name, and other values


class CachedPart(bytes):
    """HTML our own templates rendered, encoded once and kept so."""


def cached_parts(
    kind: str,
    identity: Sequence[object],
    fingerprint: Callable[[], str],
    render_parts: Callable[[], Parts],
    keep: Callable[[Parts], bool] | None = None,
) -> Parts:
    """A page's parts that depend only on what `identity` names, rendered once and kept
    (as CachedParts, UTF-8 bytes ready to send) while the fingerprint holds; with the
    hot path off, rendered now, as they are."""
    if not hotpath.enabled():
        return render_parts()

    def encoded() -> Parts:
        return {
            name: CachedPart(part.encode()) if isinstance(part, str) else part
            for name, part in render_parts().items()
        }

    return cached(kind, identity, fingerprint, encoded, keep)


def render_around_parts_plain(
    request: HttpRequest, template_name: str, context: Mapping[str, object], content: Parts
) -> HttpResponse:
    """The page, rendered with its parts (read by the template as `content`)."""
    return render(request, template_name, {**context, "content": content})


@twin_of(render_around_parts_plain)
def render_around_parts(
    request: HttpRequest, template_name: str, context: Mapping[str, object], content: Parts
) -> HttpResponse:
    """A 1,000-action tracker's parts are nearly a megabyte: passed through the template
    engine they would be copied at every level of the template and encoded again on
    every request. Instead the page is rendered with a marker where each part goes (an
    HTML comment, which escaped text can never produce) and the part's bytes are put in
    its place.
    """
    parts = {
        name: part if isinstance(part, CachedPart) else part.encode()
        for name, part in content.items()
        if isinstance(part, CachedPart | SafeString)
    }
    markers = {name: f"<!--cached part: {name}-->" for name in parts}
    shell = {**content, **{name: mark_safe(marker) for name, marker in markers.items()}}  # noqa: S308 - fixed text
    body = render_to_string(template_name, {**context, "content": shell}, request).encode()
    for name, marker in markers.items():
        body = body.replace(marker.encode(), parts[name], 1)
    return HttpResponse(body)

"""No page shows template syntax as text: a `{# … #}` comment spread over two lines is
not a comment to Django, and is printed at the top of the page as it stands.

Every URL the project serves is fetched, as each kind of person who may read it, and
the text a reader sees (and every attribute's value) is searched for `{#`, `{%` and `{{`.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.accounts.test_authorisation import every_view, url_for

pytestmark = pytest.mark.django_db

TEMPLATE_SYNTAX = ("{#", "{%", "{{", "#}", "%}", "}}")
# Between them these people reach every page: signed out, the plan's own roles, the
# organisation's administrator and the operator.
READERS = [
    "anonymous",
    "lead contributor",
    "plan manager",
    "organisation administrator",
    "superuser",
]


class ShownText(HTMLParser):
    """The text a reader sees, and every attribute's value; not scripts or styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value for _, value in attrs if value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def template_syntax_shown(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    return [
        part.strip()[:120]
        for part in parser.parts
        if any(syntax in part for syntax in TEMPLATE_SYNTAX)
    ]


def test_the_check_finds_a_comment_django_did_not_strip():
    page = "<main><p>{# a comment over\n two lines #}</p><p>Help</p></main>"
    assert template_syntax_shown(page) == ["{# a comment over\n two lines #}"]
    assert template_syntax_shown('<a href="/x/{{ slug }}/">x</a>') == ["/x/{{ slug }}/"]
    assert template_syntax_shown("<script>if (a) {{}}</script><p>Help</p>") == []


def test_no_page_shows_template_syntax(world):
    shown: dict[str, list[str]] = {}
    pages = 0
    for route, _, _ in every_view():
        url = url_for(route, world)
        for who in READERS:
            client = Client()
            if world.people[who] is not None:
                client.force_login(world.people[who])
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            pages += 1
            found = template_syntax_shown(response.content.decode())
            if found:
                shown[f"{url} as {who}"] = found
    assert pages > 40  # the walk reached the pages, not only sign-in redirects
    assert shown == {}

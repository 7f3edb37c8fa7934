"""GOV.UK components come from govuk-frontend-django, through the `{% govuk %}` and
`{% pagination %}` tags; the sign-out form in every page's navigation works. How the
hot path keeps them is tests/hotpath/test_govuk_twins.py."""

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from govuk_frontend_django.components.tag import GovUKTag

pytestmark = pytest.mark.django_db


def test_the_govuk_tag_renders_the_packages_own_markup():
    # A value from the context: a literal in a template is trusted as HTML, as Django's are.
    html = Template('{% load govuk %}{% govuk "tag" text=words classes="x" %}').render(
        Context({"words": "Red & <b>"})
    )
    assert html == GovUKTag(text="Red & <b>", classes="x").render()
    assert "Red &amp; &lt;b&gt;" in html


def test_pagination_links_the_pages_either_side_with_gaps():
    page = Paginator(range(100), 10).page(5)
    html = Template('{% load govuk %}{% pagination page "Pages of plans" %}').render(
        Context({"page": page})
    )
    assert 'aria-label="Pages of plans"' in html
    assert [n for n in range(1, 11) if f'href="?page={n}"' in html] == [1, 4, 5, 6, 10]
    assert html.count("govuk-pagination__item--ellipsis") == 2


def test_each_page_has_its_own_csrf_token_in_the_sign_out_form(django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user(username="board"))
    pages = [client.get(reverse("plans:plan_list")).content.decode() for _ in range(2)]
    tokens = [page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0] for page in pages]
    assert tokens[0] != tokens[1]
    assert all(len(token) == 64 for token in tokens)
    assert "csrf-value-goes-here" not in pages[0]
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[1]})
    assert signed_out.status_code == 302  # the token in the page is a working one

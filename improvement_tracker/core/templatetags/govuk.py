"""{% govuk "tag" text="Red" classes="govuk-tag--red" %}: a GOV.UK component (hotpath/govuk.py).

{% pagination page "Pages of plans" %}: GOV.UK pagination for a Django `Page`.
"""

from typing import TypeVar

from django import template
from django.core.paginator import Page
from django.utils.safestring import SafeString

from improvement_tracker.core.govuk import component_class
from improvement_tracker.hotpath.govuk import render

register = template.Library()

T = TypeVar("T")


@register.simple_tag
def govuk(name: str, **options: object) -> SafeString:
    return render(component_class(name)(**options))


@register.simple_tag
def pagination(
    page: Page[T],
    landmark: str,
    previous_text: str = "Previous",
    next_text: str = "Next",
    query: str = "",
) -> SafeString | str:
    """Links to the other pages (`?page=N`): the first, the last, and those either side
    of this one, with gaps between. Nothing when there is one page. `query`, already
    encoded, goes before the page number (a filtered list's filters)."""
    if not page.has_other_pages():
        return ""
    at = f"?{query}&page=" if query else "?page="
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    items: list[dict[str, object]] = [
        {"number": str(number), "href": f"{at}{number}", "current": number == page.number}
        if isinstance(number, int)
        else {"ellipsis": True}  # the paginator's ELLIPSIS
        for number in numbers
    ]
    options: dict[str, object] = {"items": items, "landmarkLabel": landmark}
    if page.has_previous():
        previous = page.previous_page_number()
        options["previous"] = {"text": previous_text, "href": f"{at}{previous}"}
    if page.has_next():
        options["next"] = {"text": next_text, "href": f"{at}{page.next_page_number()}"}
    return govuk("pagination", **options)

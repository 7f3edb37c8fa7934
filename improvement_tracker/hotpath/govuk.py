"""GOV.UK components rendered once per process: one Jinja environment, one compiled macro
per component, and each distinct component's HTML kept (ADRs 0004, 0026, 0034).

Plain twin: the component's own `render()` (govuk-frontend-django), which builds a new
Jinja environment and compiles the macro on every call. A page renders the same
components again and again (the header and skip link on every page, a status tag on
every row of a tracker), so the fast twin keeps them. The markup is the maintained
macro's either way: `tests/hotpath/test_govuk_twins.py` holds the two to the same HTML.
"""

from dataclasses import asdict, is_dataclass
from functools import cache

from django.utils.safestring import SafeString, mark_safe
from govuk_frontend_django.components.base import GovUKComponent
from jinja2 import Environment, PackageLoader, PrefixLoader, Template, select_autoescape

from improvement_tracker.core.bounded import BoundedCache
from improvement_tracker.hotpath.twins import twin_of


def render_plain(component: GovUKComponent) -> SafeString:
    """The component's HTML, as govuk-frontend-django renders it."""
    # govuk-frontend-django's render() is untyped; it returns mark_safe()'s SafeString.
    html: SafeString = component.render()  # type: ignore[no-untyped-call]
    return html


@twin_of(render_plain)
def render(component: GovUKComponent) -> SafeString:
    """The component's HTML; the same data always give the same HTML, so it is kept.

    The data can hold what a person typed (a search, a filter that was refused), so what
    is kept is bounded by bytes as well as by count; the least recently used go first
    (ADR 0026).
    """
    data = {
        key: _without_nones(value)
        for key, value in vars(component).items()
        if value is not None and not key.startswith("_")
    }
    key = (component._jinja2_template, component._macro_name, _identity(data))
    html = _rendered.get(key)
    if html is None:
        template = _template(component._jinja2_template, component._macro_name)
        html = mark_safe(template.render(data=data))  # noqa: S308 - autoescaped by Jinja
        _rendered.set(key, html)
    return html


RENDERED_KEPT = 2048
RENDERED_BYTES = 2 * 1024 * 1024
_rendered: BoundedCache[tuple[str, str, object], SafeString] = BoundedCache(
    max_bytes=RENDERED_BYTES, max_entries=RENDERED_KEPT
)


@cache
def _environment() -> Environment:
    loader = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    # The macros come from an installed package that never changes while we run: no
    # need to look at the files' times on every render.
    return Environment(loader=loader, autoescape=select_autoescape(), auto_reload=False)


@cache
def _template(path: str, macro: str) -> Template:
    source = f"{{%- from '{path}' import {macro} -%}}{{{{ {macro}(data) }}}}"
    return _environment().from_string(source)


def _without_nones(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nones(item) for item in value]
    return value


def _identity(value: object) -> object:
    """A hashable stand-in for component data that tells apart text that is already
    HTML (SafeString, Markup) from plain text that Jinja will escape."""
    if isinstance(value, dict):
        return tuple((k, _identity(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(_identity(item) for item in value)
    return (
        type(value).__name__,
        value if isinstance(value, str | int | float | bool) else repr(value),
    )

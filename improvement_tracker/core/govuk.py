"""GOV.UK Frontend components from govuk-frontend-django, found by their macro's name.

They are rendered by `hotpath/govuk.py: render`, whose plain twin is the component's
own `render()` (ADR 0034).
"""

import importlib
from collections.abc import Callable

from govuk_frontend_django.components.base import GovUKComponent


def component_class(name: str) -> Callable[..., GovUKComponent]:
    """'skip-link' -> GovUKSkipLink, as govuk-frontend-django names its modules.

    Which component, and so which arguments it takes, is known only from the name."""
    module = importlib.import_module(f"govuk_frontend_django.components.{name.replace('-', '_')}")
    component: type[GovUKComponent] = module.COMPONENT
    return component

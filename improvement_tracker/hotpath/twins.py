"""A fast function and its plain twin, one chosen on every call by the HOT_PATH switch."""

from collections.abc import Callable
from functools import wraps
from typing import Generic, ParamSpec, TypeVar

from improvement_tracker import hotpath

P = ParamSpec("P")
R = TypeVar("R")


class Twins(Generic[P, R]):
    """Calls `fast` while the hot path is on, `plain` while it is off. Both stay
    reachable (`.fast`, `.plain`) for the tests that hold them to the same result."""

    def __init__(self, plain: Callable[P, R], fast: Callable[P, R]) -> None:
        wraps(fast)(self)
        self.plain = plain
        self.fast = fast

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if hotpath.enabled():
            return self.fast(*args, **kwargs)
        return self.plain(*args, **kwargs)


def twin_of(plain: Callable[P, R]) -> Callable[[Callable[P, R]], Twins[P, R]]:
    """Decorates the fast version of `plain`:

        def plan_by_slug_plain(slug): ...the ORM: what it returns...

        @twin_of(plan_by_slug_plain)
        def plan_by_slug(slug): ...the same, in SQL written once...

    Callers call `plan_by_slug`, which runs whichever the switch says.
    """

    def decorate(fast: Callable[P, R]) -> Twins[P, R]:
        return Twins(plain, fast)

    return decorate

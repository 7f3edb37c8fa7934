"""Moving a plan's domain or extra field up or down: the swap with its neighbour that
domain_move and extra_field_move share, inside the calling service's transaction."""

from typing import TypeVar

from improvement_tracker.plans.models import Domain, ExtraField

Placed = TypeVar("Placed", Domain, ExtraField)


def swap_with_neighbour(items: list[Placed], pk: int, *, up: bool) -> tuple[Placed, Placed | None]:
    """Swap the live item `pk` with the live item before (up) or after it, among all of a
    plan's `items`, locked and in position order; archived items keep their places.

    Returns (the item, the one it swapped with), or (the item, None) at the top or bottom
    already, where nothing changes.
    """
    live = [item for item in items if item.archived_at is None]
    index = next(i for i, item in enumerate(live) if item.pk == pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(live):
        return live[index], None
    mine, other = live[index], live[other_index]
    # (plan, position) is unique: park one item past the end while the other moves.
    spare = items[-1].position + 1
    mine.position, other.position = other.position, mine.position
    objects = type(mine)._default_manager
    objects.filter(pk=mine.pk).update(position=spare)
    objects.filter(pk=other.pk).update(position=other.position)
    objects.filter(pk=mine.pk).update(position=mine.position)
    return mine, other

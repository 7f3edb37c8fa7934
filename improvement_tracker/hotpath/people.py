"""Each request's person with their membership, in SQL written once (rows.py).

Every page asks which organisation the person belongs to (the permission checks and
the navigation), so the membership comes in the same query as the user.
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from improvement_tracker.accounts.models import Membership
from improvement_tracker.hotpath.rows import Selected, fetch_one, link
from improvement_tracker.hotpath.twins import twin_of


def _pk(user_id: Any) -> Any:
    """The id as the session keeps it (a string), as the user table's key; None if it
    cannot be one."""
    try:
        return User._meta.pk.to_python(user_id)
    except ValidationError:
        return None


def user_with_membership_plain(user_id: Any) -> User | None:
    pk = _pk(user_id)
    if pk is None:
        return None
    return User.objects.select_related("membership").filter(pk=pk).first()


@twin_of(user_with_membership_plain)
def user_with_membership(user_id: Any) -> User | None:
    pk = _pk(user_id)
    if pk is None:
        return None
    user, membership = Selected(User, "u"), Selected(Membership, "m")
    sql = (
        f"SELECT {user.columns}, {membership.columns} FROM {user.table}"  # noqa: S608 - names from the models
        f" LEFT JOIN {membership.table} ON {membership.col('user')} = {user.col('id')}"
        f" WHERE {user.col('id')} = %s"
    )
    found = fetch_one(sql, [pk], user, membership)
    if found is None:
        return None
    person, their_membership = found
    assert isinstance(person, User)  # noqa: S101 - narrows the type: the row is this user's
    assert their_membership is None or isinstance(their_membership, Membership)  # noqa: S101
    link(person, "membership", their_membership)
    if their_membership is not None:
        link(their_membership, "user", person)
    return person

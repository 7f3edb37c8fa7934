"""The hash chain that makes the audit trail tamper-evident (ADR 0025); pure, no ORM.

Each event's hash covers its own content, canonicalised, and the previous event's hash,
so changing, deleting or inserting an event breaks every link after it. With a key the
hash is an HMAC, which someone who can write to the database but does not hold the key
cannot recompute.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Mapping
from typing import Any

# The "previous hash" of the first event.
GENESIS = "0" * 64

# Every field of an event but its id (its place, which the chain itself fixes) and the
# hash itself. previous_hash is included, so an event cannot be moved in the chain.
FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "verb",
    "object_type",
    "object_id",
    "plan_id",
    "summary",
    "before",
    "after",
    "ip_address",
    "previous_hash",
)


def _json_value(value: Any) -> Any:
    """JSON as both databases give it back: PostgreSQL's jsonb reads 1e20 as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    return value


def _address(value: Any) -> str | None:
    """One spelling per address: PostgreSQL's inet and SQLite's text differ for IPv6."""
    if value in (None, ""):
        return None
    try:
        return ipaddress.ip_address(str(value)).exploded
    except ValueError:
        return str(value)


def _moment(value: Any) -> str:
    if not isinstance(value, dt.datetime):
        raise TypeError(f"An audit event's time must be a datetime, not {value!r}.")
    if value.tzinfo is None:
        raise ValueError("An audit event's time must carry its time zone.")
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(event: Mapping[str, Any]) -> bytes:
    """The event's content as one unambiguous byte string: sorted keys, no spaces, UTF-8."""
    content = {name: event.get(name) for name in FIELDS}
    content["at"] = _moment(content["at"])
    content["ip_address"] = _address(content["ip_address"])
    content["before"] = _json_value(content["before"])
    content["after"] = _json_value(content["after"])
    for name in ("actor_id", "plan_id"):
        link = content[name]
        content[name] = None if link is None else int(link)
    for name in ("actor_name", "verb", "object_type", "object_id", "summary", "previous_hash"):
        content[name] = str(content[name] or "")
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def link_hash(event: Mapping[str, Any], *, key: str = "") -> str:
    """The hash an event must carry: over its content including its previous_hash."""
    message = canonical(event)
    if key:
        return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


def check_link(
    event: Mapping[str, Any],
    *,
    expected_previous: str,
    previous_id: int | None = None,
    key: str = "",
) -> str | None:
    """What is wrong with this link of the chain, or None when it holds."""
    if not event.get("hash"):
        return "it has no hash: it was inserted behind the app, without the chain"
    if event.get("previous_hash") != expected_previous:
        before = "the start of the trail" if previous_id is None else f"event {previous_id}"
        return (
            f"it does not follow {before}, the one before it: an event between them was "
            "deleted, or one of them was inserted"
        )
    if not hmac.compare_digest(str(event["hash"]), link_hash(event, key=key)):
        return "its content does not match its hash: it was changed after it was written"
    return None

"""Personal API tokens as values: making one, and the hash it is kept and found by (pure).

A token is 32 random bytes, so a single SHA-256 is enough to keep it: nobody can guess
a token from its hash, and finding one costs one indexed lookup per request (ADR 0061).
"""

import hashlib
import secrets
from dataclasses import dataclass

TOKEN_START = "itk_"  # noqa: S105 - a label, so a scanner can tell a leaked token
PREFIX_LENGTH = len(TOKEN_START) + 8


@dataclass(frozen=True)
class NewToken:
    secret: str  # shown once, to its holder, and never kept
    prefix: str
    key_hash: str


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> NewToken:
    secret = TOKEN_START + secrets.token_urlsafe(32)
    return NewToken(secret=secret, prefix=secret[:PREFIX_LENGTH], key_hash=token_hash(secret))

"""Unit tokens, kept only as salted hashes.

A hash reads ``scrypt$N$r$p$SALT$HASH`` (salt and hash in base64) or
``pbkdf2_sha256$ITERATIONS$SALT$HASH``, so its cost travels with it and a
site file may carry hashes made with any cost. ``python -m console hub
--hash-token`` prints one for a site file's ``token_hash``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# scrypt's recommended interactive cost (2**14, 8, 1): about 50 ms and
# 16 MiB per check, which the hub runs off its event loop.
DEFAULT_COST = 2**14


def hash_token(token: str, cost: int = DEFAULT_COST) -> str:
    """A new salted scrypt hash of ``token``."""
    salt = os.urandom(16)
    digest = _scrypt(token, salt, cost, 8, 1)
    return "$".join(["scrypt", str(cost), "8", "1", _b64(salt), _b64(digest)])


def verify_token(token: str, hashed: str) -> bool:
    """Whether ``token`` matches ``hashed``; a malformed hash matches none."""
    try:
        scheme, *fields = hashed.split("$")
        if scheme == "scrypt":
            n, r, p, salt, digest = fields
            mine = _scrypt(token, _unb64(salt), int(n), int(r), int(p))
        elif scheme == "pbkdf2_sha256":
            iterations, salt, digest = fields
            mine = hashlib.pbkdf2_hmac(
                "sha256", token.encode(), _unb64(salt), int(iterations)
            )
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(mine, _unb64(digest))


def is_hash(text: str) -> bool:
    return text.split("$", 1)[0] in ("scrypt", "pbkdf2_sha256")


def _scrypt(token: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    memory = 128 * r * (n + p + 2)
    return hashlib.scrypt(
        token.encode(), salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class TokenCache:
    """Remembers tokens already verified, so a reconnect skips the KDF.

    Only a keyed digest of each token is kept, under a key that lives as
    long as the process, never the token itself.
    """

    def __init__(self):
        self._key = os.urandom(32)
        self._known: dict[tuple[str, str], bytes] = {}

    def verify(self, unit: str, token: str, hashed: str) -> bool:
        mark = hmac.new(self._key, token.encode(), "sha256").digest()
        known = self._known.get((unit, hashed))
        if known is not None:
            return hmac.compare_digest(known, mark)
        if not verify_token(token, hashed):
            return False
        self._known[(unit, hashed)] = mark
        return True

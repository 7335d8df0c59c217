"""Pseudonymisation: keyed HMAC-SHA256 with a key that never enters the warehouse.

The key comes from CERCLES_KEY (any string) or from a key file (CERCLES_KEY_FILE, default
~/.config/cercles/pseudonymisation.key) created on first use with mode 0600. Deleting the
key makes every pseudonym in every warehouse unlinkable to a person.
"""

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

PSEUDONYM_HEX = 32  # 128 bits: collisions are out of reach at national scale


def key_file() -> Path:
    default = Path.home() / ".config" / "cercles" / "pseudonymisation.key"
    return Path(os.environ.get("CERCLES_KEY_FILE", default))


@lru_cache(maxsize=4)
def _key(env_key: str | None, path: str) -> bytes:
    if env_key:
        return hashlib.sha256(env_key.encode()).digest()
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def secret_key() -> bytes:
    return _key(os.environ.get("CERCLES_KEY"), str(key_file()))


def pseudo(value: str) -> str:
    """The pseudonym of one identifier string (same result as the SQL macro `pseudo`)."""
    digest = hmac.new(secret_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_HEX]


def register_sql_pseudo(con) -> None:
    """Define the temporary macro pseudo(varchar) on a connection: HMAC-SHA256 in plain SQL.

    Temporary macros live in the connection, not in the file, so the key is never stored.
    """
    key = secret_key().ljust(64, b"\0")
    inner = bytes(b ^ 0x36 for b in key).hex()
    outer = bytes(b ^ 0x5C for b in key).hex()
    con.execute(
        "create or replace temp macro pseudo(m) as "
        f"left(sha256(from_hex('{outer}') || unhex(sha256(from_hex('{inner}') || encode(m)))), "
        f"{PSEUDONYM_HEX})"
    )

"""Encryption at rest of personal data (PIPL; GB/T 22239-2019 8.1.4.10): Fernet tokens and keyed hashes.

Values are encrypted with ``cryptography``'s Fernet (AES-128-CBC with an HMAC-SHA256 tag
and a random IV: the same number twice gives two different tokens). ``settings.FIELD_ENCRYPTION_KEYS``
lists the keys, newest first: the first encrypts, every one decrypts (``MultiFernet``), so a new
key is put in front and ``manage.py rotate_field_keys`` re-encrypts every row with it before the
old one is dropped.

A random token cannot be looked up or kept unique, so beside each encrypted value a keyed
hash (HMAC-SHA256 under ``settings.FIELD_HASH_KEY``, a separate secret) is stored: equal
values give equal hashes, which serve ``WHERE``, ``IN`` and ``UNIQUE``. Without the hash key
a database copy cannot be searched for a guessed number: an unkeyed hash of an ID number
could be found by trying every birth date and sequence of a county (about 36 million), a
matter of seconds.

This module knows no model; ``common.fields`` builds the model fields on it.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["InvalidToken", "blind_index", "decrypt", "encrypt", "is_token", "reencrypt"]

FERNET_MARK = "gAAAAA"  # a Fernet token's version byte (0x80) and the start of its timestamp, base64


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty: no key to encrypt personal data with")
    try:
        return MultiFernet([Fernet(key.encode("ascii")) for key in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), comma-separated, newest first"
        ) from exc


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    """Return the Fernet token of ``value`` under the newest key."""
    return _current().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Return the value of a token made under any configured key; raise ``InvalidToken`` otherwise."""
    return _current().decrypt(token.encode("ascii")).decode("utf-8")


def reencrypt(token: str) -> str:
    """Return ``token`` re-encrypted under the newest key (for key rotation)."""
    return _current().rotate(token.encode("ascii")).decode("ascii")


def is_token(value: str) -> bool:
    """Does ``value`` look like a Fernet token (not a plaintext ID number or phone)?"""
    return value.startswith(FERNET_MARK)


@cache
def _hash_key(secret: str) -> bytes:
    if not secret:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty: no key for the lookup hashes of personal data")
    return secret.encode("utf-8")


def blind_index(value: str, purpose: str) -> str:
    """Return the keyed hash (hex HMAC-SHA256) of ``value``; ``purpose`` keeps equal values of two fields apart."""
    key = _hash_key(settings.FIELD_HASH_KEY)
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()

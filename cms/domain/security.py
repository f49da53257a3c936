"""Password hashing (argon2id, memory-hard) and signed, expiring tokens (JWT, HS256).

Two kinds of token share one signing key and are told apart by their audience: a session
token names a user and a session that logout can close; a preview token names one story.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from cms.config import Settings
from cms.errors import Unauthenticated

SESSION = "cms:session"
PREVIEW = "cms:preview"
_ALGORITHM = "HS256"
_CLOCK_SKEW = timedelta(minutes=1)  # how far ahead of our clock a token may say it was issued
_hasher = PasswordHasher()  # argon2-cffi's default: RFC 9106's low-memory profile, 64 MiB


def configure_hashing(settings: Settings) -> None:
    """Hash new passwords with the settings' argon2id parameters (``password_hash_*``).

    A stored hash names its own parameters, so hashes made before a change still verify."""
    global _hasher
    time_cost = settings.password_hash_time_cost
    memory_kib = settings.password_hash_memory_kib
    parallelism = settings.password_hash_parallelism
    wanted = (time_cost, memory_kib, parallelism)
    if (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism) == wanted:
        return
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)
    dummy_hash.cache_clear()  # an unknown email should cost what a known one does


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash() -> str:
    """Verified against when the email is unknown, so a failed login takes as long either way.

    Made on first use, not at import: hashing is slow on purpose (argon2id), and importing the
    domain should cost nothing."""
    return _hasher.hash("no such user: this hash exists only to spend time")


@dataclass(frozen=True, slots=True)
class Claims:
    subject: str
    token_id: str
    expires_at: datetime


def sign(
    *, secret: str, audience: str, subject: str, token_id: str, now: datetime, ttl: timedelta
) -> str:
    payload = {
        "sub": subject,
        "jti": token_id,
        "aud": audience,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
    }
    return jwt.encode(payload, secret, algorithm=_ALGORITHM)


def verify(token: str, *, secret: str, audience: str, now: datetime) -> Claims:
    """The claims of a token we signed for this audience, still valid at ``now``."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            audience=audience,
            # Times are checked against our clock below, not PyJWT's reading of the real one.
            options={
                "verify_exp": False,
                "verify_iat": False,
                "require": ["sub", "jti", "iat", "exp", "aud"],
            },
        )
    except jwt.PyJWTError:
        raise Unauthenticated("The token is not valid.") from None
    issued_at = datetime.fromtimestamp(int(payload["iat"]), tz=now.tzinfo)
    if issued_at > now + _CLOCK_SKEW:
        raise Unauthenticated("The token is not valid.")
    expires_at = datetime.fromtimestamp(int(payload["exp"]), tz=now.tzinfo)
    if expires_at <= now:
        raise Unauthenticated("The token has expired; log in again.", reason="EXPIRED")
    return Claims(subject=str(payload["sub"]), token_id=str(payload["jti"]), expires_at=expires_at)

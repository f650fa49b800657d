"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendation)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg

_hasher = PasswordHasher()

MIN_LENGTH = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValidationFailed(
            msg(
                "The password is too short: at least {count} characters are needed.",
                count=MIN_LENGTH,
            ),
            problems=[
                FieldProblem("password", msg("shorter than {count} characters", count=MIN_LENGTH))
            ],
        )
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the username does not exist, so a wrong name costs as long as a
# wrong password and response times do not reveal which accounts exist.
DUMMY_HASH = _hasher.hash("not-a-real-password-0000")

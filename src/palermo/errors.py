"""One error family for Palermo.

Every error carries a message that says what is wrong and, where it helps, a hint
that says what to do. Services build both (and each ``FieldProblem.reason``) with
``palermo.i18n.msg``, so that the English text stays what logs and the CLI show while the
web layer renders the same message in the reader's language. The web layer maps each
class to one HTTP status in one place (``palermo.web.errors``); the CLI prints the message
and hint and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.i18n import msg


class PalermoError(Exception):
    """Base of every error Palermo raises on purpose."""

    http_status = 400

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class ConfigurationError(PalermoError):
    """Settings are missing or insecure."""

    http_status = 500


class KeyMaterialError(PalermoError):
    """Encryption keys are missing, unreadable or do not match the data."""

    http_status = 500


class NotFound(PalermoError):
    """The record does not exist, or the actor may not know that it exists."""

    http_status = 404


class PermissionDenied(PalermoError):
    """The actor is known but lacks the role or agency needed."""

    http_status = 403


class AuthenticationFailed(PalermoError):
    """Wrong credentials, locked account or missing session."""

    http_status = 401


class SystemBusy(PalermoError):
    """The database could not answer within the bounded wait (locked, overloaded or full):
    nothing was done, and the request may be tried again after ``retry_after`` seconds."""

    http_status = 503

    def __init__(self, message: str, *, hint: str | None = None, retry_after: int = 2) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class TooManyAttempts(PalermoError):
    """Sign-in attempts are coming too fast for this account or address: wait and retry."""

    http_status = 429

    def __init__(self, message: str, *, hint: str | None = None, retry_after: int = 1) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class Conflict(PalermoError):
    """The action clashes with the current state (duplicate name, wrong state)."""

    http_status = 409


@dataclass(frozen=True)
class FieldProblem:
    """One bad value: where it is and why it is refused."""

    field: str
    reason: str
    row: int | None = None
    value: str | None = None


class ValidationFailed(PalermoError):
    """Input was refused; ``problems`` lists every bad field (and row, for imports)."""

    http_status = 422

    def __init__(
        self, message: str, *, problems: list[FieldProblem] | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.problems: list[FieldProblem] = list(problems or [])


class UnknownCode(ValidationFailed):
    """A code that no vocabulary list holds; the message lists the valid ones."""

    def __init__(self, code: str, *, list_name: str, valid: list[str]) -> None:
        super().__init__(
            msg(
                "Unknown code {code!r} for {list_name}. Valid codes: {valid}.",
                code=code,
                list_name=list_name,
                valid=", ".join(valid),
            ),
            problems=[FieldProblem(field=list_name, reason=msg("unknown code"), value=code)],
        )
        self.code = code
        self.list_name = list_name
        self.valid = valid


class AuditChainBroken(PalermoError):
    """The audit log was altered outside Palermo."""

    http_status = 500

    def __init__(self, message: str, *, row_id: int) -> None:
        super().__init__(
            message, hint=msg("Restore the audit table from a backup and investigate.")
        )
        self.row_id = row_id


class ConsentMissing(PalermoError):
    """An action needs a consent the case lacks (or that expired or was withdrawn)."""

    http_status = 409

    def __init__(self, message: str, *, purpose: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.purpose = purpose

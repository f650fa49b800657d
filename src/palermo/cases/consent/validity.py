"""Whether a consent is in force on a given day: in Python for one consent, in SQL for many."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, or_

from palermo import clock
from palermo.store.models import Consent
from palermo.vocab import ConsentStatus


def consent_status(consent: Consent, *, on: date | None = None) -> ConsentStatus:
    """valid, withdrawn, expired or future (given on a later date)."""
    on = on or clock.today()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return ConsentStatus.withdrawn
    if consent.expires_on is not None and consent.expires_on < on:
        return ConsentStatus.expired
    if consent.given_on > on:
        return ConsentStatus.future
    return ConsentStatus.valid


def valid_consent_clause(on: date) -> ColumnElement[bool]:
    """Consents valid on ``on`` (given, not expired, not withdrawn), as an SQL condition."""
    return (
        (Consent.given_on <= on)
        & or_(Consent.expires_on.is_(None), Consent.expires_on >= on)
        & or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on)
    )

"""A referral's states and what each allows, and the respond-by clock."""

from __future__ import annotations

from datetime import date

from palermo import clock
from palermo.store.models import Referral
from palermo.vocab import ReferralState

# States in which the receiving agency may read what the referral shares (see grants.py).
GRANTING_STATES = frozenset({ReferralState.in_progress, ReferralState.accepted, ReferralState.done})

# States in which the referral is still being worked on (an answer or the work awaited).
OPEN_STATES = frozenset({ReferralState.in_progress, ReferralState.accepted})

# States the sender may revoke from: all that grant access.
REVOCABLE_STATES = GRANTING_STATES

# Working days the receiver has to answer when the sender gives no date.
DEFAULT_ANSWER_DAYS = 5


def state_label(state: str, locale: str = "en") -> str:
    return ReferralState(state).label(locale)


def is_overdue(referral: Referral, *, today: date | None = None) -> bool:
    """Still waiting for an answer after its respond-by date."""
    today = today or clock.today()
    return (
        referral.status == ReferralState.in_progress
        and referral.respond_by is not None
        and referral.respond_by < today
    )

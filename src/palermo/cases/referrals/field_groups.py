"""The groups of fields a referral can share, and the record fields each opens.

The field names are what the audit log records when a grantee reads a group.
"""

from __future__ import annotations

from palermo.errors import ValidationFailed
from palermo.i18n import msg
from palermo.vocab import ShareGroup

SHARE_FIELDS: dict[ShareGroup, tuple[str, ...]] = {
    ShareGroup.identity: ("given_name", "middle_name", "family_name", "aliases"),
    ShareGroup.birth_date: ("birth_date",),
    ShareGroup.document: ("identity_number",),
    ShareGroup.contact: ("email", "phone", "address"),
    ShareGroup.profile: ("gender", "primary_language", "age_at_identification"),
    ShareGroup.guardian: ("guardian_name", "guardian_contact", "best_interests_flag"),
    ShareGroup.citizenship: ("citizenship",),
    ShareGroup.exploitation: (
        "exploitation_types",
        "sexual_exploitation_types",
        "forced_labour_industry",
    ),
    ShareGroup.means_of_control: ("means_of_control",),
    ShareGroup.journey: ("events",),
    ShareGroup.needs: ("needs",),
}


def group_label(group: str, locale: str = "en") -> str:
    return ShareGroup(group).label(locale)


def fields_of(groups: list[str] | frozenset[str]) -> list[str]:
    """The record fields the groups open, in the groups' order."""
    return [f for g in ShareGroup if g in groups for f in SHARE_FIELDS[g]]


def check_groups(groups: list[str]) -> list[str]:
    """The groups, deduplicated in a stable order; refuses an unknown name, listing the valid."""
    known = {g.value for g in ShareGroup}
    unknown = [g for g in groups if g not in known]
    if unknown:
        valid = ", ".join(known_in_order())
        raise ValidationFailed(
            msg(
                "Unknown shared field group(s): {groups}. Valid groups: {valid}.",
                groups=", ".join(unknown),
                valid=valid,
            ),
        )
    return [g.value for g in ShareGroup if g in set(groups)]


def known_in_order() -> list[str]:
    return [g.value for g in ShareGroup]

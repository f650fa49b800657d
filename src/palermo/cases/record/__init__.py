"""The case record: the victim's case, its person, codes, events and perpetrators; search,
deletion and the audit trail."""

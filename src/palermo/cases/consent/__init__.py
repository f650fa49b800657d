"""Consent per purpose: recorded with the HTCDS checklist, valid or not on a day, enforced."""

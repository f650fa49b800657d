"""Referrals between agencies: their states, what they share (grants and the shared view),
and the services delivered under them."""

"""The national referral mechanism: decisions, recovery periods, and per-country deadlines."""

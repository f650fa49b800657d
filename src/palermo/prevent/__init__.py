"""Prevent, the store side: the licensed-agency registry kept as records, and the stored
screenings of ad feeds that labour inspectors and anti-trafficking monitors work through.

The analysis itself (red flags, risk, networks) is :mod:`palermo.recruitment`, which
works on plain values; this package keeps its inputs and results in the database, with
who may change or read them (:mod:`.monitor_access`).
"""

"""The demo: a simulated national world loaded into a store, with its casework played through
the same services the pages use, and one login per demo role."""

from palermo.demo.world import DEMO_ROLES, build_demo, demo_records, demo_spec, write_logins

__all__ = ["DEMO_ROLES", "build_demo", "demo_records", "demo_spec", "write_logins"]

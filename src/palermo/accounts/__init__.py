"""Agencies, users, authentication and API tokens."""

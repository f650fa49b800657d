"""Palermo: information system for the coordinated, victim-centred response to trafficking."""

__version__ = "0.1.0"

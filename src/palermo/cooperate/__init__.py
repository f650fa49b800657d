"""Cooperate: work between agencies and installations across borders."""

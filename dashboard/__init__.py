"""Cercles: reach, moderation and throughput of a co-built campaign programme."""

__version__ = "0.1.0"

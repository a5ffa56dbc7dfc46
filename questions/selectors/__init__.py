"""Reads that several places share, one module per concern: callers import from the module."""

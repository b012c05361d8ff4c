"""Tests of briefing/cli/, one module per module."""

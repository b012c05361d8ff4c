"""Tests of briefing.read, one module per module of the package."""

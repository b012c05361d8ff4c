"""Tests of briefing.layouts, one module per module of the package."""

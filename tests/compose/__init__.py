"""Tests of briefing.compose, one module per module of the package."""

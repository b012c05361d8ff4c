"""Tests of briefing.files: atomic writes and the cache folders."""

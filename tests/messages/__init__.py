"""Tests of briefing/messages/: the catalogue and its rendering."""

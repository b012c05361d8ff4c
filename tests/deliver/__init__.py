"""Tests of briefing.deliver, one module per module of the package (mailconfig's are the reader's)."""

"""The command line, a thin layer over the library: `briefing COMMAND …` parses, runs and exits here only."""

from briefing.cli.entry import main, run

__all__ = ["main", "run"]

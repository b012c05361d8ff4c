"""`python -m briefing`: the same command as `briefing`."""

from briefing.cli.entry import run

if __name__ == "__main__":
    run()

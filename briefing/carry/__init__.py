"""Next quarter's or next year's packet started from an existing one (`briefing init --from`)."""

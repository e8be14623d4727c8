"""The `crm` command line: a boundary like the API and the bot (it opens and commits)."""

"""Running several replicas of the bot on one database: shared rate windows, the singleton lease."""

"""Running the bot in production: logging set-up, the health and metrics endpoint, webhook settings."""

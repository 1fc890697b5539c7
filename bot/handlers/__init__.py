"""Feature modules of the readers' bot; each exposes ``register(application)`` (wired in bot.app)."""

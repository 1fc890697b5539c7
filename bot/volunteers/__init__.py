"""Volunteer applications ("Rejoindre l'équipe de rédaction — Postuler"): the guided form, the
admins' review, listing and export. Telegram wiring is in ``bot.handlers.volunteers``."""

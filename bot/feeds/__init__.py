"""RSS and Atom feeds: the watcher job, the moderation queue and the admin commands.

Kept free of imports so that ``bot.config`` can read ``bot.feeds.settings`` without cycles.
"""

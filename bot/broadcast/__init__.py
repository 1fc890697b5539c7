"""Broadcasting: publishing commands, the outbox sender, progress reports and the daily digest.

Kept free of imports so that ``bot.config`` can read ``bot.broadcast.settings`` without cycles.
"""

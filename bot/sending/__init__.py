"""The one way out to Telegram: every message the bot sends or edits waits here for its turn.

Replies, edits, notifications, alerts, progress reports (through python-telegram-bot's ``Bot``, whose
rate limiter is ``limiter.BotRateLimiter``) and broadcasts and digests (through the sender's own
lean client, ``bot.broadcast.sender``) all take their turn from the same ``gate.SendGate``:

- a global budget per bot token (``budget.SendBudget``; Telegram's 30 messages a second by default),
  granted by priority: replies to people first, then notices to the team, then bulk sends;
- per-chat pacing (``pacing.ChatPacer``): a short burst then one message a second in a private chat,
  one a second and 20 a minute in a group or channel;
- Telegram's 429 honoured for that chat only: nothing goes to it before ``retry_after``; a reply or
  notice is sent again a bounded number of times, a broadcast delivery goes back to the outbox.

Kept free of imports so that ``bot.config`` can read ``bot.sending.settings`` without cycles.
"""

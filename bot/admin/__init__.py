"""Admin and moderation (issue 7): roles at run time, bans, flood control, statistics, audit log,
admin command menus and error reports to the team.

``bot.admin.feature.register(application)`` wires it; this package's ``__init__`` stays empty so that
``bot.config`` can import ``bot.admin.settings`` without a cycle.
"""

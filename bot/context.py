"""Typed dependencies of the handlers: the ``Services`` dataclass reached as ``context.services``.

The services are created in ``post_init`` (they need a running event loop) and closed in
``post_shutdown``; until then ``context.services`` raises instead of handing out ``None``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot import workers
from bot.config import Config
from bot.limits import FloodCounter, QuotaCheck, SummarySlots
from bot.volunteers.drafts import DraftUsers
from storage.database import Database


class SenderPort(Protocol):
    """What features need of the broadcast sender (bot.broadcast.sender.Sender)."""

    def wake(self) -> None:
        """Something was queued: look at the outbox now."""
        ...

    def alive(self) -> bool: ...


class BroadcastingPort(Protocol):
    """The broadcasting services as seen from here; bot.broadcast.runtime.broadcasting() gives the
    whole of them (drafts, progress, clock) to the broadcast feature itself."""

    @property
    def sender(self) -> SenderPort: ...


class Leadership(Protocol):
    @property
    def leads(self) -> bool:
        """Whether this replica runs the singleton jobs now (see bot.replicas.leader)."""
        ...


@dataclass(slots=True)
class Services:
    config: Config
    database: Database  # engine and session factory
    http: aiohttp.ClientSession  # the guarded session of summarizer.fetch
    slots: SummarySlots  # global cap on summaries at once
    quota: QuotaCheck  # summaries per user per minute (in memory, or shared by replicas)
    flood: FloodCounter  # readers' messages for flood control (in memory, or shared by replicas)
    leader: Leadership  # the singleton lease of feed, digest and purge jobs
    executor: Executor | None = None  # the summary worker processes; None: a thread of this process
    broadcasting: BroadcastingPort | None = None  # the sender, drafts and clock; set by bot.broadcast.runtime
    drafts: DraftUsers = field(default_factory=DraftUsers)  # who is filling the volunteer form
    feeds_in_poll: set[int] = field(default_factory=set)  # feeds being polled now (a big one takes a while)

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        """One session per update or task (``async with services.sessionmaker.begin() as session``)."""
        return self.database.sessionmaker

    async def close(self) -> None:
        await self.http.close()
        await workers.shutdown(self.executor)
        await self.database.close()


class BotData:
    """``application.bot_data``: the services once started, and the error alert hooks."""

    __slots__ = ("alert_hooks", "services")

    def __init__(self) -> None:
        self.services: Services | None = None
        # Called by the error handler after logging, with (update, context); see bot.handlers.errors.
        self.alert_hooks: list[Callable[[object, BotContext], Awaitable[None]]] = []


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    @property
    def services(self) -> Services:
        services = self.bot_data.services
        if services is None:
            raise RuntimeError("services are used before post_init or after post_shutdown")
        return services


CONTEXT_TYPES = ContextTypes(context=BotContext, bot_data=BotData)

# The job queue's own type parameter is not narrowed by ApplicationBuilder; its callbacks still get
# a BotContext at run time (context_types applies to jobs too).
BotApplication: TypeAlias = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Any]
]

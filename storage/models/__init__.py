"""The tables. Importing this package registers every model on ``Base.metadata``."""

from storage.models.base import (
    PARIS,
    ApplicationStatus,
    Base,
    BroadcastKind,
    ChatType,
    DeliveryMode,
    DeliveryStatus,
    FeedItemStatus,
    Role,
    UTCDateTime,
    utcnow,
)
from storage.models.content import Article, SummaryInFlight, SummaryRequest
from storage.models.feeds import Feed, FeedItem
from storage.models.outbox import Broadcast, Delivery
from storage.models.people import Chat, SubscriberCount, Subscription, User
from storage.models.shared import BroadcastDraft, Lease, RateWindow, SendTurns, StateVersion
from storage.models.volunteers import Application, ApplicationNote, AuditEntry, NoteKind

__all__ = [
    "PARIS",
    "Application",
    "ApplicationNote",
    "ApplicationStatus",
    "Article",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastDraft",
    "BroadcastKind",
    "Chat",
    "ChatType",
    "Delivery",
    "DeliveryMode",
    "DeliveryStatus",
    "Feed",
    "FeedItem",
    "FeedItemStatus",
    "Lease",
    "NoteKind",
    "RateWindow",
    "Role",
    "SendTurns",
    "StateVersion",
    "SubscriberCount",
    "Subscription",
    "SummaryInFlight",
    "SummaryRequest",
    "UTCDateTime",
    "User",
    "utcnow",
]

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
from storage.models.content import Article, SummaryRequest
from storage.models.feeds import Feed, FeedItem
from storage.models.outbox import Broadcast, Delivery
from storage.models.people import Chat, Subscription, User
from storage.models.shared import BroadcastDraft, Lease, RateWindow, StateVersion
from storage.models.volunteers import Application, AuditEntry

__all__ = [
    "PARIS",
    "Application",
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
    "RateWindow",
    "Role",
    "StateVersion",
    "Subscription",
    "SummaryRequest",
    "UTCDateTime",
    "User",
    "utcnow",
]

"""Callback data of every inline button: compact strings (Telegram allows 64 bytes), built and parsed here.

Each action is a small frozen dataclass; ``encode`` turns it into ``"<tag>:<field>:…"`` and ``parse``
turns such a string back, or returns None for anything it does not know (old buttons, forged data).
Handlers match on the dataclass type, never on raw strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.ids import parse_id

MAX_BYTES = 64


@dataclass(frozen=True, slots=True)
class ResizeSummary:
    """Show the stored summary of ``article_id`` with ``sentences`` sentences (longer/shorter buttons)."""

    article_id: int
    sentences: int


@dataclass(frozen=True, slots=True)
class RetrySummary:
    """The apology that replaced a placeholder after a crash: summarize request ``request_id`` again."""

    request_id: int


@dataclass(frozen=True, slots=True)
class SetLength:
    """Settings: default summary length."""

    sentences: int


@dataclass(frozen=True, slots=True)
class SetDelivery:
    """Settings: immediate delivery, a daily digest, or no subscription."""

    mode: Literal["immediate", "digest", "off"]


@dataclass(frozen=True, slots=True)
class SetDigestHour:
    hour: int


# --- volunteers (issue 6) ---

FormKind = Literal["skip", "section", "done", "consent", "send", "edit", "field", "back", "cancel"]
_FORM: dict[str, FormKind] = {
    "s": "skip", "t": "section", "d": "done", "c": "consent", "y": "send",
    "e": "edit", "f": "field", "b": "back", "x": "cancel",
}  # fmt: skip
_FORM_CODE = {kind: code for code, kind in _FORM.items()}
ListStatus = Literal["submitted", "accepted", "refused", "withdrawn", "all"]
_LIST: dict[str, ListStatus] = {
    "p": "submitted",
    "a": "accepted",
    "r": "refused",
    "w": "withdrawn",
    "t": "all",
}
_LIST_CODE = {status: code for code, status in _LIST.items()}


@dataclass(frozen=True, slots=True)
class FormButton:
    """A button of the volunteer form of draft ``draft_id``; ``value`` is a step or section index."""

    draft_id: int
    kind: FormKind
    value: int = 0


@dataclass(frozen=True, slots=True)
class DecideApplication:
    """An admin accepts or refuses a pending application. ``applicant`` is the Telegram id of the
    person on the card, so a button can only ever decide the application it was shown with (None:
    a button made before it was carried, refused)."""

    application_id: int
    accept: bool
    applicant: int | None = None


@dataclass(frozen=True, slots=True)
class ListApplications:
    """/candidatures: one page of the applications with ``status``."""

    status: ListStatus
    page: int


@dataclass(frozen=True, slots=True)
class ShowApplication:
    application_id: int


@dataclass(frozen=True, slots=True)
class DeleteMyData:
    """/supprimer_mes_donnees: the confirmation (True) or the change of mind (False)."""

    confirm: bool


@dataclass(frozen=True, slots=True)
class WithdrawApplication:
    """/annuler with a pending application: withdraw it (True) or keep it (False)."""

    application_id: int
    confirm: bool


# --- broadcasting and feeds (issue 5) ---

DraftStep = Literal["publish", "shorter", "longer", "cancel"]
_DRAFT: dict[str, DraftStep] = {"p": "publish", "s": "shorter", "l": "longer", "c": "cancel"}
_DRAFT_CODE = {step: code for code, step in _DRAFT.items()}


@dataclass(frozen=True, slots=True)
class DraftButton:
    """The admin's preview of a broadcast (``draft_id``): publish it, change its length, or cancel."""

    draft_id: int
    step: DraftStep


@dataclass(frozen=True, slots=True)
class QueueDecision:
    """A feed item of the moderation queue: publish it, or ignore it."""

    item_id: int
    publish: bool


# --- moderation (issue 7) ---


@dataclass(frozen=True, slots=True)
class JournalPage:
    """/journal: page ``page`` (1 = newest) of the audit log."""

    page: int


@dataclass(frozen=True, slots=True)
class ConfirmBan:
    """/ban of an id the bot has never seen: ban anyway (True) or cancel (False)."""

    user_id: int
    confirm: bool


CallbackAction = (
    ResizeSummary | RetrySummary | SetLength | SetDelivery | SetDigestHour
    | FormButton | DecideApplication | ListApplications | ShowApplication | DeleteMyData
    | WithdrawApplication
    | DraftButton | QueueDecision | JournalPage | ConfirmBan
)  # fmt: skip

_DELIVERY: dict[str, Literal["immediate", "digest", "off"]] = {"i": "immediate", "d": "digest", "o": "off"}
_DELIVERY_CODE = {mode: code for code, mode in _DELIVERY.items()}


def encode(action: CallbackAction) -> str:
    match action:
        case ResizeSummary(article_id, sentences):
            data = f"r:{article_id}:{sentences}"
        case RetrySummary(request_id):
            data = f"rs:{request_id}"
        case SetLength(sentences):
            data = f"l:{sentences}"
        case SetDelivery(mode):
            data = f"m:{_DELIVERY_CODE[mode]}"
        case SetDigestHour(hour):
            data = f"h:{hour}"
        case FormButton(draft_id, kind, value):
            data = f"v:{draft_id}:{_FORM_CODE[kind]}:{value}"
        case DecideApplication(application_id, accept, applicant):
            data = f"ad:{application_id}:{int(accept)}" + (f":{applicant}" if applicant is not None else "")
        case ListApplications(status, page):
            data = f"al:{_LIST_CODE[status]}:{page}"
        case ShowApplication(application_id):
            data = f"as:{application_id}"
        case DeleteMyData(confirm):
            data = f"pd:{int(confirm)}"
        case WithdrawApplication(application_id, confirm):
            data = f"aw:{application_id}:{int(confirm)}"
        case DraftButton(draft_id, step):
            data = f"bd:{draft_id}:{_DRAFT_CODE[step]}"
        case QueueDecision(item_id, publish):
            data = f"fq:{item_id}:{int(publish)}"
        case JournalPage(page):
            data = f"jp:{page}"
        case ConfirmBan(user_id, confirm):
            data = f"bk:{user_id}:{int(confirm)}"
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def _ints(parts: list[str], count: int) -> list[int] | None:
    """``count`` numbers in the id range (bot.ids), or None: a forged huge id is an unknown button."""
    numbers = [parse_id(p) for p in parts]
    if len(parts) != count or None in numbers:
        return None
    return [n for n in numbers if n is not None]


def parse(data: object) -> CallbackAction | None:
    """The action behind ``data``, or None when it is not one of ours or is malformed."""
    if not isinstance(data, str):
        return None
    tag, _, rest = data.partition(":")
    parts = rest.split(":")
    if tag == "r" and (nums := _ints(parts, 2)):
        return ResizeSummary(article_id=nums[0], sentences=nums[1])
    if tag == "rs" and (nums := _ints(parts, 1)):
        return RetrySummary(request_id=nums[0])
    if tag == "l" and (nums := _ints(parts, 1)):
        return SetLength(sentences=nums[0])
    if tag == "m" and rest in _DELIVERY:
        return SetDelivery(mode=_DELIVERY[rest])
    if tag == "h" and (nums := _ints(parts, 1)) and nums[0] < 24:
        return SetDigestHour(hour=nums[0])
    return _parse_volunteers(tag, parts) or _parse_broadcast(tag, parts) or _parse_moderation(tag, parts)


def _parse_broadcast(tag: str, parts: list[str]) -> CallbackAction | None:
    if tag == "bd" and len(parts) == 2 and parts[1] in _DRAFT and (nums := _ints(parts[:1], 1)):
        return DraftButton(draft_id=nums[0], step=_DRAFT[parts[1]])
    if tag == "fq" and (nums := _ints(parts, 2)) and nums[1] in (0, 1):
        return QueueDecision(item_id=nums[0], publish=bool(nums[1]))
    return None


def _parse_moderation(tag: str, parts: list[str]) -> CallbackAction | None:
    if tag == "jp" and (nums := _ints(parts, 1)) and nums[0] > 0:
        return JournalPage(page=nums[0])
    if tag == "bk" and (nums := _ints(parts, 2)) and nums[1] in (0, 1):
        return ConfirmBan(user_id=nums[0], confirm=nums[1] == 1)
    return None


def _parse_volunteers(tag: str, parts: list[str]) -> CallbackAction | None:
    if tag == "v" and len(parts) == 3 and parts[1] in _FORM and (nums := _ints([parts[0], parts[2]], 2)):
        return FormButton(draft_id=nums[0], kind=_FORM[parts[1]], value=nums[1])
    if tag == "ad" and (nums := _ints(parts, len(parts))) and len(nums) in (2, 3) and nums[1] in (0, 1):
        return DecideApplication(nums[0], accept=bool(nums[1]), applicant=nums[2] if len(nums) == 3 else None)
    if tag == "al" and len(parts) == 2 and parts[0] in _LIST and (nums := _ints(parts[1:], 1)):
        return ListApplications(status=_LIST[parts[0]], page=nums[0])
    if tag == "as" and (nums := _ints(parts, 1)):
        return ShowApplication(application_id=nums[0])
    if tag == "pd" and parts in (["0"], ["1"]):
        return DeleteMyData(confirm=parts == ["1"])
    if tag == "aw" and (nums := _ints(parts, 2)) and nums[1] in (0, 1):
        return WithdrawApplication(application_id=nums[0], confirm=nums[1] == 1)
    return None


def matches(kind: type[CallbackAction]) -> Callable[[object], bool]:
    """A CallbackQueryHandler pattern accepting only data that parses to ``kind``."""

    def check(data: object) -> bool:
        return isinstance(parse(data), kind)

    return check

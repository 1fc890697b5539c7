"""What applicants and admins read: the summary of the answers, the review message, the list, the CSV.

Every answer is escaped here. Long free texts are cut to fit Telegram's 4,096 characters (counted in
UTF-16 units, so emoji count double); the CSV export always has everything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape

from bot import texts
from bot.volunteers.settings import DEFAULT_QUESTIONS, VolunteerSettings
from storage.models import PARIS, Application, ApplicationStatus

MESSAGE_BUDGET = 3800  # of Telegram's 4,096 units, leaving room for titles and footers
LONG_FIELDS = ("experience", "motivation")
CELL_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, budget: int) -> str:
    """``text`` within ``budget`` UTF-16 units, with "…" when shortened."""
    if units(text) <= budget:
        return text
    kept = text.encode("utf-16-le")[: max(0, budget - 1) * 2].decode("utf-16-le", errors="ignore")
    return kept.rstrip() + "…"


def when(moment: datetime | None) -> str:
    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M") if moment else texts.FORM_NOT_ANSWERED


def _value(value: object, name: str = "") -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or texts.FORM_NOT_ANSWERED
    if name == "age" and value:
        return f"{value} ans"
    return str(value) if value else texts.FORM_NOT_ANSWERED


def answers_html(
    answers: Mapping[str, object], budget: int = MESSAGE_BUDGET, questions: Iterable[str] = DEFAULT_QUESTIONS
) -> str:
    """The answers to the site's questions (and any other answer given) as labelled HTML lines, in
    the form's order; the free texts share what the budget leaves."""
    asked = list(questions)
    names = asked + [n for n in texts.FIELD_LABELS if n not in asked and answers.get(n)]
    short = [n for n in names if n not in LONG_FIELDS]
    long = [n for n in names if n in LONG_FIELDS]
    lines = [f"<b>{texts.FIELD_LABELS[n]} :</b> {escape(_value(answers.get(n), n))}" for n in short]
    left = budget - sum(units(f"{texts.FIELD_LABELS[n]} : {_value(answers.get(n), n)}\n") for n in short)
    for position, name in enumerate(long):
        label = f"{texts.FIELD_LABELS[name]} :\n"
        share = left // (len(long) - position)  # what one field leaves goes to the next
        shown = cut(_value(answers.get(name)), max(40, share - units(label) - 1))
        left -= units(label + shown + "\n")
        lines.append(f"<b>{texts.FIELD_LABELS[name]} :</b>\n{escape(shown)}")
    return "\n".join(lines)


def form_summary(answers: Mapping[str, object], questions: Iterable[str] = DEFAULT_QUESTIONS) -> str:
    body = answers_html(answers, questions=questions)
    return f"{texts.REVIEW_TITLE}\n\n{body}\n\n{texts.FORM_REVIEW_HINT}"


def fields_of(application: Application) -> dict[str, object]:
    return {name: getattr(application, name) for name in texts.FIELD_LABELS}


def applicant_link(user_id: int, name: str, username: str | None) -> str:
    link = f'<a href="tg://user?id={user_id}">{escape(name)}</a>'
    return f"{link} (@{escape(username)})" if username else link


def review_message(
    application: Application,
    *,
    username: str | None,
    decision: str | None = None,
    settings: VolunteerSettings | None = None,
    extra: str = "",
) -> str:
    """The admins' message: title, who, every answer, ``extra`` (notes, questions) and the decision."""
    settings = settings or VolunteerSettings()
    name = f"{application.first_name or ''} {application.last_name or ''}".strip()
    head = [
        texts.new_application(application.id),
        f"Telegram : {applicant_link(application.user_id, name, username)}",
        f"Envoyée le {when(application.submitted_at)}",
    ]
    if application.age is not None and application.age < settings.guardian_below_age:
        head.append(texts.minor_line(settings.guardian_below_age))
    footer = f"\n\n{decision}" if decision else ""
    if application.status == ApplicationStatus.SUBMITTED:
        footer += "\n\n" + texts.card_commands(application.id)
    budget = MESSAGE_BUDGET - units("\n".join(head) + footer) - min(units(extra), 1200)
    answers = answers_html(fields_of(application), budget, settings.questions)
    notes = f"\n\n{cut_html(extra, 1200)}" if extra else ""
    return "\n".join(head) + "\n\n" + answers + notes + footer


def cut_html(lines: str, budget: int) -> str:
    """Keep the last lines of ``lines`` (HTML, one item a line) that fit ``budget``: the newest."""
    kept: list[str] = []
    for line in reversed(lines.split("\n")):
        if units("\n".join([line, *kept])) > budget:
            break
        kept.insert(0, line)
    return "\n".join(kept)


def detail_message(
    application: Application,
    *,
    username: str | None,
    decision: str | None,
    settings: VolunteerSettings | None = None,
    extra: str = "",
) -> str:
    """/candidature ID: like the review message, with the current status in the title."""
    text = review_message(application, username=username, decision=decision, settings=settings, extra=extra)
    title = texts.application_title(application.id, application.status)
    return title + text[len(texts.new_application(application.id)) :]


def list_line(application: Application) -> str:
    name = f"{application.first_name or ''} {application.last_name or ''}".strip() or "?"
    sections = ", ".join(application.sections or [])
    date = application.submitted_at.astimezone(PARIS).strftime("%d/%m") if application.submitted_at else ""
    return cut(f"n° {application.id} · {date} · {name} · {sections}", 60)


CSV_COLUMNS = (
    ("id", "N°"),
    ("status", "Statut"),
    *texts.FIELD_LABELS.items(),
    ("user_id", "Id Telegram"),
    ("consent_at", "Consentement"),
    ("submitted_at", "Envoyée le"),
    ("decided_at", "Décidée le"),
    ("reviewed_by", "Décidée par (id)"),
    ("refusal_reason", "Motif du refus"),
    ("refusal_reason_sent", "Motif transmis"),
)


def _cell(name: str, value: object) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if name == "status":
        return texts.APPLICATION_STATUS.get(str(value), str(value))
    if isinstance(value, datetime):
        return value.astimezone(PARIS).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CELL_PREFIXES) else text


def applications_csv(applications: Iterable[Application]) -> bytes:
    """UTF-8 with a BOM and ";" separators: what a French Excel opens as columns, accents intact."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for _, label in CSV_COLUMNS])
    for application in applications:
        writer.writerow([_cell(name, getattr(application, name)) for name, _ in CSV_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")

"""/candidatures (paged, by status), /candidature ID, /export_candidatures (CSV): admins only, audited."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot import texts
from storage.models import PARIS, Application, AuditEntry, Role, utcnow
from storage.repos import applications, users
from storage.repos.applications import ApplicationFields
from tests.bot.conftest import Harness, StartBot, said
from tests.bot.volunteer_steps import NO_FLOOD, answer_to
from tests.telegram_fake import FakeTelegram
from tests.telegram_fake.models import JSON


@pytest.fixture
async def team(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> AsyncIterator[tuple[Harness, JSON, JSON, JSON]]:
    """The bot with an owner, a moderator and a reader."""
    owner, moderator, reader = (
        fake_telegram.user("Owen"),
        fake_telegram.user("Mona"),
        fake_telegram.user("Rita"),
    )
    async with start_bot(toml=NO_FLOOD, env={"ADMIN_IDS": str(owner["id"])}) as bot:
        async with bot.services.sessionmaker.begin() as session:
            await users.upsert_user(session, moderator["id"], first_name="Mona")
            await users.set_role(session, moderator["id"], Role.MODERATOR)
        yield bot, owner, moderator, reader


async def make_applications(bot: Harness, count: int, *, first_id: int = 500) -> list[int]:
    """``count`` pending applications straight in the database (the form is tested elsewhere)."""
    ids = []
    async with bot.services.sessionmaker.begin() as session:
        for n in range(count):
            user_id = first_id + n
            await users.upsert_user(session, user_id, first_name=f"P{n}")
            draft, _ = await applications.start_draft(session, user_id, step="review")
            fields = ApplicationFields(
                first_name=f"Prénom{n}",
                last_name='Dupont; "l\'Ancien"',
                email=f"p{n}@exemple.fr",
                motivation='=HYPERLINK("http://evil")\nsur deux lignes, avec des accents : éàç',
                experience="Aucune",
                phone="+33 6 12 34 56 78",
                sections=("cinéma", "jeux vidéo"),
            )
            await applications.submit_application(session, draft.id, fields, consent_at=utcnow())
            ids.append(draft.id)
    return ids


async def audited(bot: Harness, action: str) -> list[AuditEntry]:
    async with bot.services.sessionmaker() as session:
        return list((await session.scalars(select(AuditEntry).where(AuditEntry.action == action))).all())


async def test_list_pages_filters_and_details(team: tuple[Harness, JSON, JSON, JSON]) -> None:
    bot, owner, moderator, _ = team
    ids = await make_applications(bot, 10)
    async with bot.services.sessionmaker.begin() as session:
        await applications.decide_application(session, ids[0], accept=True, reviewer_id=owner["id"])

    bot.fake.send_text(moderator, "/candidatures")
    listing = await bot.fake.next_message(moderator)
    assert said(listing).startswith("Candidatures · en attente (9) · page 1/2")
    items = [b["text"] for b in listing.buttons if b["text"].startswith("n° ")]
    assert len(items) == 8 and items[0].startswith(f"n° {ids[-1]} · ") and "Prénom9 Dupont" in items[0]
    bot.fake.press(moderator, listing, button_text="▶️")
    await bot.fake.wait_for_edit(listing)
    assert said(listing).endswith("page 2/2")
    today = utcnow().astimezone(PARIS).strftime("%d/%m")
    assert [b["text"] for b in listing.buttons if b["text"].startswith("n° ")] == [
        f'n° {ids[1]} · {today} · Prénom1 Dupont; "l\'Ancien" · cinéma, jeux vi…'
    ]
    bot.fake.press(moderator, listing, button_text="Acceptées")
    await bot.fake.wait_for_edit(listing)
    assert said(listing) == "Candidatures · acceptées (1)"
    bot.fake.press(moderator, listing, button_text=f"n° {ids[0]}")
    detail = await bot.fake.next_message(moderator)
    assert said(detail).startswith(f"📄 Candidature n° {ids[0]} · acceptée")
    assert "✅ Acceptée par Owen" in said(detail) or f"✅ Acceptée par {owner['id']}" in said(detail)
    assert detail.reply_markup is None  # already decided: no buttons

    bot.fake.send_text(owner, f"/candidature {ids[3]}")
    detail = await bot.fake.next_message(owner)
    assert said(detail).startswith(f"📄 Candidature n° {ids[3]} · en attente")
    assert [b["text"] for b in detail.buttons] == ["✅ Accepter", "❌ Refuser"]
    bot.fake.send_text(owner, "/candidature douze")
    assert said(await bot.fake.next_message(owner)) == texts.APPLICATION_USAGE
    bot.fake.send_text(owner, "/candidature 99999")
    assert said(await bot.fake.next_message(owner)) == texts.application_not_found(99999)
    bot.fake.send_text(owner, "/candidatures toutes")
    assert said(await bot.fake.next_message(owner)).startswith("Candidatures · toutes (10)")

    assert [e.actor_id for e in await audited(bot, "applications.list")] == [moderator["id"], owner["id"]]
    views = await audited(bot, "application.view")
    assert [(e.actor_id, e.target) for e in views] == [
        (moderator["id"], f"application:{ids[0]}"),
        (owner["id"], f"application:{ids[3]}"),
    ]


async def test_export_csv_opens_in_excel_and_parses_back(team: tuple[Harness, JSON, JSON, JSON]) -> None:
    bot, owner, moderator, _ = team
    bot.fake.send_text(owner, "/export_candidatures")
    assert said(await bot.fake.next_message(owner)) == texts.NOTHING_TO_EXPORT
    ids = await make_applications(bot, 3)

    bot.fake.send_text(owner, "/export_candidatures")
    sent = await bot.fake.next_message(owner)
    assert sent.document is not None and sent.document.filename.startswith("candidatures-")
    assert sent.document.filename.endswith(".csv") and sent.caption == texts.export_caption(3)
    raw = sent.document.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [int(row["N°"]) for row in rows] == sorted(ids, reverse=True)
    first = rows[-1]
    assert first["Prénom"] == "Prénom0" and first["Nom"] == 'Dupont; "l\'Ancien"'
    assert first["Rubriques"] == "cinéma, jeux vidéo" and first["Statut"] == "en attente"
    assert first["Motivation"] == '\'=HYPERLINK("http://evil")\nsur deux lignes, avec des accents : éàç'
    assert first["Téléphone"] == "'+33 6 12 34 56 78"  # no formula, even for a phone number
    assert first["E-mail"] == "p0@exemple.fr" and first["Id Telegram"] == "500"
    assert [e.details for e in await audited(bot, "applications.export")] == [{"count": 0}, {"count": 3}]

    bot.fake.send_text(moderator, "/export_candidatures")  # owners only
    assert said(await bot.fake.next_message(moderator)) == texts.NOT_ALLOWED


async def test_every_admin_command_is_refused_to_a_reader(team: tuple[Harness, JSON, JSON, JSON]) -> None:
    bot, owner, _, reader = team
    ids = await make_applications(bot, 9)
    for command in ("/candidatures", f"/candidature {ids[0]}", "/export_candidatures"):
        bot.fake.send_text(reader, command)
        reply = await bot.fake.next_message(reader)
        assert said(reply) == texts.NOT_ALLOWED and reply.document is None

    group = bot.fake.group("Mixte", members={owner["id"]: "administrator", reader["id"]: "member"})
    bot.fake.send_text(owner, "/candidatures", group)
    listing = await bot.fake.next_message(group)
    for label in ("▶️", f"n° {ids[-1]}"):
        pressed = bot.fake.press(reader, listing, button_text=label)
        call = await answer_to(bot, pressed)
        assert call.params["text"] == texts.NOT_ALLOWED
    assert not listing.history and bot.fake.messages(group) == [listing]
    async with bot.services.sessionmaker() as session:
        pending = await session.scalar(
            select(func.count()).select_from(Application).where(Application.status == "submitted")
        )
    assert pending == 9
    assert [e.actor_id for e in await audited(bot, "applications.list")] == [owner["id"]]
    assert await audited(bot, "application.view") == [] and await audited(bot, "applications.export") == []

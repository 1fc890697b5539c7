"""/diffuser and /annonce end to end: preview, length, publish, progress, report; refusals."""

from __future__ import annotations

import asyncio

from storage.models import Broadcast
from storage.repos import chats
from tests.bot.broadcasting import (
    ADMIN_ID,
    deliveries,
    last_broadcast_id,
    subscribe,
    wait_finished,
    wait_sent,
)
from tests.bot.conftest import Harness, StartBot, said
from tests.telegram_fake import StoredMessage

TOML = """
[broadcast]
progress_seconds = 0.2
"""


def admin_env(**extra: str) -> dict[str, str]:
    return {"ADMIN_IDS": str(ADMIN_ID), **extra}


async def broadcasts_count(bot: Harness) -> int:
    async with bot.services.sessionmaker() as session:
        return len((await session.scalars(Broadcast.__table__.select())).all())


async def preview_of(
    bot: Harness, admin: dict[str, object], command: str
) -> tuple[StoredMessage, StoredMessage]:
    bot.fake.send_text(admin, command)
    intro = await bot.reply(admin)
    preview = await bot.fake.next_message(admin)
    return intro, preview


async def test_article_preview_publish_progress_and_report(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env(CHANNEL_ID="@site_test")) as bot:
        fake = bot.fake
        admin = fake.user("Admin", user_id=ADMIN_ID)
        channel = fake.channel("Le site", username="site_test")
        readers = [fake.user(f"Lecteur {i}") for i in range(4)]
        group = fake.group("Club lecture")
        for chat in [*readers, group]:
            await subscribe(bot, chat)
        fake.block(readers[3], silently=True)  # its update is not handled yet: the send finds out

        intro, preview = await preview_of(bot, admin, f"/diffuser {bot.site.url('/article/1')}")
        assert "Aperçu" in said(intro) and "5 abonnés et la chaîne" in said(intro)
        assert said(preview).count("• ") == 3
        assert {"📣 Publier", "✖️ Annuler", "➖ Plus court", "➕ Plus long"} <= {
            b["text"] for b in preview.buttons
        }

        fake.press(admin, preview, button_text="Plus court")
        await fake.wait_for_edit(preview)
        assert said(preview).count("• ") == 2
        shown = said(preview)

        marker = fake.mark()
        fake.press(admin, preview, button_text="Publier")
        progress = await fake.next_message(admin)
        assert "Diffusion en cours" in said(progress)
        broadcast_id = await last_broadcast_id(bot)
        await wait_finished(bot, broadcast_id)
        report = await fake.next_message(admin)
        text = said(report)
        assert "Diffusion terminée" in text and "Reçu par 5 sur 6" in text, text
        assert "1 ont bloqué le bot" in text and "1 abonné retiré" in text, text
        assert "0 restant" in said(fake.message(admin, progress.message_id))
        # Until the outbox is written the message says so; it never claimed « 0 restant » before the end.
        edits = [
            c.params["text"]
            for c in fake.calls("editMessageText", since=marker)
            if c.ok and c.params["chat_id"] == ADMIN_ID and c.params["message_id"] == progress.message_id
        ]
        versions = [progress.history[0]["text"], *edits]
        assert "Préparation" in versions[0] and "⏳ 0 restant" not in versions[0], versions
        assert all("⏳ 0 restant" not in v for v in versions[:-1]), versions

        # The channel got the very text of the preview, with the link button only; each subscriber
        # got the summary once, at their subscription's length (3 here).
        assert [m.text for m in fake.messages(channel)] == [shown]
        at_three = said(fake.messages(readers[0])[0])
        assert at_three.count("• ") == 3
        for chat in [*readers[:3], group]:
            got = fake.messages(chat)
            assert [m.text for m in got] == [at_three], chat
        assert [b["text"] for b in fake.messages(channel)[0].buttons] == ["🔗 Lire l'article"]
        assert "➕ Plus long" in {b["text"] for b in fake.messages(readers[0])[0].buttons}
        sends = [c for c in fake.calls("sendMessage", since=marker) if c.params["chat_id"] != ADMIN_ID]
        assert len(sends) == 6
        async with bot.services.sessionmaker() as session:
            blocked = await chats.get_chat(session, readers[3]["id"])
        assert blocked is not None and blocked.can_post is False
        statuses = sorted(d.status for d in await deliveries(bot, broadcast_id))
        assert statuses == ["failed"] + ["sent"] * 5

        # The preview lost its admin buttons: a second press finds nothing to publish.
        assert "📣 Publier" not in {b["text"] for b in preview.buttons}


async def test_cancel_sends_nothing_and_stale_buttons_say_so(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        reader = bot.fake.user("Lecteur")
        await subscribe(bot, reader)
        _, preview = await preview_of(bot, admin, f"/diffuser {bot.site.url('/article/2')}")
        data = preview.button("Publier")["callback_data"]
        press = bot.fake.press(admin, preview, button_text="Annuler")
        assert "annulée" in said(await bot.fake.next_message(admin))
        assert bot.fake.callback_answer(press) is not None
        assert await broadcasts_count(bot) == 0
        assert bot.fake.messages(reader) == []
        assert preview.buttons == []
        assert data.startswith("bd:")


async def test_announcement_keeps_formatting(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        reader = bot.fake.user("Lecteur")
        await subscribe(bot, reader)
        bot.fake.send_text(admin, "/annonce")
        assert "texte de l'annonce" in said(await bot.fake.next_message(admin))
        bold = [{"type": "bold", "offset": 9, "length": 7}]
        bot.fake.send_text(admin, "/annonce Réunion <ce soir> & demain", entities=[
            {"type": "bot_command", "offset": 0, "length": 8}, *bold])  # fmt: skip
        intro = await bot.fake.next_message(admin)
        assert "1 abonné." in said(intro)
        preview = await bot.fake.next_message(admin)
        assert said(preview) == "Réunion <ce soir> & demain"
        assert {b["text"] for b in preview.buttons} == {"📣 Publier", "✖️ Annuler"}
        bot.fake.press(admin, preview, button_text="Publier")
        await bot.fake.next_message(admin)  # progress
        got = await bot.fake.next_message(reader, timeout=10)
        assert got.text == "Réunion <ce soir> & demain"
        assert any(e["type"] == "bold" for e in got.entities)
        assert "Reçu par 1 sur 1" in said(await bot.fake.next_message(admin, timeout=10))


async def test_readers_and_moderators_rights(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        reader = bot.fake.user("Lecteur")
        await subscribe(bot, reader)
        for command in (f"/diffuser {bot.site.url('/article/3')}", "/broadcast x", "/annonce Coucou"):
            bot.fake.send_text(reader, command)
            assert (
                said(await bot.fake.next_message(reader)) == "Cette commande est réservée à l'équipe du site."
            )
        assert await broadcasts_count(bot) == 0
        # A reader pressing a forged preview button is refused too.
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        _, preview = await preview_of(bot, admin, "/annonce Bonjour à tous")
        press = bot.fake.press(reader, preview, button_text="Publier")
        await bot.fake.wait_for_call("answerCallbackQuery")
        answer = bot.fake.callback_answer(press)
        assert answer is not None and "réservée" in answer["text"]
        assert await broadcasts_count(bot) == 0


async def test_usage_and_bad_link(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        admin = bot.fake.user("Admin", user_id=ADMIN_ID)
        bot.fake.send_text(admin, "/diffuser")
        assert "/diffuser lien" in said(await bot.fake.next_message(admin))
        bot.fake.send_text(admin, f"/diffuser {bot.site.url('/missing')}")
        assert "404" in said(await bot.reply(admin)) or "introuvable" in said(bot.fake.last_message(admin))
        assert await broadcasts_count(bot) == 0


class Follower:
    """A replica that does not hold the singleton lease (another one does)."""

    leads = False


async def test_only_the_lease_holder_reports_progress(start_bot: StartBot) -> None:
    async with start_bot(toml=TOML, env=admin_env()) as bot:
        fake = bot.fake
        admin = fake.user("Admin", user_id=ADMIN_ID)
        for reader in [fake.user(f"Lecteur {i}") for i in range(3)]:
            await subscribe(bot, reader)
        holder, bot.services.leader = bot.services.leader, Follower()
        _, preview = await preview_of(bot, admin, "/annonce Réunion jeudi")
        marker = fake.mark()
        fake.press(admin, preview, button_text="Publier")
        progress = await fake.next_message(admin)  # sent by the replica that published
        broadcast_id = await last_broadcast_id(bot)
        await wait_sent(bot, broadcast_id)
        await asyncio.sleep(0.6)  # three of the reporter's rounds: a follower edits and reports nothing
        progress_edits = [
            c
            for c in fake.calls("editMessageText", since=marker)
            if c.params.get("message_id") == progress.message_id
        ]
        assert progress_edits == [] and len(fake.messages(admin)) == 3  # intro, preview, progress
        bot.services.leader = holder  # the lease holder reports, once
        await wait_finished(bot, broadcast_id)
        report = await fake.next_message(admin)
        assert "Diffusion terminée" in said(report) and "Reçu par 3 sur 3" in said(report), said(report)

"""The admins' review: the message with every answer, Accept/Refuse (first decision wins), the
applicant's notification, and the audit log."""

from __future__ import annotations

from sqlalchemy import select

from bot import texts
from storage.models import AuditEntry
from storage.repos import applications
from tests.bot.conftest import Harness, StartBot, eventually, said
from tests.bot.volunteer_steps import MOTIVATION, NO_FLOOD, answer_to, submit
from tests.telegram_fake import FakeTelegram, StoredMessage, forbidden
from tests.telegram_fake.models import JSON

TRICKY = {"first": "Zoé", "last": 'O\'Brien & "Fils"', "email": "zoe@exemple.fr"}


async def audit_actions(bot: Harness) -> list[tuple[int | None, str, str | None]]:
    async with bot.services.sessionmaker() as session:
        rows = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    return [(row.actor_id, row.action, row.target) for row in rows]


async def review_messages(bot: Harness, admins: list[JSON]) -> list[StoredMessage]:
    return [await bot.fake.next_message(admin) for admin in admins]


async def test_two_admins_first_decision_wins(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    alice, bruno, applicant = (
        fake_telegram.user("Alice"),
        fake_telegram.user("Bruno"),
        fake_telegram.user("Zoé"),
    )
    env = {"ADMIN_IDS": f"{alice['id']},{bruno['id']}"}
    async with start_bot(toml=NO_FLOOD, env=env) as bot:
        application = await submit(bot, applicant, **TRICKY)
        copies = await review_messages(bot, [alice, bruno])
        for copy in copies:
            text = said(copy)
            assert text.startswith(f"📝 Nouvelle candidature n° {application.id}")
            assert "Prénom : Zoé" in text and 'Nom : O\'Brien & "Fils"' in text  # escaped, shown as typed
            assert MOTIVATION in text and copy.parse_mode == "HTML"
            assert "E-mail : zoe@exemple.fr" in text and "Rubriques : cinéma, tech" in text
            assert [b["text"] for b in copy.buttons] == ["✅ Accepter", "❌ Refuser"]

        # Both click at once, on their own copy: one decision is kept, the other is told.
        before = [len(copy.history) for copy in copies]  # the edits may land before we start waiting
        refuse = bot.fake.press(alice, copies[0], button_text="Refuser")
        accept = bot.fake.press(bruno, copies[1], button_text="Accepter")
        for copy, edits in zip(copies, before, strict=True):
            await bot.fake.wait_for_edit(copy, edits=edits + 1)
        await bot.fake.wait_until_consumed()
        decisions = [
            a for a in await audit_actions(bot) if a[1] in ("application.accept", "application.refuse")
        ]
        assert len(decisions) == 1
        winner_id, action, target = decisions[0]
        assert target == f"application:{application.id}"
        loser = bruno if winner_id == alice["id"] else alice
        verdict = "✅ Acceptée par Bruno" if action == "application.accept" else "❌ Refusée par Alice"
        assert winner_id == (bruno["id"] if action == "application.accept" else alice["id"])
        for copy in copies:
            assert verdict in said(copy) and copy.reply_markup is None
        loser_press = accept if loser is bruno else refuse

        async def answered() -> bool:
            return bot.fake.callback_answer(loser_press) is not None

        await eventually(answered)
        told = bot.fake.callback_answer(loser_press)
        assert told is not None and told["text"].startswith("Cette candidature a déjà été traitée")
        news = await bot.fake.next_message(applicant)
        if action == "application.accept":
            assert said(news).startswith("Bonne nouvelle, Zoé : votre candidature est acceptée")
            assert "Un membre de l'équipe va vous contacter" in said(news)
        else:
            assert said(news).startswith("Bonjour Zoé, merci d'avoir pris le temps de postuler")
            assert news.reply_markup is None
        await bot.fake.wait_until_consumed()
        assert bot.fake.messages(applicant)[-1] is news  # told once


async def test_accept_in_the_admin_chat_with_next_step_link(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    owner, applicant = fake_telegram.user("Owen"), fake_telegram.user("Léa")
    team = fake_telegram.group("Rédaction", members={owner["id"]: "administrator"})
    toml = (
        NO_FLOOD
        + '[volunteers]\nnext_step_url = "https://t.me/+equipe"\naccepted_text = "Bravo {first_name} !"\n'
    )
    async with start_bot(
        toml=toml, env={"ADMIN_IDS": str(owner["id"]), "ADMIN_CHAT_ID": str(team["id"])}
    ) as bot:
        application = await submit(bot, applicant, first="Léa")
        copy = await bot.fake.next_message(team)
        assert bot.fake.messages(owner) == []  # the admin chat replaces private copies
        bot.fake.press(owner, copy, button_text="Accepter")
        await bot.fake.wait_for_edit(copy)
        assert "✅ Acceptée par Owen" in said(copy)
        news = await bot.fake.next_message(applicant)
        assert said(news).startswith("Bravo Léa !")
        assert news.button("La suite")["url"] == "https://t.me/+equipe"
        assert (owner["id"], "application.accept", f"application:{application.id}") in await audit_actions(
            bot
        )


async def test_refused_applicant_who_blocked_the_bot(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    owner, applicant = fake_telegram.user("Owen"), fake_telegram.user("Théo")
    async with start_bot(toml=NO_FLOOD, env={"ADMIN_IDS": str(owner["id"])}) as bot:
        await submit(bot, applicant, first="Théo")
        copy = await bot.fake.next_message(owner)
        bot.fake.fail(applicant, forbidden("bot was blocked by the user"), methods=frozenset({"sendmessage"}))
        pressed = bot.fake.press(owner, copy, button_text="Refuser")
        await bot.fake.wait_for_edit(copy)
        call = await answer_to(bot, pressed)
        assert call.params["text"] == texts.APPLICANT_UNREACHABLE
        assert "❌ Refusée par Owen" in said(copy)


async def test_non_admin_cannot_decide(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    owner, member, applicant = (
        fake_telegram.user("Owen"),
        fake_telegram.user("Max"),
        fake_telegram.user("Ana"),
    )
    team = fake_telegram.group("Rédaction", members={owner["id"]: "administrator", member["id"]: "member"})
    async with start_bot(
        toml=NO_FLOOD, env={"ADMIN_IDS": str(owner["id"]), "ADMIN_CHAT_ID": str(team["id"])}
    ) as bot:
        application = await submit(bot, applicant)
        copy = await bot.fake.next_message(team)
        pressed = bot.fake.press(member, copy, button_text="Accepter")
        call = await answer_to(bot, pressed)
        assert call.params["text"] == texts.NOT_ALLOWED
        async with bot.services.sessionmaker() as session:
            stored = await applications.get_application(session, application.id)
        assert stored is not None and stored.status == "submitted"
        assert copy.reply_markup is not None and not copy.history  # untouched
        assert [a for a in await audit_actions(bot) if a[1].startswith("application.")] == []

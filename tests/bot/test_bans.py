"""Bans: who can be banned and how (id, @username, reply to a forward), and a ban stopping every
feature for that user after one polite notice."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import texts
from bot.admin import texts as admin_texts
from storage.models import Application, SummaryRequest
from storage.repos import subscriptions, users
from tests.bot.admin_team import Team, silence, team_bot
from tests.bot.conftest import StartBot, said
from tests.telegram_fake import FakeTelegram


async def counts(team: Team, user_id: int) -> tuple[int, int, bool]:
    """(summary requests, applications, subscribed) of a user."""
    async with team.bot.services.sessionmaker() as session:
        asked = await session.scalar(
            select(func.count()).select_from(SummaryRequest).where(SummaryRequest.user_id == user_id)
        )
        applied = await session.scalar(
            select(func.count()).select_from(Application).where(Application.user_id == user_id)
        )
        subscribed = await subscriptions.get_subscription(session, user_id) is not None
    return int(asked or 0), int(applied or 0), subscribed


async def active_subscriptions(team: Team) -> int:
    async with team.bot.services.sessionmaker() as session:
        return sum((await subscriptions.count_subscriptions(session)).values())


async def test_a_ban_stops_every_feature_after_one_notice(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        bot, rita = team.bot, team.reader
        group = fake.supergroup("Lecteurs", members={rita["id"]: "member"})
        # Before the ban: a subscription, a summary with its buttons, the settings screen.
        assert said(await team.ask(rita, "/abonner")).startswith("C'est noté")
        summary = await bot.summary_of(rita, "/article/1")
        assert summary.button("Plus long")
        settings = await team.ask(rita, "/reglages")
        before = await counts(team, rita["id"])
        assert before == (1, 0, True)

        reply = said(await team.ask(team.owner, f"/ban {rita['id']} publicité"))
        assert reply.startswith("🚫 Rita") and "publicité" in reply
        assert (await counts(team, rita["id"]))[2] is True  # kept, with its settings, for an unban
        assert await active_subscriptions(team) == 0  # but suspended: counted and served nowhere

        url = bot.site.url("/article/2")
        assert (await team.ask(rita, url)).text == texts.BANNED_NOTICE
        shown = len(fake.messages(rita))
        edits = (len(summary.history), len(settings.history))
        for text in (f"/resume {url}", "/abonner", "/postuler", "/start", "/reglages", "/aide", "bonjour"):
            fake.send_text(rita, text)
        fake.send_text(rita, f"/resume {url}", group)
        inline = fake.inline_query(rita, url)
        longer = fake.press(rita, summary, button_text="Plus long")
        setting = fake.press(rita, settings, button_text="Récapitulatif quotidien")
        await silence(bot)

        assert len(fake.messages(rita)) == shown  # nothing more in her chat
        assert fake.messages(group) == []
        assert (len(summary.history), len(settings.history)) == edits  # no button did anything
        for press in (longer, setting):
            answer = fake.callback_answer(press)
            assert answer is not None and not answer.get("text")
        inline_answer = fake.inline_answer(inline)
        assert inline_answer is not None and inline_answer["results"] == []
        assert await counts(team, rita["id"]) == (1, 0, True)  # nothing new, nothing lost
        assert bot.site.hits.get("/article/2", 0) == 0

        # Lifted: everything works again.
        assert said(await team.ask(team.owner, f"/unban {rita['id']}")).startswith("✅ Rita")
        assert said(await fake.next_message(rita)).startswith("✅ Bonne nouvelle")
        assert said(await team.ask(rita, "/start")).startswith("Bonjour Rita")
        # Banned again later: told again, once.
        await team.ask(team.owner, f"/ban {rita['id']}")
        assert (await team.ask(rita, "/start")).text == texts.BANNED_NOTICE


async def test_a_button_can_carry_the_notice(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        rita = team.reader
        settings = await team.ask(rita, "/reglages")
        await team.ask(team.moderator, f"/ban {rita['id']}")
        press = fake_telegram.press(rita, settings, button_text="Dès la parution")
        await fake_telegram.wait_for_call("answerCallbackQuery")
        answer = fake_telegram.callback_answer(press)
        assert answer is not None and answer["text"] == texts.BANNED_NOTICE and answer["show_alert"] is True
        fake_telegram.send_text(rita, "/start")
        await silence(team.bot)
        assert [m.text for m in fake_telegram.messages(rita)][-1] != texts.BANNED_NOTICE


async def test_the_team_cannot_be_banned(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        before = await team.snapshot()
        for actor, target in [
            (team.owner, team.moderator),
            (team.moderator, team.owner),
            (team.owner, team.owner),
            (team.moderator, team.moderator),
        ]:
            reply = await team.ask(actor, f"/ban {target['id']}")
            assert reply.text == admin_texts.CANNOT_BAN_ADMIN
        assert await team.snapshot() == before


async def test_who_to_ban(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner = team.owner
        before = await team.snapshot()
        assert said(await team.ask(owner, "/ban")).startswith("Indiquez la personne")
        assert said(await team.ask(owner, "/ban n'importe quoi")).startswith("Ce n'est ni un identifiant")
        assert "Je ne connais pas @inconnu_total" in said(await team.ask(owner, "/ban @inconnu_total"))
        # A forward from someone who hides their account: Telegram gives a name, no id.
        hidden = fake.send_text(owner, "un message transféré", forward_hidden="Anonyme Masqué")
        assert said(await fake.next_message(owner)).startswith("Je ne trouve pas de lien")
        fake.send_text(owner, "/ban", reply_to=hidden)
        assert (await fake.next_message(owner)).text == admin_texts.HIDDEN_FORWARD
        relayed = fake.send_text(owner, "relayé", forward_from=fake.channel("Le Canal"))
        assert said(await fake.next_message(owner)).startswith("Je ne trouve pas de lien")
        fake.send_text(owner, "/ban", reply_to=relayed)
        assert (await fake.next_message(owner)).text == admin_texts.FORWARD_FROM_CHAT
        fake.send_text(owner, "/ban", reply_to=fake.messages(owner)[-1])
        assert (await fake.next_message(owner)).text == admin_texts.REPLY_TO_BOT
        assert await team.snapshot() == before

        # A forward from someone the bot never saw: banned, and remembered with their profile.
        stranger = fake.user("Sam", username="sam_stranger")
        forwarded = fake.send_text(owner, "achetez ici", forward_from=stranger)
        await fake.next_message(owner)
        fake.send_text(owner, "/ban <b>arnaque</b> & co", reply_to=forwarded)
        reply = said(await fake.next_message(owner))
        assert reply.startswith("🚫 Sam (@sam_stranger") and "Motif : <b>arnaque</b> & co" in reply
        row = await team.user_row(stranger)
        assert row is not None and row.is_banned and row.ban_reason == "<b>arnaque</b> & co"
        assert (await team.ask(stranger, "/start")).text == texts.BANNED_NOTICE

        # By @username, with a reason too long for the column: clipped, not refused.
        assert said(await team.ask(owner, f"/ban @RITA_LIT {'x' * 600}")).startswith("🚫 Rita")
        rita = await team.user_row(team.reader)
        assert rita is not None and rita.ban_reason is not None and len(rita.ban_reason) == 500
        assert said(await team.ask(owner, "/ban @rita_lit")).endswith("est déjà banni.")
        # An id never seen: banned before they ever write, once the admin confirms.
        assert "4242424242" not in said(await team.ask(owner, "/bannis"))


async def test_unban_and_the_list(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    async with team_bot(start_bot, fake_telegram) as team:
        owner = team.owner
        listing = said(await team.ask(owner, "/bannis"))
        assert listing.startswith("Utilisateurs bannis") and "Bruno" in listing and "spam" in listing
        assert "par Olivia" in listing
        assert said(await team.ask(owner, f"/unban {team.reader['id']}")).endswith("n'est pas banni.")
        assert "ne m'a jamais écrit" in said(await team.ask(owner, "/unban 777777777"))
        assert said(await team.ask(owner, "/unban @bruno_spam")).startswith("✅ Bruno")
        assert (await team.ask(owner, "/bannis")).text == admin_texts.NOBODY_BANNED


async def test_a_ban_stops_the_form_midway_and_the_notice_survives_a_restart(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        rita = team.reader
        assert "prénom" in said(await team.ask(rita, "/postuler"))
        assert "nom" in said(await team.ask(rita, "Rita"))
        async with team.bot.services.sessionmaker() as session:
            draft = await session.scalar(select(Application).where(Application.user_id == rita["id"]))
            assert draft is not None
            step = draft.current_step
        await team.ask(team.owner, f"/ban {rita['id']} faux profils")
        assert (await team.ask(rita, "Dupont")).text == texts.BANNED_NOTICE
        fake.send_text(rita, "rita@example.org")
        await silence(team.bot)
        async with team.bot.services.sessionmaker() as session:
            draft = await session.scalar(select(Application).where(Application.user_id == rita["id"]))
            assert draft is not None and draft.current_step == step
            assert "Dupont" not in str(draft.answers) and draft.last_name is None
    told = len(fake.messages(rita))
    async with start_bot(env={"ADMIN_IDS": str(team.owner["id"])}) as bot:  # a new process, same database
        fake.send_text(rita, "/start")
        await silence(bot)
        assert len(fake.messages(rita)) == told  # told once, even across restarts


async def test_ban_by_replying_in_a_group(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        group = fake.supergroup(
            "Équipe et lecteurs", members={team.moderator["id"]: "administrator", team.reader["id"]: "member"}
        )
        spam = fake.send_text(team.reader, "achetez mes cryptos", group)
        fake.send_text(team.moderator, "/ban arnaque", group, reply_to=spam)
        assert said(await fake.next_message(group)).startswith("🚫 Rita")
        row = await team.user_row(team.reader)
        assert (
            row is not None
            and row.is_banned
            and row.ban_reason == "arnaque"
            and row.banned_by == team.moderator["id"]
        )
        fake.send_text(
            team.reader, "/aide", group
        )  # silence in the group: the notice is for her private chat
        await silence(team.bot)
        assert len(fake.messages(group)) == 1
        assert (await team.ask(team.reader, "/aide")).text == texts.BANNED_NOTICE


async def test_a_banned_user_can_still_see_and_erase_their_data(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        bot, rita = team.bot, team.reader
        await team.ask(rita, "/start")
        await team.ask(team.owner, f"/ban {rita['id']}")

        export = await team.ask(rita, "/mesdonnees")
        assert export.document is not None and export.document.filename == "mes-donnees.json"

        confirm = await team.ask(rita, "/supprimer_mes_donnees")
        assert said(confirm) == texts.DELETE_CONFIRM
        fake.press(rita, confirm, button_text="Oui")
        await fake.wait_for_edit(confirm)
        assert confirm.text == texts.DATA_DELETED

        row = await team.user_row(rita)
        assert row is not None and row.is_banned  # erasing one's data does not lift the ban
        url = bot.site.url("/article/3")
        assert (await team.ask(rita, url)).text == texts.BANNED_NOTICE  # first thing else: the notice
        shown = len(fake.messages(rita))
        fake.send_text(rita, url)
        await silence(bot)
        assert len(fake.messages(rita)) == shown  # then silence
        assert bot.site.hits.get("/article/3", 0) == 0


async def test_banning_an_id_never_seen_asks_first(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner, moderator = team.owner, team.moderator
        before = await team.snapshot()
        warning = await team.ask(owner, "/ban 4242424242 7j faux compte")
        assert said(warning).startswith("⚠️ Je n'ai jamais vu l'utilisateur 4242424242 :")
        assert "pour 7\u00a0jours" in said(warning) and "faux compte" in said(warning)
        assert await team.snapshot() == before  # nothing yet
        # A reader who forges the button is refused.
        forged = fake.press(team.reader, warning, callback_data="bk:4242424242:1")
        await fake.wait_for_call("answerCallbackQuery")
        answer = fake.callback_answer(forged)
        assert answer is not None and answer["text"] == texts.NOT_ALLOWED
        assert await team.snapshot() == before

        fake.press(owner, warning, button_text="Annuler")
        await fake.wait_for_edit(warning)
        assert warning.text == admin_texts.BAN_CANCELLED and not warning.buttons
        assert await team.snapshot() == before

        # A moderator confirms: banned for 7 days, reason kept.
        again = await team.ask(moderator, "/ban 4242424242 7j faux compte")
        fake.press(moderator, again, button_text="🚫 Bannir quand même")
        await fake.wait_for_edit(again)
        assert said(again).startswith("🚫 Sans nom (4242424242) est banni pour 7\u00a0jours, jusqu'au")
        listing = said(await team.ask(moderator, "/bannis"))
        assert "4242424242" in listing and "⏳ jusqu'au" in listing and "faux compte" in listing
        assert not again.buttons  # the question is answered: its buttons are gone

        # A known person is banned at once, no question asked.
        assert said(await team.ask(owner, f"/ban {team.reader['id']}")).startswith("🚫 Rita")


async def test_a_confirmation_left_over_a_restart_is_not_acted_on(
    start_bot: StartBot, fake_telegram: FakeTelegram
) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        owner = team.owner
        stale = await team.ask(owner, "/ban 5555555555 spam")
    async with start_bot(env={"ADMIN_IDS": str(owner["id"])}) as bot:
        fake.press(owner, stale, button_text="🚫 Bannir quand même")
        await fake.wait_for_edit(stale)
        assert stale.text == admin_texts.BAN_REQUEST_EXPIRED
        async with bot.services.sessionmaker() as session:
            assert await users.get_user(session, 5555555555) is None


async def test_in_a_group_only_who_asked_confirms(start_bot: StartBot, fake_telegram: FakeTelegram) -> None:
    fake = fake_telegram
    async with team_bot(start_bot, fake) as team:
        group = fake.supergroup(
            "Équipe", members={team.owner["id"]: "administrator", team.moderator["id"]: "administrator"}
        )
        warning = await team.ask(team.moderator, "/ban 4242424242", group)
        before = await team.snapshot()
        press = fake.press(team.owner, warning, button_text="🚫 Bannir quand même")
        await fake.wait_for_call("answerCallbackQuery")
        answer = fake.callback_answer(press)
        assert answer is not None and answer["text"] == admin_texts.NOT_YOUR_BAN_REQUEST
        assert await team.snapshot() == before and warning.buttons  # still waiting for Marc
        fake.press(team.moderator, warning, button_text="🚫 Bannir quand même")
        await fake.wait_for_edit(warning)
        assert said(warning).startswith("🚫 Sans nom (4242424242) est banni.")

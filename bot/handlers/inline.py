"""Inline mode: ``@bot URL`` in any chat offers the article's summary as a message to send.

A summary already stored answers at once; otherwise it is made on the spot (same quota and cap as a
message), and a failure is shown as the results' header button, since there is nothing to send.
"""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.ext import InlineQueryHandler

from bot import links, summaries, texts
from bot.context import BotApplication, BotContext
from bot.handlers.common import requester
from bot.handlers.summary import NO_PREVIEW, article_message, failure_text
from bot.limits import Busy
from summarizer.errors import SummarizerError

CACHE_SECONDS = 300  # Telegram may reuse our answer to the same query for this long


async def on_inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    url = links.find_in_text(query.query) or links.normalize(query.query)
    if url is None:
        button = InlineQueryResultsButton(text=texts.INLINE_HINT, start_parameter="aide")
        await query.answer([], button=button, cache_time=CACHE_SECONDS)
        return
    try:
        card = await summaries.summarize_link(context.services, url, requester(update))
    except (SummarizerError, summaries.QuotaExceeded, Busy) as exc:
        button = InlineQueryResultsButton(text=failure_text(exc), start_parameter="aide")
        await query.answer([], button=button, cache_time=5, is_personal=True)
        return
    n = await summaries.preferred_length(context.services, query.from_user.id)
    reply = article_message(card, n, context)
    result = InlineQueryResultArticle(
        id=f"a{card.article_id}n{n}",
        title=card.title or card.site or url,
        description=texts.inline_description(min(n, len(card.sentences)), card.site),
        input_message_content=InputTextMessageContent(
            reply.text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
        ),
        reply_markup=reply.markup,
    )
    await query.answer([result], cache_time=CACHE_SECONDS)


def register(application: BotApplication) -> None:
    application.add_handler(InlineQueryHandler(on_inline_query))

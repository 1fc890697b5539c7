"""Plain dataclasses that the engine returns: no Telegram, no database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

WORDS_PER_MINUTE = 230  # average silent reading speed for French prose


@dataclass(frozen=True, slots=True)
class Article:
    """The main content of a page.

    ``text`` holds the body with ``\\n`` between paragraphs (the title is not repeated in it).
    """

    text: str
    title: str | None = None
    language: str | None = None
    url: str | None = None  # canonical URL when the page declares one, else the URL it was fetched from
    author: str | None = None
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    site: str | None = None  # site name ("Le Monde"), else the host
    description: str | None = None
    extractor: str = "trafilatura"  # which extractor produced the text

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def reading_minutes(self) -> int:
        """Minutes needed to read the whole article, at least 1."""
        return max(1, round(self.word_count / WORDS_PER_MINUTE))


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary: ``sentences`` are taken verbatim from the text, in document order."""

    sentences: list[str]
    language: str
    source_sentences: int = 0  # how many sentences the text had
    source_words: int = 0
    method: str = ""  # which ranker produced it, for logs and statistics
    # Selection priority of each chosen sentence (same order as ``sentences``): the best n-sentence
    # summary is the n highest-scored, which lets the bot shorten a stored summary without the text.
    scores: list[float] = field(default_factory=list)

    def shortened(self, n: int) -> Summary:
        """The ``n`` best sentences of this summary, still in document order."""
        if n >= len(self.sentences) or len(self.scores) != len(self.sentences):
            return (
                self
                if n >= len(self.sentences)
                else replace(self, sentences=self.sentences[:n], scores=self.scores[:n])
            )
        keep = sorted(sorted(range(len(self.sentences)), key=lambda i: -self.scores[i])[:n])
        return replace(
            self, sentences=[self.sentences[i] for i in keep], scores=[self.scores[i] for i in keep]
        )


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched HTTP response body with what is needed to decode it."""

    url: str  # final URL after redirects
    status: int
    content_type: str  # media type without parameters, lower case ("text/html")
    charset: str | None  # charset parameter of Content-Type, if any
    body: bytes
    etag: str | None = None  # validators, for a later conditional GET (feeds)
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The answer to a conditional GET: nothing changed since the validators sent (304)."""
        return self.status == 304


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """What ``summarize_url`` gives the bot: the article and its summary."""

    article: Article
    summary: Summary
    url: str  # the URL the user asked for, after redirects (canonical if the page declares one)
    fetched_url: str


@dataclass(frozen=True, slots=True)
class TextSummary:
    """A pasted or forwarded text read as an article (title found in it, chrome removed) and its summary."""

    article: Article
    summary: Summary

"""Atom feeds an e-portal can show: newly answered concerns and published conclusions, site-wide and per conference.

Feeds are public documents fetched without a session, so they show what an anonymous visitor may read, whoever asks:
public concerns of published conferences, published conclusions, and an anonymous author as "Anonymous".
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from conferences.permissions import get_conference_for_reader
from questions import permissions
from questions.selectors import concerns as selectors
from questions.selectors import followup as followup_selectors

PUBLIC = AnonymousUser()
FEED_LENGTH = 30


def _paragraphs(text: str) -> SafeString:
    """Plain text as HTML paragraphs, escaped first (linebreaks escapes, but does not mark its result safe)."""
    return mark_safe(linebreaks(text, autoescape=True))


class _ConferenceFeed(Feed):
    """A feed of the whole site, or of one published conference when the URL names it."""

    feed_type = Atom1Feed
    title_text = ""
    site_path = ""

    def get_object(self, request, slug: str | None = None):
        return None if slug is None else get_conference_for_reader(PUBLIC, slug)

    def title(self, conference):
        return (
            f"{self.title_text} — {conference.title}" if conference else f"{self.title_text} — {_('Dialogue Portal')}"
        )

    def link(self, conference):
        return conference.get_absolute_url() if conference else reverse("home")

    def feed_url(self, conference):
        if conference is None:
            return reverse(f"feeds:{self.site_path}")
        return reverse(f"conference_questions:feed_{self.site_path}", kwargs={"slug": conference.slug})


class AnswersFeed(_ConferenceFeed):
    site_path = "answers"

    @property
    def title_text(self):
        return _("Newly answered concerns")

    def subtitle(self, conference):
        return _("Concerns of young staff and the leaders' answers on record.")

    def items(self, conference):
        return selectors.answers_for_feed(conference=conference, limit=FEED_LENGTH)

    def item_title(self, question):
        return f"{question.reference}: {question.title}"

    def item_description(self, question):
        answers = format_html_join(
            "",
            "<h3>{}</h3>{}",
            (
                (
                    answer.responder.full_name if answer.responder else _("Answer"),
                    _paragraphs(answer.body),
                )
                for answer in question.answers.all()
            ),
        )
        return format_html("{}<h2>{}</h2>{}", _paragraphs(question.body), _("Answers"), answers)

    def item_author_name(self, question):
        if not permissions.can_see_author(PUBLIC, question) or question.author is None:
            return _("Anonymous")
        return question.author.get_full_name() or question.author.get_username()

    def item_pubdate(self, question):
        return question.last_answered_at

    def item_updateddate(self, question):
        return question.last_answered_at

    def item_categories(self, question):
        return [question.topic.name] if question.topic else []


class ConclusionsFeed(_ConferenceFeed):
    site_path = "conclusions"

    @property
    def title_text(self):
        return _("Published conclusions")

    def subtitle(self, conference):
        return _("The chairs' conclusions of the dialogues and the directives they give the units.")

    def items(self, conference):
        return followup_selectors.published_conclusions(conference=conference)[:FEED_LENGTH]

    def item_title(self, conclusion):
        if conclusion.number:
            return _("Conclusion No. %(number)s — %(conference)s") % {
                "number": conclusion.number,
                "conference": conclusion.conference.title,
            }
        return _("Conclusion — %(conference)s") % {"conference": conclusion.conference.title}

    def item_link(self, conclusion):
        return reverse("conference_questions:conclusion", kwargs={"slug": conclusion.conference.slug})

    def item_description(self, conclusion):
        directives = format_html_join(
            "",
            "<li>{}. {} ({}: {})</li>",
            ((d.order, d.content, _("Lead unit"), d.lead_unit.name) for d in conclusion.directives.all()),
        )
        return format_html("{}<h2>{}</h2><ol>{}</ol>", _paragraphs(conclusion.body), _("Directives"), directives)

    def item_author_name(self, conclusion):
        return conclusion.signed_by.full_name if conclusion.signed_by else None

    def item_pubdate(self, conclusion):
        return timezone.make_aware(dt.datetime.combine(conclusion.issued_on, dt.time(8)))

    def item_updateddate(self, conclusion):
        return self.item_pubdate(conclusion)

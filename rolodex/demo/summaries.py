"""What an interaction in the demo log says: short summaries, as a person writes them."""

from __future__ import annotations

import random

from .people import Person

_TOPICS = ("renewal", "pricing", "the new order", "a demo", "the contract", "next quarter",
           "the proposal", "a referral", "the roll-out", "support issue", "the budget",
           "their reorg", "the trade show", "a reference call", "the pilot", "an invoice")
_DOCS = ("the proposal", "the price list", "slides from the call", "the case study",
         "meeting notes", "the contract draft", "an article", "the spec", "our brochure")
_EVENTS = ("the conference", "CeBIT", "the user group", "the dinner", "the trade show",
           "the workshop", "the webinar", "the board meeting")
_CALL = ("Call about {t}", "Quick call: {t}", "Follow-up call on {t}", "Called re {t}",
         "Phoned: {s} question", "Call: {s} project", "Left a voicemail about {t}")
_EMAIL = ("Re: {t}", "Sent {d}", "Emailed {d} for {t}", "Thanks for {e}", "Intro email: {s}",
          "Re: {s} project", "Answered questions on {t}")
_MEETING = ("Lunch with {f}", "Meeting at {c}: {t}", "Coffee: {t}", "Dinner after {e}",
            "Workshop on {s}", "Met at {e}", "Visit at {c}", "Breakfast meeting: {t}")
_MESSAGE = ("Texted about {t}", "LinkedIn message: {s}", "WhatsApp: {t}", "Message re {t}",
            "Congratulated on the new role")
_NOTE = ("Note: interested in {s}", "Note: {t} next spring", "Note: moved to a new office",
         "Note: prefers calls in the morning", "Note: asked about {s}")
_OTHER = ("Sent a card", "Sent a book on {s}", "Birthday card", "Christmas card",
          "Referred a client to {f}", "Sent flowers", "Recommended on {s}")
TEMPLATES = {"call": _CALL, "email": _EMAIL, "meeting": _MEETING, "message": _MESSAGE,
             "note": _NOTE, "other": _OTHER}

NEWSLETTER = ("what customers asked us this month", "ten lessons from the trade show",
              "pricing changes and new services", "a case study from the field",
              "the year in review", "new team members", "tips for the busy season",
              "an interview with a partner", "our spring seminar programme")
WEBSITE = ("new case study posted", "seminar registration open", "new white paper",
           "updated product pages", "customer portal launch", "video: how we work",
           "job openings", "partner directory update")


def summary(rng: random.Random, kind: str, p: Person, company: str) -> str:
    t = rng.choice(TEMPLATES[kind])
    skill = p.skills[0] if p.skills else "the project"
    first = p.first or p.name
    return t.format(t=rng.choice(_TOPICS), d=rng.choice(_DOCS), e=rng.choice(_EVENTS),
                    s=skill, f=first, c=company or "their office")

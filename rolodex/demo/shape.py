"""The shape of the demo rolodex: the proportions of the CRM in the 2003 article.

These are the generator's *targets* (probabilities, shares, rates). The figures that
``rolodex stats`` prints are counted from the generated rows, never read from here.
"""

from __future__ import annotations

ARTICLE_CONTACTS = 34_257  # contacts since 1991
FIRST_YEAR = 1991
CONFIRMED_SHARE = 25_265 / 34_257  # email, phone and postal address
INDIRECT_SHARE = 0.09  # people known only through someone (known_directly=False)
DEGREE3_OF_INDIRECT = 0.15  # of those, known only through another indirect person
TOP_TIES = 16  # "my 16 closest connections ..."
RING_SHARE = 0.12  # people one hop from the 16
REACH_SHARE = 27_300 / 34_257  # "... give me access to 27,300 people" (within two hops)
KNOWS_PER_CONTACT = 5.0  # 100,000 contacts -> about 500,000 knows-edges

# One-to-many sends, as shares of confirmed contacts.
NEWSLETTER_SHARE = 0.062  # subscribers; one issue a month
WEB_AUDIENCE_SHARE = 0.27  # registered on the website
WEB_SEND_SHARE = 0.058  # one website announcement a month to part of that audience
NEWSLETTER_MONTHS = 36
WEB_MONTHS = 24

# One-to-one touches in a 30-day window at the article's size.
ONE_TO_ONE_30D = {"call": 30, "email": 159, "other": 140, "people": 57}
OTHER_KINDS = (("meeting", 0.35), ("message", 0.40), ("note", 0.10), ("other", 0.15))

CATEGORY_WEIGHTS = (
    ("customer", 0.44), ("vendor", 0.14), ("partner", 0.10), ("past employee", 0.06),
    ("personal", 0.16), ("other", 0.10),
)
CADENCE_SHARE = 300 / 34_257  # contacts with a keep-in-touch cadence
CLOSENESS_SHARE = 0.02  # contacts with a manual closeness (besides the 16)
ENDORSEMENT_SHARE = 0.03
INTRODUCTIONS = 60


def scale(n: int) -> float:
    return n / ARTICLE_CONTACTS


def activity(n: int) -> float:
    """How many one-to-one touches a month, relative to the article: proportional to the
    rolodex, but a small demo still gets a handful of people to look at."""
    return max(scale(n), min(1.0, 8 / ONE_TO_ONE_30D["people"]))

"""What each CSV column means: header name -> role, by name and never by position.

One table serves LinkedIn, Google (current and legacy headers), Outlook (desktop and
outlook.com) and any generic CSV; a few format-specific readings are applied on top.
"""

from __future__ import annotations

import re

_NONWORD = re.compile(r"[\W_]+")


def norm_header(h: str) -> str:
    """'E-mail 2 Address' -> 'email 2 address'; "Assistant's Phone" -> 'assistant s phone';
    letters of any script are kept ('メールアドレス')."""
    h = h.strip().lstrip("\ufeff").lower().replace("e-mail", "email").replace("e mail", "email")
    return _NONWORD.sub(" ", h).strip()


ALIASES: dict[str, tuple] = {}


def _alias(role: tuple, *names: str) -> None:
    for n in names:
        ALIASES[n] = role


_alias(("name",), "name", "full name", "display name", "contact name", "fn", "contact",
       "formatted name")
_alias(("first",), "first name", "given name", "first", "firstname", "forename", "given")
_alias(("middle",), "middle name", "additional name", "middle")
_alias(("last",), "last name", "family name", "surname", "last", "lastname")
_alias(("company",), "company", "organization", "organisation", "org", "employer",
       "company name", "organization name", "organization 1 name")
_alias(("title",), "title", "job title", "position", "role", "occupation", "organization title",
       "organization 1 title", "jobtitle")
_alias(("notes",), "notes", "note", "comments", "comment", "description")
_alias(("tags",), "tags", "tag", "labels", "categories", "groups", "group membership",
       "group")
_alias(("skills",), "skills", "skill", "expertise")
_alias(("address",), "address", "street address", "postal address", "mailing address",
       "full address", "home address", "work address")
_alias(("location",), "location", "city", "town", "office location")
_alias(("url",), "url", "website", "web page", "web", "homepage", "home page", "linkedin",
       "profile", "linkedin url", "profile url", "personal web page", "web site")
_alias(("birthday",), "birthday", "bday", "dob", "birth date", "date of birth", "birthdate")
_alias(("met_on",), "met on", "met", "connected on", "first met", "date met", "connected")
_alias(("uid",), "uid", "external id", "vcard uid")
_alias(("category",), "category", "relationship")
_alias(("closeness",), "closeness")
_alias(("cadence",), "cadence", "cadence days", "keep in touch days")
_alias(("known",), "known directly")
_alias(("email", ""), "email", "email address", "mail", "primary email", "emails")
_alias(("email", "work"), "work email", "business email", "email work")
_alias(("email", "home"), "home email", "personal email", "email home", "private email")
_alias(("phone", ""), "phone", "telephone", "tel", "phone number", "phones", "primary phone")
_alias(("phone", "mobile"), "mobile", "cell", "mobile phone", "cell phone", "mobile number")
_alias(("phone", "work"), "work phone", "business phone", "office phone")
_alias(("phone", "home"), "home phone", "private phone")

# Japanese headers (Excel in Japan saves CSV in Shift_JIS; Outlook's Japanese export).
_alias(("name",), "氏名", "名前", "フルネーム", "表示名")
_alias(("last",), "姓")
_alias(("first",), "名")
_alias(("company",), "会社", "会社名", "勤務先")
_alias(("title",), "役職")
_alias(("notes",), "メモ", "備考")
_alias(("address",), "住所")
_alias(("birthday",), "誕生日")
_alias(("email", ""), "メール", "メールアドレス", "電子メール", "電子メール アドレス",
       "eメール", "eメール アドレス")
_alias(("phone", ""), "電話", "電話番号")
_alias(("phone", "mobile"), "携帯", "携帯電話", "携帯電話番号")
_alias(("phone", "work"), "会社電話", "勤務先電話")
_alias(("phone", "home"), "自宅電話")

# Russian headers (Outlook's export on a Russian Windows, saved in Windows-1251).
_alias(("name",), "полное имя", "фио")
_alias(("first",), "имя")
_alias(("middle",), "отчество")
_alias(("last",), "фамилия")
_alias(("company",), "организация", "компания")
_alias(("title",), "должность")
_alias(("notes",), "заметки", "примечания")
_alias(("tags",), "категории")
_alias(("birthday",), "день рождения")
_alias(("url",), "веб страница")
_alias(("email", ""), "адрес эл почты", "адрес 2 эл почты", "адрес 3 эл почты",
       "электронная почта")
_alias(("ignore",), "тип эл почты", "тип 2 эл почты", "тип 3 эл почты",
       "краткое имя эл почты", "краткое имя 2 эл почты", "краткое имя 3 эл почты")
_alias(("phone", ""), "телефон", "основной телефон", "другой телефон")
_alias(("phone", "mobile"), "мобильный телефон")
_alias(("phone", "work"), "рабочий телефон", "телефон раб 2")
_alias(("phone", "home"), "домашний телефон", "телефон дом 2")
for _where, _kind in (("раб", "business"), ("дом", "home"), ("другой", "other")):
    for _part, _slot in (("улица", "street"), ("город", "city"), ("область", "region"),
                         ("индекс", "code"), ("страна или регион", "country"),
                         ("почтовый ящик", "pobox")):
        _alias(("adr", _kind, _slot), f"{_part} {_where} адрес")

_SLOT = re.compile(r"^(email|phone|website|address|organization) (\d+) ?(.*)$")
_OUTLOOK_ADR = re.compile(
    r"^(business|home|other) (street|street 2|street 3|city|state|postal code|"
    r"country region|country|po box)$")
_OUTLOOK_PHONE = re.compile(
    r"^(business|home|other|mobile|car|primary|company main|assistant s|radio|callback|"
    r"tty tdd|isdn|telex)( phone| fax)?( 2)?$")
_ADR_PARTS = {"formatted": "formatted", "street": "street", "city": "city", "po box": "pobox",
              "region": "region", "postal code": "code", "country": "country",
              "extended address": "extended", "state": "region", "country region": "country",
              "street 2": "street2", "street 3": "street3", "label": "label", "type": "label"}
_PHONE_LABEL = {"business": "work", "home": "home", "other": "other", "mobile": "mobile",
                "car": "car", "primary": "main", "company main": "company main",
                "assistant s": "assistant", "radio": "radio", "callback": "callback",
                "tty tdd": "tty", "isdn": "isdn", "telex": "telex"}


def role_of(fmt: str, header: str) -> tuple | None:
    """The role of one column, or None (kept verbatim in the contact's extra data)."""
    h = norm_header(header)
    if not h:
        return None
    if fmt == "outlook":
        if h == "title":
            return ("extra_as", "Name Prefix")  # Outlook's "Title" is Mr./Ms.; see Job Title
        if re.fullmatch(r"email( \d+)? (type|display name)", h):
            return ("ignore",)
        if h == "pager":
            return ("phone", "pager")
        m = _OUTLOOK_ADR.match(h)
        if m:
            return ("adr", m.group(1), _ADR_PARTS[m.group(2)])
        m = _OUTLOOK_PHONE.match(h)
        if m and (m.group(2) or m.group(1) in ("mobile", "car", "callback", "radio", "telex")):
            label = _PHONE_LABEL[m.group(1)]
            if (m.group(2) or "").strip() == "fax":
                label = f"{label} fax" if label not in ("other",) else "fax"
            return ("phone", label)
    m = _SLOT.match(h)
    if m:
        kind, n, rest = m.group(1), m.group(2), m.group(3).strip()
        if kind in ("email", "phone", "website"):
            if rest in ("", "value", "address"):
                return (f"{kind}_value", n)
            if rest in ("label", "type"):
                return (f"{kind}_label", n)
            return None
        if kind == "address":
            part = _ADR_PARTS.get(rest)
            return ("adr", n, part) if part else None
        if kind == "organization" and n == "1":
            return {"name": ("company",), "title": ("title",)}.get(rest)
        return None
    return ALIASES.get(h)


def find_header(rows_with_lines, fmt: str, scan: int = 60):
    """(index, cells) of the header row: the first that names a person; LinkedIn's export
    opens with a "Notes:" preamble, so up to ``scan`` rows are looked at."""
    for i, (_line, cells) in enumerate(rows_with_lines[:scan]):
        if not any(c.strip() for c in cells):
            continue
        roles = {(role_of(fmt, c) or ("",))[0] for c in cells}
        if roles & {"name", "first", "last"}:
            return i, cells
        if fmt != "linkedin" and roles & {"email", "email_value", "company"}:
            return i, cells
    return None

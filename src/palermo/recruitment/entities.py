"""What an ad names: phones, e-mails, web addresses, messaging handles, money, places, agencies.

``scan.extract_entities`` reads one text; the batch scan (``palermo.recruitment.scan``)
finds the same entities for many texts at once and hands each row to
:func:`entities_from_scan`, so that a single ad and a feed give the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from palermo.recruitment.money import Money, parse_money
from palermo.recruitment.phones import Phone, parse_phone
from palermo.recruitment.places import Place

_AT = re.compile(r"\s?(?:\(at\)|\[at\]|\{at\})\s?|\s(?:at|arobase)\s", re.IGNORECASE)
_DOT = re.compile(r"\s?(?:\(dot\)|\[dot\]|\{dot\})\s?|\s(?:dot|point)\s", re.IGNORECASE)
APP_NAMES = {
    "whatsapp": "WhatsApp",
    "watsapp": "WhatsApp",
    "wa": "WhatsApp",
    "telegram": "Telegram",
    "viber": "Viber",
    "signal": "Signal",
    "wechat": "WeChat",
    "imo": "imo",
    "lineid": "LINE",
    "skype": "Skype",
    "snapchat": "Snapchat",
    "kik": "Kik",
}
# Apps through which a recruiter can be reached only by chat (not a web presence).
CHAT_APPS = frozenset({"WhatsApp", "Telegram", "Viber", "Signal", "WeChat", "imo", "LINE", "Kik"})


@dataclass(frozen=True)
class Email:
    address: str  # normalised: lower case, "at"/"dot" written as @ and .
    raw: str
    obfuscated: bool


@dataclass(frozen=True)
class Handle:
    app: str
    handle: str  # lower case, without @
    raw: str


@dataclass(frozen=True)
class Entities:
    phones: tuple[Phone, ...] = ()
    emails: tuple[Email, ...] = ()
    urls: tuple[str, ...] = ()
    handles: tuple[Handle, ...] = ()
    apps: tuple[str, ...] = ()  # messaging apps named
    money: tuple[Money, ...] = ()
    places: tuple[Place, ...] = ()
    agencies: tuple[str, ...] = ()

    def keys(self) -> tuple[str, ...]:
        """Contact keys that tie ads together: ``phone:+33...``, ``email:...``, ``handle:...``."""
        keys = [f"phone:{p.number}" for p in self.phones]
        keys += [f"email:{e.address}" for e in self.emails]
        keys += [f"handle:{h.app.lower()}:{h.handle}" for h in self.handles]
        return tuple(dict.fromkeys(keys))

    def to_dict(self) -> dict[str, object]:
        return {
            "phones": [
                {"number": p.number, "raw": p.raw, "obfuscated": p.obfuscated} for p in self.phones
            ],
            "emails": [
                {"address": e.address, "raw": e.raw, "obfuscated": e.obfuscated}
                for e in self.emails
            ],
            "urls": list(self.urls),
            "handles": [{"app": h.app, "handle": h.handle} for h in self.handles],
            "apps": list(self.apps),
            "money": [
                {"amount": m.amount, "currency": m.currency, "period": m.period, "raw": m.raw}
                for m in self.money
            ],
            "places": [{"name": p.name, "country": p.country, "kind": p.kind} for p in self.places],
            "agencies": list(self.agencies),
        }


def parse_email(raw: str) -> Email:
    address = _DOT.sub(".", _AT.sub("@", raw.strip()))
    address = re.sub(r"\s+", "", address).lower()
    return Email(address, raw.strip(), address != raw.strip().lower())


def _app(raw: str) -> str:
    key = re.sub(r"\s+", "", raw.lower())
    return APP_NAMES.get(key, key)


def parse_handle(raw: str) -> Handle | None:
    text = raw.strip()
    if text.lower().startswith("t.me/"):
        return Handle("Telegram", text[5:].lower(), text)
    name = text.rsplit("@", 1)[-1].rstrip(".").lower()
    app_word = text.split("@", 1)[0].strip(" :-\t").split()
    app = _app(app_word[0]) if app_word else "unknown"
    app = {
        "tg": "Telegram",
        "insta": "Instagram",
        "instagram": "Instagram",
        "snap": "Snapchat",
    }.get(app.lower(), app)
    return Handle(app, name, text) if len(name) >= 3 else None


@dataclass(frozen=True)
class RawEntities:
    """What the patterns found in one text, before it is read."""

    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    money: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()


def entities_from_scan(raw: RawEntities, *, region: str | None, places: list[Place]) -> Entities:
    emails = tuple({e.address: e for e in map(parse_email, raw.emails)}.values())
    domains = {e.address.split("@", 1)[1] for e in emails}
    local_parts = {e.address.split("@", 1)[0] for e in emails}
    urls = tuple(dict.fromkeys(u for u in raw.urls if u.lower().rstrip("/") not in domains))
    phones: dict[str, Phone] = {}
    for run in raw.phones:
        phone = parse_phone(run, region)
        if phone is not None and phone.number not in phones:
            phones[phone.number] = phone
    handles: dict[tuple[str, str], Handle] = {}
    for text in raw.handles + tuple(u for u in urls if u.lower().startswith("t.me/")):
        handle = parse_handle(text)
        if (
            handle is not None
            and handle.handle not in local_parts
            and not any(d.startswith(handle.handle) for d in domains)
        ):
            handles.setdefault((handle.app, handle.handle), handle)
    money = tuple(m for m in map(parse_money, raw.money) if m is not None)
    return Entities(
        phones=tuple(phones.values()),
        emails=emails,
        urls=urls,
        handles=tuple(handles.values()),
        apps=tuple(dict.fromkeys(_app(a) for a in raw.apps)),
        money=money,
        places=tuple(places),
        agencies=tuple(dict.fromkeys(a.strip() for a in raw.agencies)),
    )

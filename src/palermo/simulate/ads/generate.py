"""The feed: benign ads, ads of planted networks and of decoy agencies, in random order.

:func:`iter_ads` yields the feed in chunks of plain dicts (bounded memory for a
million ads); the same spec gives the same feed. Each ad row has ``ad_id, site,
country, city, posted_on, text, contract``; each truth row ``ad_id, kind, profile,
network_id, template_id, language, planted_flags``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from palermo.recruitment.catalogue import going_rates
from palermo.simulate.ads import adwords
from palermo.simulate.ads.benign import BENIGN_KINDS, benign_sections, distinct
from palermo.simulate.ads.compose import (
    FIXED,
    Sentence,
    Writer,
    contract_text,
    derived_truth,
    going_eur,
    pay_text,
    render,
    sentence,
)
from palermo.simulate.ads.contactgen import write_email
from palermo.simulate.ads.plan import (
    AdsSpec,
    Poster,
    ensure_registry_countries,
    plan_decoy,
    plan_network,
)

DROP = 0.12  # chance that an optional sentence of a template is left out of one ad
START = dt.date(2026, 1, 1)


@dataclass
class Feed:
    spec: AdsSpec
    posters: list[Poster]
    registry: list[dict[str, Any]]
    order: list[int]  # poster index per ad, -1 for a benign ad


def _sizes(rng: random.Random, total: int, mean: int) -> list[int]:
    sizes: list[int] = []
    mu = math.log(mean) - 0.5
    while sum(sizes) < total:
        sizes.append(max(2, min(20 * mean, int(rng.lognormvariate(mu, 1.0)))))
    overshoot = sum(sizes) - total
    while overshoot > 0 and sizes:
        cut = min(overshoot, sizes[-1])
        sizes[-1] -= cut
        overshoot -= cut
        if sizes[-1] < 2:
            extra = sizes.pop()
            if sizes:
                sizes[-1] += extra
            elif extra:
                sizes.append(extra)
    return [s for s in sizes if s > 0]


def plan_feed(spec: AdsSpec, writer: Writer) -> Feed:
    rng = writer.rng
    n_net = round(spec.n * spec.network_share)
    n_dec = round(spec.n * spec.decoy_share)
    registry: list[dict[str, Any]] = []
    posters: list[Poster] = []
    order: list[int] = []
    for kind, total, mean in (
        ("network", n_net, spec.mean_network_size),
        ("decoy", n_dec, spec.mean_decoy_size),
    ):
        for size in _sizes(rng, total, mean):
            lang = "fr" if rng.random() < spec.french_share else "en"
            planner = plan_network if kind == "network" else plan_decoy
            poster = planner(rng, len(posters) + 1, lang, registry)
            poster.phones = [writer.phones.new(poster.home[1]) for _ in range(rng.randint(1, 3))]
            own = writer.slots(lang, None, poster.dests[0], poster.home)
            poster.tasks = own["tasks"]
            poster.signature = {k: own[k] for k in ("fname", "year", "n_staff")}
            order += [len(posters)] * size
            posters.append(poster)
    ensure_registry_countries(rng, registry)
    order += [-1] * (spec.n - len(order))
    rng.shuffle(order)
    return Feed(spec, posters, registry, order)


def _templates(poster: Poster, rng: random.Random) -> list[list[Sentence]]:
    contact = {
        "chat_only": ["contact_chat_only"],
        "chat": ["contact_chat"],
        "phone": ["contact_phone"],
        "email": ["contact_email"],
        "full": ["contact_email", "contact_web", "contact_phone"],
    }[poster.contact]
    if poster.handle:
        contact = contact + ["contact_handle"]
    first = [sentence(s, poster.lang, rng) for s in poster.sections + contact]
    templates = [first]
    if rng.random() < 0.4:  # a rewrite: some sentences said another way, contacts kept
        second = list(first)
        for i in rng.sample(range(len(second)), k=min(2, len(second))):
            second[i] = sentence(second[i].section, poster.lang, rng)
        templates.append(second)
    return templates


class Generator:
    def __init__(self, spec: AdsSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.writer = Writer(self.rng)
        self.feed = plan_feed(spec, self.writer)
        self.templates: dict[int, list[list[Sentence]]] = {}
        self.factor = going_rates().factor

    def _pay(
        self,
        slots: dict[str, str],
        job: str | None,
        dest: tuple[str, str],
        lang: str,
        multiplier: float,
        target: float | None = None,
    ) -> tuple[float, float | None]:
        going = going_eur(dest[1], job)
        monthly = target if target is not None else multiplier * (going or 1500.0)
        text, true_eur = pay_text(
            monthly, dest[1], lang, self.rng, hourly_ok=job is not None and target is None
        )
        slots["pay"] = text
        return true_eur, going

    def poster_ad(self, index: int, ad_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng
        poster = self.feed.posters[index]
        if index not in self.templates:
            self.templates[index] = _templates(
                poster, random.Random(f"{self.spec.seed}:{poster.id}")
            )
        t = rng.randrange(len(self.templates[index]))
        sentences = [
            s
            for s in self.templates[index][t]
            if s.section in FIXED or s.section.startswith("contact") or rng.random() > DROP
        ]
        post = rng.choice(poster.posting)
        dest = rng.choice(poster.dests)
        slots = self.writer.slots(poster.lang, poster.job, dest, post)
        phone, obscured = self.writer.phone(
            rng.choice(poster.phones), post[1], poster.lang, rng.random() < poster.obfuscation
        )
        slots.update(
            phone=phone,
            age_lo=str(poster.age[0]),
            age_hi=str(poster.age[1]),
            fee=poster.fee,
            tasks=poster.tasks,
            company=poster.company,
            legal=poster.legal,
            agency=poster.agency or "",
            licence=poster.licence or "",
            url=poster.url or "",
            handle=poster.handle or "",
            address=adwords.address(rng, poster.lang, dest[0]),
            email=write_email(*poster.email, poster.email_obfuscated, poster.lang, rng)
            if poster.email
            else "",
            **poster.signature,
        )
        true_eur, going = self._pay(
            slots, poster.job, dest, poster.lang, poster.pay_multiplier * rng.uniform(0.95, 1.05)
        )
        has_pay = any(s.section == "pay" for s in sentences)
        text = render(sentences, slots)
        flags = derived_truth(
            sentences,
            text,
            obscured=obscured and any("[phone]" in s.text for s in sentences),
            has_email=any("[email]" in s.text for s in sentences),
            has_web=any("[url]" in s.text for s in sentences),
            pay_flag=has_pay and going is not None and true_eur >= self.factor * going,
        )
        sections = {s.section for s in sentences}
        if poster.kind == "network" and sections & {"cite_agency", "licence"}:
            flags.add("unlicensed_agency")
        contract = None
        if poster.job in adwords.JOBS[poster.lang] and rng.random() < self.spec.contract_share:
            contract, planted = self._contract(
                poster, dest, true_eur, slots["pay"] if has_pay else None
            )
            flags |= planted
        ad = self._row(ad_id, rng.choice(poster.sites), post, text, contract)
        truth = {
            "ad_id": ad_id,
            "kind": poster.kind,
            "profile": poster.profile,
            "network_id": poster.id,
            "template_id": f"{poster.id}-T{t + 1}",
            "language": poster.lang,
            "planted_flags": ";".join(sorted(flags)),
        }
        return ad, truth

    def _contract(
        self, poster: Poster, dest: tuple[str, str], ad_eur: float, ad_pay: str | None
    ) -> tuple[str, set[str]]:
        rng = self.rng
        job, work, eur, planted = poster.job or "hospitality", dest, ad_eur, set()
        if poster.kind == "network" and rng.random() < 0.5:
            switch = rng.choice(["job", "country", "pay"] if ad_pay else ["job", "country"])
            if switch == "job":
                job = rng.choice([j for j in adwords.JOBS[poster.lang] if j != job])
            elif switch == "country":
                work = rng.choice([d for d in adwords.DESTINATIONS[poster.lang] if d[1] != dest[1]])
            else:
                eur = ad_eur * 0.5
            planted.add("bait_and_switch")
        pay, _ = (
            pay_text(eur, work[1], poster.lang, rng, hourly_ok=False)
            if eur != ad_eur or not ad_pay
            else (ad_pay, eur)
        )
        clauses_poster = (
            poster
            if poster.kind == "network"
            else Poster(**{**poster.__dict__, "contract_clauses": []})
        )
        company = f"{adwords.brand(rng)} {rng.choice(adwords.LEGAL[poster.lang])}"
        text, clause_flags = contract_text(
            clauses_poster, poster.lang, rng, job, work, pay, company
        )
        return text, planted | clause_flags

    def _row(
        self, ad_id: str, site: str, post: tuple[str, str], text: str, contract: str | None
    ) -> dict[str, Any]:
        day = START + dt.timedelta(days=self.rng.randrange(365))
        return {
            "ad_id": ad_id,
            "site": site,
            "country": post[1],
            "city": post[0],
            "posted_on": day.isoformat(),
            "text": text,
            "contract": contract,
        }

    def benign_ad(self, ad_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng
        lang = "fr" if rng.random() < self.spec.french_share else "en"
        kind = rng.choices(list(BENIGN_KINDS), weights=list(BENIGN_KINDS.values()))[0]
        post = rng.choice(adwords.POSTING[lang])
        dest = rng.choice(adwords.DESTINATIONS[lang])
        job = (
            rng.choice(list(adwords.JOBS[lang]))
            if kind == "job"
            else ("domestic" if kind == "au_pair" else None)
        )
        if job == "entertainment":
            job = "hospitality"
        names = benign_sections(kind, rng)
        sentences = distinct(names, lang, rng)
        slots = self.writer.slots(lang, job, dest, post)
        brand = adwords.brand(rng)
        domain = f"{brand.lower()}-{rng.randrange(16**6):06x}.com"
        phone, _ = self.writer.phone(self.writer.phones.new(post[1]), post[1], lang, False)
        slots.update(
            phone=phone,
            company=brand,
            legal=rng.choice(adwords.LEGAL[lang]),
            agency="",
            licence="",
            address=adwords.address(rng, lang, dest[0]),
            url=f"www.{domain}",
            handle="",
            email=write_email(
                rng.choice(["jobs", "contact", "info", "rh"]), domain, False, lang, rng
            ),
        )
        pocket_money = rng.uniform(300, 450) if kind == "au_pair" else None
        true_eur, going = self._pay(slots, job, dest, lang, rng.uniform(0.8, 1.5), pocket_money)
        text = render(sentences, slots)
        has_pay = any("[pay]" in s.text for s in sentences)
        flags = derived_truth(
            sentences,
            text,
            obscured=False,
            has_email=any("[email]" in s.text for s in sentences),
            has_web=any("[url]" in s.text for s in sentences),
            pay_flag=has_pay and going is not None and true_eur >= self.factor * going,
        )
        contract = None
        if kind == "job" and rng.random() < self.spec.contract_share / 5:
            company = f"{slots['company']} {slots['legal']}"
            contract, planted = contract_text(
                Poster(
                    id="",
                    kind="benign",
                    lang=lang,
                    profile="job",
                    job=job,
                    home=post,
                    posting=[],
                    sites=[],
                    dests=[],
                    sections=[],
                ),
                lang,
                rng,
                job or "hospitality",
                dest,
                slots["pay"],
                company,
            )
            flags |= planted
        ad = self._row(ad_id, rng.choice(adwords.SITES), post, text, contract)
        truth = {
            "ad_id": ad_id,
            "kind": "benign",
            "profile": kind,
            "network_id": "",
            "template_id": "",
            "language": lang,
            "planted_flags": ";".join(sorted(flags)),
        }
        return ad, truth


Chunk = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def iter_ads(spec: AdsSpec, *, chunk_size: int = 50_000) -> Iterator[Chunk]:
    """The feed in chunks of (ad rows, truth rows)."""
    return chunks(Generator(spec), chunk_size)


def chunks(gen: Generator, chunk_size: int) -> Iterator[Chunk]:
    ads: list[dict[str, Any]] = []
    truth: list[dict[str, Any]] = []
    for i, poster in enumerate(gen.feed.order):
        ad_id = f"ad{i + 1:07d}"
        ad, row = gen.poster_ad(poster, ad_id) if poster >= 0 else gen.benign_ad(ad_id)
        ads.append(ad)
        truth.append(row)
        if len(ads) == chunk_size:
            yield ads, truth
            ads, truth = [], []
    if ads:
        yield ads, truth


def registry_of(spec: AdsSpec) -> list[dict[str, Any]]:
    """The registry of monitored agencies that goes with the feed of ``spec``."""
    return Generator(spec).feed.registry

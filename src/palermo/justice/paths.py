"""Each person's path through the justice process: how far they got, and why no further.

The funnel and the GLOTIP tables count these paths; the rules are written once, here.

**Which records count.** Only events on or before ``as_of`` (all, when None). A charge
counts when its offence is one of ``offences``; an investigation counts when it was
opened by ``as_of`` and either investigates one of ``offences`` or led to a counted
charge. With ``agency_id``, a suspect's path is made of that agency's investigations
(and the proceedings that came of them) only.

**Victim stages** (a victim is counted at every stage up to the furthest reached, so
the funnel can never increase): *identified*; *investigation*: named as a victim in a
counted investigation, or in a counted charge; *prosecution*: named as a victim in a
counted charge; *conviction*: named as a victim in a counted charge on which a
conviction was pronounced (at first instance, or on appeal against an acquittal).

**Suspect stages**: *suspected*: named as a suspect in a counted investigation;
*prosecuted*: defendant on a counted charge; *convicted*: convicted on a counted charge.

**Pending or dropped out.** A victim who has not reached *conviction* is *pending* when
something at the furthest stage is still open on ``as_of`` (an open investigation, a
charge without verdict, an appeal undecided or a retrial ordered); otherwise they
dropped out, and the reason is the one recorded where it stopped: the victim's
``not_reported_reason`` (identified), the last-closed investigation's
``drop_out_reason`` (investigation; *reclassified* when the victim is only named in
charges of other offences), or for a prosecution the charge's ``drop_out_reason``,
else the victim's withdrawal reason in that proceeding, else the verdict itself
(acquitted, dismissed, withdrawn). *Reason not recorded* when there is none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from palermo.justice.dataset import JusticeDataset
from palermo.justice.records import Investigation, SuspectRef, VictimRef
from palermo.justice.trial import Charge, Proceeding
from palermo.vocab.justice import AppealOutcome, DropOutReason, Offence, SuspectStage, VictimStage

_VERDICT_REASON = {
    "acquitted": DropOutReason.acquitted,
    "dismissed": DropOutReason.dismissed,
    "withdrawn": DropOutReason.charges_withdrawn,
}


@dataclass(frozen=True)
class VictimPath:
    victim: VictimRef
    stage: VictimStage
    pending: bool
    reason: DropOutReason | None  # None when pending or convicted
    first_verdict_on: date | None
    investigations: tuple[Investigation, ...] = field(repr=False)


@dataclass(frozen=True)
class SuspectPath:
    suspect: SuspectRef
    stage: SuspectStage
    first_contact_on: date  # opening of the first counted investigation
    prosecuted_on: tuple[date, ...]  # dates of counted charges, first to last
    convicted_on: tuple[date, ...]  # dates of convictions, first to last
    first_verdict_on: date | None
    overturned: bool  # a conviction was overturned on appeal
    investigations: tuple[Investigation, ...] = field(repr=False)


@dataclass(frozen=True)
class PathScope:
    """Which records count (see the module docstring)."""

    offences: frozenset[Offence]
    as_of: date | None = None
    agency_id: str | None = None


class _Counted:
    """The records that count under one scope, indexed by person."""

    def __init__(self, data: JusticeDataset, scope: PathScope) -> None:
        on = scope.as_of
        self.charges_of_victim: dict[str, list[tuple[Charge, Proceeding]]] = defaultdict(list)
        self.other_charges_of_victim: set[str] = set()
        self.convicted_victims: set[str] = set()
        self.proceedings_of_suspect: dict[str, list[Proceeding]] = defaultdict(list)
        led_to_charge: set[str] = set()
        for proc in data.proceedings:
            counted = proc.counted(scope.offences, on)
            kept = {id(charge) for charge in counted}
            for charge in proc.charges:
                if id(charge) not in kept and (on is None or charge.charged_on <= on):
                    self.other_charges_of_victim.update(charge.victim_ids)
            if not counted:
                continue
            led_to_charge.add(proc.investigation_id)
            self.proceedings_of_suspect[proc.defendant_id].append(proc)
            for charge in counted:
                for victim_id in charge.victim_ids:
                    self.charges_of_victim[victim_id].append((charge, proc))
            for conviction in proc.convictions(scope.offences, on):
                self.convicted_victims.update(conviction.charge.victim_ids)
        self.investigations_of_victim: dict[str, list[Investigation]] = defaultdict(list)
        self.investigations_of_suspect: dict[str, list[Investigation]] = defaultdict(list)
        for inv in data.investigations:
            opened = on is None or inv.opened_on <= on
            relevant = (
                bool(set(inv.offences) & scope.offences) or inv.investigation_id in led_to_charge
            )
            if not (opened and relevant):
                continue
            for victim_id in inv.victim_ids:
                self.investigations_of_victim[victim_id].append(inv)
            if scope.agency_id is None or inv.agency_id == scope.agency_id:
                for suspect_id in inv.suspect_ids:
                    self.investigations_of_suspect[suspect_id].append(inv)


def victim_paths(data: JusticeDataset, scope: PathScope) -> list[VictimPath]:
    """The path of every victim the dataset holds (identified by ``as_of``)."""
    counted = _Counted(data, scope)
    on = scope.as_of
    paths = []
    participation = {(p.proceeding_id, p.victim_id): p for p in data.participations}
    for victim in data.victims:
        if on is not None and victim.identified_on > on:
            continue
        vid = victim.victim_id
        invs = tuple(counted.investigations_of_victim.get(vid, ()))
        charges = counted.charges_of_victim.get(vid, [])
        verdicts = [c.verdict_on for c, _ in charges if c.decided_by(on)]
        first_verdict = min(verdicts) if verdicts else None  # type: ignore[type-var]
        reason: DropOutReason | None = None
        pending = False
        if vid in counted.convicted_victims:
            stage = VictimStage.conviction
        elif charges:
            stage = VictimStage.prosecution
            pending = any(
                not c.decided_by(on) or p.appeal_pending(on) or _retrial(p, on) for c, p in charges
            )
            if not pending:
                charge, proc = max(charges, key=lambda cp: cp[0].verdict_on)  # type: ignore[arg-type, return-value]
                part = participation.get((proc.proceeding_id, vid))
                reason = (
                    charge.drop_out_reason
                    or (part.withdrawal_reason if part else None)
                    or _VERDICT_REASON.get(str(charge.verdict), DropOutReason.not_recorded)
                )
        elif invs:
            stage = VictimStage.investigation
            pending = any(inv.is_open(on) for inv in invs)
            if not pending:
                last = max(invs, key=lambda inv: inv.closed_on)  # type: ignore[arg-type, return-value]
                if vid in counted.other_charges_of_victim:
                    reason = DropOutReason.reclassified
                else:
                    reason = last.drop_out_reason or DropOutReason.not_recorded
        else:
            stage = VictimStage.identified
            reason = victim.not_reported_reason or DropOutReason.not_recorded
        paths.append(VictimPath(victim, stage, pending, reason, first_verdict, invs))
    return paths


def suspect_paths(data: JusticeDataset, scope: PathScope) -> list[SuspectPath]:
    """The path of every person named as a suspect in a counted investigation."""
    counted = _Counted(data, scope)
    on = scope.as_of
    paths = []
    for suspect in data.suspects:
        sid = suspect.suspect_id
        invs = counted.investigations_of_suspect.get(sid, [])
        if not invs:
            continue
        mine = {inv.investigation_id for inv in invs}
        procs = [
            p for p in counted.proceedings_of_suspect.get(sid, []) if p.investigation_id in mine
        ]
        charged = sorted(c.charged_on for p in procs for c in p.counted(scope.offences, on))
        convicted = sorted(cv.on for p in procs for cv in p.convictions(scope.offences, on))
        verdicts = [
            c.verdict_on for p in procs for c in p.counted(scope.offences, on) if c.decided_by(on)
        ]
        stage = (
            SuspectStage.convicted
            if convicted
            else SuspectStage.prosecuted
            if charged
            else SuspectStage.suspected
        )
        paths.append(
            SuspectPath(
                suspect=suspect,
                stage=stage,
                first_contact_on=min(inv.opened_on for inv in invs),
                prosecuted_on=tuple(charged),
                convicted_on=tuple(convicted),
                first_verdict_on=min(verdicts) if verdicts else None,  # type: ignore[type-var]
                overturned=bool(convicted) and any(p.overturned(on) for p in procs),
                investigations=tuple(invs),
            )
        )
    return paths


def _retrial(proc: Proceeding, on: date | None) -> bool:
    decided = [a for a in proc.appeals if a.decided_by(on)]
    return bool(decided) and decided[-1].outcome == AppealOutcome.retrial_ordered

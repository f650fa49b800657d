"""Trial monitors see the public course of a trial and nothing personal; work queues."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from palermo.justice import JusticeDataset
from palermo.justice.monitoring import hearings_due, overdue_compensation, public_trial_view
from palermo.vocab.justice import HearingOutcome

D = date.fromisoformat


def test_public_view_keeps_the_course_of_the_trial(handmade: JusticeDataset) -> None:
    view = public_trial_view(handmade.proceeding_by_id["P2"])
    assert (view.court, view.court_case_number, view.stage.code) == (
        "Crown Court at Example",
        "T20227001",
        "final",
    )
    assert [(h.on, h.outcome, h.in_camera) for h in view.hearings] == [
        (D("2022-11-14"), HearingOutcome.held, False),
        (D("2023-03-01"), HearingOutcome.verdict, False),
        (D("2023-06-05"), None, True),  # in camera: date only, not the adjournment's reason
        (D("2023-10-02"), None, False),
    ]
    assert [(c.offence.code, c.verdict.code if c.verdict else None) for c in view.charges] == [
        ("trafficking_in_persons", "acquitted")
    ]
    assert view.appeals[0].outcome == "acquittal_overturned"


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list | tuple):
        return {k for v in value for k in _keys(v)}
    return set()


def test_public_view_holds_nothing_personal(handmade: JusticeDataset) -> None:
    allowed = {
        "court", "court_case_number", "stage", "charges", "offence", "article", "verdict",
        "verdict_on", "hearings", "on", "outcome", "in_camera", "appeals", "lodged_on",
        "decided_on",
    }  # fmt: skip
    for proc in handmade.proceedings:
        view = asdict(public_trial_view(proc))
        assert _keys(view) <= allowed
        text = repr(view)
        for value in (proc.defendant_id, proc.proceeding_id, proc.investigation_id):
            assert f"'{value}'" not in text
        for charge in proc.charges:
            assert all(f"'{v}'" not in text for v in charge.victim_ids)


def test_hearings_due_with_their_witnesses(handmade: JusticeDataset) -> None:
    due = hearings_due(handmade, start=D("2023-09-28"), days=7)
    assert [(d.proceeding.proceeding_id, d.hearing.on) for d in due] == [("P2", D("2023-10-02"))]
    assert [w.victim_id for w in due[0].witnesses] == ["V3"]
    assert hearings_due(handmade, start=D("2023-10-03")) == []
    assert hearings_due(handmade, start=D("2022-11-14")) == []  # held already


def test_overdue_compensation(handmade: JusticeDataset) -> None:
    overdue = overdue_compensation(handmade, today=D("2023-06-30"), after_days=180)
    assert [c.compensation_id for c in overdue] == ["K1", "K2"]  # K3 was paid in full
    assert overdue_compensation(handmade, today=D("2022-09-30")) == []  # too recent

from datetime import date

from palermo.simulate import WorldSpec, iter_agency_records
from palermo.simulate.casework import plan_casework

TODAY = date(2024, 6, 30)


def _records() -> list[dict]:
    spec = WorldSpec(victims=800, seed=5, years=(2019, 2024))
    return [r for chunk in iter_agency_records(spec) for r in chunk]


def test_same_record_same_casework_in_any_order() -> None:
    records = _records()
    first = [plan_casework(r, seed=5, today=TODAY, agency_kind="police") for r in records]
    again = {
        r["record_id"]: plan_casework(r, seed=5, today=TODAY, agency_kind="police")
        for r in reversed(records)
    }
    assert first == [again[r["record_id"]] for r in records]
    other_seed = [plan_casework(r, seed=6, today=TODAY, agency_kind="police") for r in records]
    assert other_seed != first


def test_casework_is_consistent_and_never_in_the_future() -> None:
    states: set[str] = set()
    for record in _records():
        work = plan_casework(record, seed=5, today=TODAY, agency_kind="police")
        consented = {c.purpose for c in work.consents if c.withdrawn_on is None}
        if work.referrals:
            assert "referral" in consented
        for ref in work.referrals:
            states.add(ref.state)
            assert ref.sent_on <= TODAY
            assert ref.answered_on is None or ref.sent_on <= ref.answered_on <= TODAY
            assert (ref.delivered_on is not None) == (ref.state == "done")
        stages = [d.stage for d in work.decisions]
        if "conclusive_grounds" in stages:
            assert work.decisions[0].stage == "reasonable_grounds"
            assert work.decisions[0].result == "positive"
            assert work.decisions[0].decided_on < work.decisions[1].decided_on <= TODAY
        for consent in work.consents:
            assert consent.given_on <= TODAY
    assert {"in_progress", "accepted", "rejected", "done"} <= states

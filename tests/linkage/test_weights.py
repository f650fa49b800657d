"""Name-frequency (u-probability) weights, place conflicts, requester gender, one-way requests."""

from __future__ import annotations

from palermo.linkage import (
    NameFrequencies,
    PersonDescription,
    TracingSpec,
    compare,
    compare_requests,
)

P = PersonDescription


def _register(smiths: int, others: int) -> NameFrequencies:
    people = [P(f"Given{i}", "Smith") for i in range(smiths)]
    people += [P("James", f"Family{i}") for i in range(smiths)]
    people += [P(f"G{i}", f"F{i}") for i in range(others)]
    people.append(P("Ieuan", "Prydderch"))
    return NameFrequencies.of(people)


def test_common_names_count_less_than_rare_ones() -> None:
    freq = _register(smiths=200, others=800)
    # 200 Smiths and 200 Jameses among 1,401 people: ~29 James Smiths expected by chance.
    assert freq.namesake_bits("James", "Smith") < -4
    assert freq.namesake_bits("Ieuan", "Prydderch") > 0
    common = compare(P("James", "Smith", 1990), P("James", "Smith", 1990), freq)
    rare = compare(P("Ieuan", "Prydderch", 1990), P("Ieuan", "Prydderch", 1990), freq)
    plain = compare(P("James", "Smith", 1990), P("James", "Smith", 1990))
    assert common.score < rare.score == plain.score
    assert "Namesakes are common in the records searched" in common.reasons
    # A family name alone is shared by many more people than a full name.
    alone = compare(P(None, "Smith", 1990), P("James", "Smith", 1990), freq)
    assert alone.score < common.score


def test_swapped_register_names_are_counted_either_way() -> None:
    freq = _register(smiths=200, others=800)
    assert freq.namesake_bits("Smith", "James") == freq.namesake_bits("James", "Smith")


def test_places_known_on_both_sides_and_none_in_common_take_a_little_away() -> None:
    a = P("Emma", "Taylor", 1990, "female", ("Leeds",))
    same = compare(a, P("Emma", "Taylor", 1992, "female", ("Leeds",)))
    unknown = compare(a, P("Emma", "Taylor", 1992, "female"))
    other = compare(a, P("Emma", "Taylor", 1992, "female", ("London",)))
    assert same.score > unknown.score > other.score > 0.85
    assert "No place in common" in other.reasons


def test_gender_unknown_is_neutral_and_a_mismatch_drops_below_threshold() -> None:
    a = P("Emma", "Taylor", 1990)
    assert compare(a, P("Emma", "Taylor", 1990, "female")).score == 1.0
    assert (
        compare(P("Emma", "Taylor", 1990, "female"), P("Emma", "Taylor", 1990, "male")).score < 0.7
    )


def test_the_other_request_seeking_someone_else_does_not_refute() -> None:
    # Guadalupe seeks her sister Daniela; Santiago seeks Guadalupe: a true meeting.
    mine = TracingSpec(
        "a",
        P("Lupe", "García López", 1999, "female"),
        "sibling",
        P("Santiago", "García López", 2007, "male"),
    )
    theirs = TracingSpec(
        "b",
        P("Daniela", "García López", None, "female"),
        "sibling",
        P("Guadalupe", "García López", 1999, "female"),
    )
    one_way = compare_requests(mine, theirs)
    there = compare(P("Lupe", "García López", 1999, "female"), theirs.requester)
    assert one_way is not None and one_way.score >= there.score
    assert "The other request seeks a person like this requester" not in one_way.reasons


def test_different_countries_of_origin_count_against() -> None:
    a = P("Emma", "Taylor", 1990, "female", country="GB")
    same = compare(a, P("Emma", "Taylor", 1990, "female", country="GB"))
    unknown = compare(a, P("Emma", "Taylor", 1990, "female"))
    other = compare(a, P("Emma", "Taylor", 1990, "female", country="IE"))
    assert same.score >= unknown.score > other.score
    assert "Country of origin differs" in other.reasons
    assert unknown.score - other.score >= 0.1

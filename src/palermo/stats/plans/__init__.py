"""National action plan monitoring (§26, 36 of the conference's resolution).

A plan has objectives; an objective has measures (responsible agency, budget, start,
end); a measure has indicators with a baseline, a target and a value per period. An
indicator is computed from Palermo's data by a named, versioned query
(:mod:`.queries`) or entered by hand with its source. Each measure gets a status per
period (:mod:`.status`) and each period an evaluation report (:mod:`.report`).
"""

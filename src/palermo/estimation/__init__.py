"""Know: multiple systems estimation of the hidden number of victims.

Poisson log-linear models on the table of capture histories (people seen on each
combination of lists), with the model choices and intervals of the published
reference implementations (SparseMSE, MultipleSystemsEstimation, Rcapture via
modslavmse). Works on plain data: no database, no web layer, usable from a notebook::

    from palermo.estimation import EstimateSpec, estimate, read_capture_data
    data = read_capture_data("NewOrl.csv")
    result = estimate(data, EstimateSpec(method="stepwise", ci="bca", boot=1000, seed=1))
    result.estimate, result.lower, result.upper, result.model

Long runs (a BIC bootstrap over thousands of models) can be planned first:
``p = plan(data, spec)``; ``p.describe()`` says about how long the run will take, and
``estimate(data, spec, plan=p)`` reuses the work done while planning.
"""

from palermo.estimation.api import (
    CandidateModel,
    EstimateResult,
    EstimateSpec,
    StepRecord,
    estimate,
)
from palermo.estimation.bootstrap import BootstrapResult
from palermo.estimation.compare import MethodRow, compare_methods
from palermo.estimation.data import (
    CaptureData,
    LongTable,
    from_histories,
    read_capture_data,
    read_table,
)
from palermo.estimation.design import Model
from palermo.estimation.diagnostics import EstimationWarning
from palermo.estimation.existence import Check, check
from palermo.estimation.planning import RunPlan, plan
from palermo.estimation.strata import (
    StrataPlan,
    StratifiedResult,
    StratumResult,
    estimate_strata,
    plan_strata,
)

__all__ = [
    "BootstrapResult",
    "CandidateModel",
    "CaptureData",
    "Check",
    "EstimateResult",
    "EstimateSpec",
    "EstimationWarning",
    "LongTable",
    "MethodRow",
    "Model",
    "RunPlan",
    "StepRecord",
    "StrataPlan",
    "StratifiedResult",
    "StratumResult",
    "check",
    "compare_methods",
    "estimate",
    "estimate_strata",
    "from_histories",
    "plan",
    "plan_strata",
    "read_capture_data",
    "read_table",
]

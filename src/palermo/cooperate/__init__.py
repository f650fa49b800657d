"""Cooperate: work between agencies and installations.

Operational parts: sharing agreements between agencies, linkage runs on the store, the
"also known to" hint on a case and estimates from the store's links; and, across borders
(:mod:`palermo.cooperate.crossborder`), signed and encrypted bundles between installations.

The analytic linker (:mod:`palermo.linkage.records`) knows nothing of the store; this
package reads the records it links, inside the installation, and keeps only what a run
may keep (a pseudonymous person key per case and the run's figures).
"""

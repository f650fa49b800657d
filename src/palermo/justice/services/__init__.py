"""Prosecute's services: the justice records in the store, who may see them, and the
reports computed from them.

Kept apart from :mod:`palermo.justice` (plain records and analytics, which the simulator
uses) so that importing the justice core never pulls in the store.

* :mod:`.visibility`: roles, justice agencies and loading a record the actor may see;
* :mod:`.victims`: a victim's case reaches a justice agency (its own case, or a referral)
  only with the case's consent to cooperate with law enforcement; identity reads;
* :mod:`.suspects`, :mod:`.investigations`: suspects (identity encrypted) and
  investigations with their victims, suspects and international cooperation;
* :mod:`.proceedings`, :mod:`.verdicts`: proceedings, charges, hearings, verdicts,
  sentences and appeals;
* :mod:`.redress`: victims' participation and protection, compensation and payments,
  charges against victims (non-punishment);
* :mod:`.loader`: the store's records as a :class:`~palermo.justice.JusticeDataset`;
* :mod:`.reporting`, :mod:`.work`, :mod:`.casework_law`, :mod:`.trial_watch`: the funnel
  and GLOTIP tables, the work queues, SHERLOC classification and case-law export, and
  what a trial monitor sees.
"""

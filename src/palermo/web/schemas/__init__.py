"""Request and response bodies of the JSON API that the pillars have no schema for.

Every JSON endpoint declares its body and answer with a model from here or from its pillar
(``CaseRead``, ``ConsentRead``...), so the OpenAPI document at ``/docs`` shows them.
"""

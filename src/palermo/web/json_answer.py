"""An API answer written straight from the model the service built.

A route that returns a model has FastAPI validate it again against ``response_model`` and
then serialise it (for a plain ``def`` route, with one more trip through the thread pool
for the validation). The case list and the case record are the API's busiest answers and
their models are built, and so validated, once already: those routes return this instead,
and keep ``response_model`` for the OpenAPI schema.
"""

from __future__ import annotations

from pydantic import BaseModel
from starlette.responses import Response


def json_answer(model: BaseModel, *, status_code: int = 200) -> Response:
    """``model`` as FastAPI would have written it: JSON by alias, UTF-8."""
    return Response(
        model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
    )

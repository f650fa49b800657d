"""The error page, rendered by a route itself while its session is still open.

Left to the app-wide handler, a refusal rolls the request's session back first; pages
that need the signed-in user (the layout shows them) then render it here instead.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from palermo.errors import PalermoError


def error_page(request: Request, exc: PalermoError) -> Response:
    """error.html with the refusal's message and hint, at its HTTP status."""
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"error": exc}, status_code=exc.http_status
    )

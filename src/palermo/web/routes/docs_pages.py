"""``/docs``: the API's reference, from a Swagger UI packaged with Palermo.

FastAPI's default page loads Swagger UI from a CDN, which the app's Content-Security-Policy
blocks (and an offline deployment cannot reach), so the page was blank. The files are
vendored under ``web/static/swagger-ui/`` (swagger-ui-dist 5.35.0, Apache-2.0; see its
VERSION.txt) and started by ``static/docs-init.js``, with no inline script or style.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Palermo API</title>
<link rel="stylesheet" href="/static/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body>
</html>
"""


@router.get("/docs")
def api_docs() -> HTMLResponse:
    return HTMLResponse(PAGE)

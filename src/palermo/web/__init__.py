"""The web app: FastAPI routes (pages and the JSON API), templates and the toolkit they
share (``deps``, ``rendering``, ``errors``, ``form_flow``, ``forms``, ``schemas``)."""

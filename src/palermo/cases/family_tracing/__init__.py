"""Family tracing: requests for a relative, proposed matches, a case worker's verification."""

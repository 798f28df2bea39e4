def only_canonical_paths(endpoints, **kwargs):
    """The `/api/` alias answers exactly like `/api/v1/`; the schema documents the canonical one."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]

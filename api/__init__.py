"""The public read-only JSON API (/api/v1/): what an anonymous visitor may read, for the department's e-portal."""

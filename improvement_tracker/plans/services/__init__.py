"""Services that change plans, one module per concept. Each runs in one transaction and
writes its audit row in it; callers import them from their modules (ADR 0032)."""

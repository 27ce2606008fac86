"""Judge a read case: references, dates, statuses, corroboration, and every quote in its source."""

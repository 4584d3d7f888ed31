"""The board's budget per financial year: partner contributions, commitments and quarterly monitoring."""

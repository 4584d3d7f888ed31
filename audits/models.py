"""Section 11 audit cycles, agencies' returns, moderation, and multi-agency themed audits."""

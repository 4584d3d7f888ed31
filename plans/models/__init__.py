"""Boards, their business plans, partner agencies, leads and the core business plan."""

from .board import Agency, Board, BusinessPlan, SurveyResult
from .core import CoreMeasure, CoreOutcome, CorePriority
from .leads import Lead

__all__ = [
    "Agency",
    "Board",
    "BusinessPlan",
    "CoreMeasure",
    "CoreOutcome",
    "CorePriority",
    "Lead",
    "SurveyResult",
]

"""Boards, their business plans, partner agencies, leads, the core business plan and the reporting periods."""

from .board import Agency, Board, BusinessPlan, SurveyResult
from .core import CoreMeasure, CoreOutcome, CorePriority
from .leads import Lead
from .quarters import Quarter, QuarterEvent

__all__ = [
    "Agency",
    "Board",
    "BusinessPlan",
    "CoreMeasure",
    "CoreOutcome",
    "CorePriority",
    "Lead",
    "Quarter",
    "QuarterEvent",
    "SurveyResult",
]

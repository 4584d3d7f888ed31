"""Permission cases of the learning reviews ledger: the administrator records reviews, findings, recommendations,
their own actions and the board's closure days; a recommendation's lead records its progress (and the lead of one
of its actions that action's status); the board's readers read the ledger (the scrutineer by the matrix's rule)."""

import datetime

from learning.models import LearningReview, Recommendation, RecommendationAction
from tests.permissions.case import Case

READERS = frozenset({"admin", "bmg", "board_member", "audit_coordinator"})  # and the scrutineer, by the matrix's rule
ADMIN = frozenset({"admin"})


def _review(w, **fields):
    defaults = {
        "board": w.board,
        "kind": LearningReview.Kind.RAPID_REVIEW,
        "reference": "RR-2014-01",
        "title": "A young person missing from home",
        "aware_on": datetime.date(2014, 12, 15),
        "notified_on": datetime.date(2014, 12, 19),
    }
    return LearningReview.objects.create(**{**defaults, **fields})


def _restricted(w):
    review = _review(w, reference="DHR-1", restricted=True)
    review.named_people.add(w.users["admin"])
    return review


def _recommendation(w):
    review = w.get("learning_review", _review)
    return Recommendation.objects.create(review=review, number=1, text="Interviews within 72 hours", lead=w.lead_person)


def _action(w):
    return RecommendationAction.objects.create(
        recommendation=w.get("learning_recommendation", _recommendation),
        description="Agree a protocol with head teachers",
        lead=w.other_lead_person,
    )


def _pk(name, factory):
    return lambda w: {"pk": w.get(name, factory).pk}


REVIEW = _pk("learning_review", _review)
RECOMMENDATION = _pk("learning_recommendation", _recommendation)
ACTION = _pk("learning_action", _action)


def _closure(w):
    return w.board.closure_days.create(date=datetime.date(2099, 12, 29), description="Office closed")


def _review_data(w):
    return {"kind": "themed_audit", "reference": "TA-9", "title": "Neglect audit", "aware_on": "01/09/2014"}


CASES = [
    Case("learning:review_list", READERS | {"lead", "other_lead", "other_board_admin"}, note="leads see theirs"),
    Case("learning:review_new", ADMIN | {"other_board_admin"}, note="each board records its own"),
    Case("learning:review_new", ADMIN | {"other_board_admin"}, method="post", data=_review_data, ok_statuses=(302,)),
    Case(
        "learning:review_new",
        ADMIN | {"other_board_admin"},
        method="post",
        data=lambda w: {"kind": "", "reference": "", "title": "", "aware_on": "31/02/2015"},
        note="bad input: the form with its errors",
    ),
    Case("learning:review_detail", READERS, kwargs=REVIEW),
    Case(
        "learning:review_detail",
        READERS,
        kwargs=_pk("learning_restricted", _restricted),
        note="restricted: the readers not named see its dates and counts, not its text",
    ),
    Case("learning:review_edit", ADMIN, kwargs=REVIEW),
    Case(
        "learning:review_edit",
        ADMIN,
        kwargs=_pk("learning_review_edited", lambda w: _review(w, reference="RR-EDIT")),
        method="post",
        data=lambda w: {**_review_data(w), "reference": "RR-EDIT", "kind": "rapid_review"},
        ok_statuses=(302,),
    ),
    Case("learning:finding_add", ADMIN, kwargs=REVIEW),
    Case(
        "learning:finding_add",
        ADMIN,
        kwargs=REVIEW,
        method="post",
        data=lambda w: {"text": "Return interviews were late"},
        ok_statuses=(302,),
    ),
    Case("learning:recommendation_add", ADMIN, kwargs=REVIEW),
    Case(
        "learning:recommendation_add",
        ADMIN,
        kwargs=REVIEW,
        method="post",
        data=lambda w: {"text": "Share intelligence with MASE", "lead": str(w.other_lead_person.pk)},
        ok_statuses=(302,),
    ),
    Case(
        "learning:recommendation_detail",
        READERS | {"lead"},
        kwargs=RECOMMENDATION,
        note="its lead reads it; another lead does not",
    ),
    Case("learning:recommendation_progress", frozenset({"admin", "lead"}), kwargs=RECOMMENDATION),
    Case(
        "learning:recommendation_progress",
        frozenset({"admin", "lead"}),
        kwargs=_pk("learning_recommendation_progressed", _recommendation),
        method="post",
        data=lambda w: {"status": "in_progress", "note": "Service commissioned"},
        ok_statuses=(302,),
    ),
    Case(
        "learning:recommendation_progress",
        frozenset({"admin", "lead"}),
        kwargs=RECOMMENDATION,
        method="post",
        data=lambda w: {"status": "implemented", "impact_evidence": ""},
        note="bad input: implemented without evidence of impact is refused with the form's error",
    ),
    Case("learning:action_add", ADMIN, kwargs=RECOMMENDATION),
    Case(
        "learning:action_add",
        ADMIN,
        kwargs=RECOMMENDATION,
        method="post",
        data=lambda w: {"description": "Add the school to the missing-episode record"},
        ok_statuses=(302,),
    ),
    Case(
        "learning:action_status",
        frozenset({"admin", "lead", "other_lead"}),
        kwargs=ACTION,
        note="the administrator, the recommendation's lead (lead) and the action's own lead (other_lead)",
    ),
    Case(
        "learning:action_status",
        frozenset({"admin", "lead", "other_lead"}),
        kwargs=ACTION,
        method="post",
        data=lambda w: {"status": "in_progress", "note": "Drafted"},
        ok_statuses=(302,),
    ),
    Case("learning:closure_days", ADMIN | {"other_board_admin"}, note="each board's own closure days"),
    Case(
        "learning:closure_days",
        ADMIN | {"other_board_admin"},
        method="post",
        data=lambda w: {"date": "29/12/2099", "description": "Office closed"},
        ok_statuses=(302,),
    ),
    Case(
        "learning:closure_day_delete",
        ADMIN,
        kwargs=_pk("learning_closure", _closure),
        method="post",
        ok_statuses=(302,),
    ),
]

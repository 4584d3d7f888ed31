"""The learning reviews ledger (issue 20): reviews recorded with their clocks, recommendations followed to impact
(never closed without evidence or a reason, on the form and in the database), the lead emailed once through the
notification record, history append-only, restricted text only for the people named and every opening audited,
nothing of another board, and the yearly report's learning sections read from it."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse

from accounts.models import AuditEvent
from annualreport import figures as report_figures
from annualreport.content import prefilled_narrative
from annualreport.figures import Period
from learning import services
from learning.models import ClosureDay, LearningReview, Recommendation, RecommendationUpdate
from learning.selectors import yearly_learning
from notifications.models import Notification
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

D = datetime.date
YEAR = (D(2014, 4, 1), D(2015, 3, 31))


@pytest.fixture
def emails(world):
    for persona in ("admin", "lead", "other_lead"):
        user = world.users[persona]
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])


def _review(world, board=None, **fields):
    defaults = {
        "kind": LearningReview.Kind.RAPID_REVIEW,
        "reference": "RR-2014-01",
        "title": "A young person missing from home",
        "summary": "Case detail",
        "aware_on": D(2014, 12, 15),
        "notified_on": D(2014, 12, 19),
        "decision_on": None,
        "published_on": None,
        "concluded_on": None,
        "restricted": False,
    }
    return services.create_review(board=board or world.board, user=world.users["admin"], **{**defaults, **fields})


def _review_data(**fields):
    data = {
        "kind": "rapid_review",
        "reference": "RR-2015-02",
        "title": "Neglect of a baby",
        "summary": "What happened",
        "aware_on": "01/04/2015",
        "notified_on": "13/04/2015",
        "decision_on": "",
        "published_on": "",
        "concluded_on": "",
    }
    return {**data, **fields}


def test_an_administrator_records_a_review_and_its_clocks_are_counted_over_easter(world, client_for):
    client = client_for("admin")
    response = client.post(reverse("learning:review_new"), _review_data())
    review = LearningReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("learning:review_detail", args=[review.pk])
    assert (review.board, review.aware_on, review.notified_on) == (world.board, D(2015, 4, 1), D(2015, 4, 13))
    page = client.get(reverse("learning:review_detail", args=[review.pk])).content.decode()
    # Due Friday 10 April (Good Friday and Easter Monday not counted); notified Monday 13th: one working day late.
    assert "Friday 10 April 2015" in page and "Missed by 1 working day" in page
    assert "Fri 3 April 2015: Good Friday" in page and "Mon 6 April 2015: Easter Monday" in page
    # The decision clock runs from the notification: 15 working days from 13 April is Tuesday 5 May (4 May is May Day).
    assert "Tuesday 5 May 2015" in page


def test_bad_review_input_names_each_field_and_saves_nothing(world, client_for):
    _review(world, reference="RR-1")
    response = client_for("admin").post(
        reverse("learning:review_new"),
        _review_data(reference="rr-1", title="", aware_on="31/02/2015", decision_on="01/05/2015", notified_on=""),
    )
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    for message in (
        "Another review of this board has this reference",
        "Enter the title",
        "Date the board learnt of the case must be a real date",
        "Enter the notification date before the decision date",
    ):
        assert message in body
    response = client_for("admin").post(
        reverse("learning:review_new"), _review_data(notified_on="31/03/2015", concluded_on="01/01/2015")
    )
    body = response.content.decode()
    assert "The notification must be on or after the date the board learnt of the case" in body
    assert "Date concluded must be on or after" in body
    assert LearningReview.objects.count() == 1


def test_a_recommendation_cannot_close_without_evidence_or_a_reason(world, client_for, emails):
    review = _review(world)
    finding = services.add_finding(review=review, text="Return interviews were late")
    response = client_for("admin").post(
        reverse("learning:recommendation_add", args=[review.pk]),
        {
            "text": "Offer a return home interview within 72 hours",
            "finding": finding.pk,
            "lead": world.lead_person.pk,
            "agency": world.agency.pk,
            "due_on": "31/03/2015",
            "plan_actions": [world.action.pk],
        },
    )
    rec = Recommendation.objects.get()
    assert response["Location"] == reverse("learning:recommendation_detail", args=[rec.pk])
    assert (rec.number, rec.lead, rec.finding, list(rec.plan_actions.all())) == (
        1,
        world.lead_person,
        finding,
        [world.action],
    )
    run_queued_tasks()
    run_queued_tasks()
    assert [m.to for m in mail.outbox] == [["lead@example.org"]]
    assert "RR-2014-01" in mail.outbox[0].subject and "72 hours" not in mail.outbox[0].body  # no case detail
    assert Notification.objects.get().kind == Notification.Kind.LEARNING_RECOMMENDATION

    lead = client_for("lead")
    progress = reverse("learning:recommendation_progress", args=[rec.pk])
    for data, message in (
        ({"status": "implemented", "impact_evidence": "  "}, "Enter the evidence of impact"),
        ({"status": "not_implemented", "not_implemented_reason": ""}, "Enter why the recommendation will not be"),
        ({"status": "in_progress", "note": ""}, "Enter the progress made"),
        ({"note": ""}, "Select where the recommendation is now"),
    ):
        body = lead.post(progress, data).content.decode()
        assert message in body
    rec.refresh_from_db()
    assert rec.status == "open" and not rec.updates.exists()
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(status="implemented", closed_on=D(2015, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=rec.pk).update(status="not_implemented", closed_on=D(2015, 3, 1))

    assert lead.post(progress, {"status": "in_progress", "note": "Service commissioned"}).status_code == 302
    evidence = "18 of 20 interviews within 72 hours, up from 9 of 20"
    assert lead.post(progress, {"status": "implemented", "impact_evidence": evidence}).status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.impact_evidence, rec.closed_by) == ("implemented", evidence, world.users["lead"])
    assert [(u.status_label, u.note) for u in rec.updates.all()] == [
        ("In progress", "Service commissioned"),
        ("Implemented", evidence),
    ]
    # Closed: no more history, whoever asks.
    with pytest.raises(services.NotAllowed):
        services.record_progress(recommendation=rec, user=world.users["admin"], status="in_progress", note="x")
    page = lead.get(reverse("learning:recommendation_detail", args=[rec.pk])).content.decode()
    assert evidence in page and "Record progress or close" not in page


def test_only_the_recommendations_lead_or_the_administrator_record_progress(world, client_for):
    review = _review(world)
    rec = services.add_recommendation(review=review, text="Share intelligence with MASE", lead=world.lead_person)
    progress = reverse("learning:recommendation_progress", args=[rec.pk])
    assert client_for("other_lead").get(reverse("learning:recommendation_detail", args=[rec.pk])).status_code == 403
    assert client_for("other_lead").post(progress, {"status": "in_progress", "note": "x"}).status_code == 403
    assert client_for("bmg").post(progress, {"status": "in_progress", "note": "x"}).status_code == 403
    reason = "A second panel would split the same cases"
    response = client_for("admin").post(progress, {"status": "not_implemented", "not_implemented_reason": reason})
    assert response.status_code == 302
    rec.refresh_from_db()
    assert (rec.status, rec.not_implemented_reason, rec.closed_on is not None) == ("not_implemented", reason, True)


def test_own_actions_are_tracked_with_their_lead_and_their_history(world, client_for):
    review = _review(world)
    rec = services.add_recommendation(review=review, text="Tell schools of missing episodes", lead=world.lead_person)
    response = client_for("admin").post(
        reverse("learning:action_add", args=[rec.pk]),
        {"description": "Agree a protocol with head teachers", "lead": world.other_lead_person.pk, "due_on": ""},
    )
    assert response.status_code == 302
    action = rec.actions.get()
    status = reverse("learning:action_status", args=[action.pk])
    # The action's own lead updates it, as does the recommendation's lead; nobody else.
    assert client_for("other_lead").post(status, {"status": "in_progress", "note": "Drafted"}).status_code == 302
    assert client_for("bmg").post(status, {"status": "done"}).status_code == 403
    assert client_for("lead").post(status, {"status": "done", "note": "Agreed"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert [(u.action_id, u.status_label, u.by.username) for u in rec.updates.all()] == [
        (action.pk, "In progress", "otherlead"),
        (action.pk, "Done", "lead"),
    ]


def test_history_is_append_only(world):
    rec = services.add_recommendation(review=_review(world), text="R")
    update = services.record_progress(recommendation=rec, user=world.users["admin"], status="in_progress", note="N")
    update.note = "Rewritten"
    with pytest.raises(ValidationError):
        update.save()
    with pytest.raises(ValidationError):
        update.delete()
    with pytest.raises(ValidationError):
        RecommendationUpdate.objects.filter(pk=update.pk).update(note="Rewritten")
    if connection.vendor == "postgresql":  # the database refuses raw SQL too (bscb.db.AppendOnly)
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE learning_recommendationupdate SET note = 'Rewritten'")
    assert RecommendationUpdate.objects.get().note == "N"


def test_a_restricted_review_shows_its_text_only_to_the_people_named_and_audits_each_opening(world, client_for):
    review = _review(world, restricted=True, title="Secret title", summary="Secret summary")
    services.add_finding(review=review, text="Secret finding")
    rec = services.add_recommendation(review=review, text="Secret recommendation", lead=world.lead_person)
    # The administrator who recorded it is named; leading one of its recommendations names the lead.
    assert set(review.named_people.all()) == {world.users["admin"], world.users["lead"]}
    pages = [reverse("learning:review_detail", args=[review.pk]), reverse("learning:review_list")]
    for persona in ("bmg", "board_member", "scrutineer", "audit_coordinator"):
        client = client_for(persona)
        for url in [*pages, reverse("learning:recommendation_detail", args=[rec.pk])]:
            body = client.get(url).content.decode()
            assert "Secret" not in body, (persona, url)
        assert "RR-2014-01" in client.get(pages[0]).content.decode()
        assert "1 finding recorded" in client.get(pages[0]).content.decode()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTRICTED_OPENED).exists()

    body = client_for("admin").get(pages[0]).content.decode()
    assert "Secret summary" in body and "Secret finding" in body and "Secret recommendation" in body
    assert (
        "Secret recommendation"
        in client_for("lead").get(reverse("learning:recommendation_detail", args=[rec.pk])).content.decode()
    )
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.RESTRICTED_OPENED).order_by("pk")
    assert [(e.user.username, e.board_id, e.detail) for e in events] == [
        ("admin", world.board.pk, "Learning review RR-2014-01: the review"),
        ("lead", world.board.pk, "Learning review RR-2014-01: recommendation 1"),
    ]
    # An administrator not named keeps the dates and names, and cannot read or add the text.
    review.named_people.remove(world.users["admin"])
    assert client_for("admin").get(reverse("learning:finding_add", args=[review.pk])).status_code == 403
    form = client_for("admin").get(reverse("learning:review_edit", args=[review.pk])).content.decode()
    assert "Secret" not in form and "not named on it" in form
    # Nor does the yearly report print it: counted, withheld.
    data = yearly_learning(world.board, *YEAR)
    assert [line.title for line in data["opened"]] == ["Restricted review"] and data["opened"][0].findings == ()
    assert data["recommendations"][0].text == "Withheld: restricted review"
    # Who may read it is in the audit log: when it was recorded, and each change of the named people.
    services.edit_review(review=review, user=world.users["admin"], named_people=[world.users["bmg"]])
    changes = AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, detail__startswith="Learning review")
    assert [e.detail for e in changes.order_by("pk")] == [
        "Learning review RR-2014-01: restricted, named people: Test Admin",
        "Learning review RR-2014-01: restricted, named people: Test Bmg",
    ]


def test_another_boards_reviews_are_never_seen(world, client_for):
    mine = _review(world, title="Home board review")
    other = _review(world, board=world.other_board, title="Other board review", reference="OB-1")
    other_rec = services.add_recommendation(review=other, text="Other rec")
    page = client_for("scrutineer").get(reverse("learning:review_list")).content.decode()
    assert "Home board review" in page and "Other board review" not in page
    for url in (
        reverse("learning:review_detail", args=[other.pk]),
        reverse("learning:recommendation_detail", args=[other_rec.pk]),
        reverse("learning:recommendation_progress", args=[other_rec.pk]),
    ):
        assert client_for("admin").get(url).status_code == 404
    assert client_for("other_board_admin").get(reverse("learning:review_detail", args=[mine.pk])).status_code == 404
    # A recommendation may not be linked to another board's action.
    response = client_for("admin").post(
        reverse("learning:recommendation_add", args=[mine.pk]),
        {"text": "x", "plan_actions": [world.other_board_action.pk]},
    )
    assert "Select actions of this board" in response.content.decode()
    assert not mine.recommendations.exists()


def test_closure_days_are_weekdays_once_and_past_ones_stay(world, client_for):
    client = client_for("admin")
    url = reverse("learning:closure_days")
    # A typed date is a GOV.UK text input (bscb/govuk_widgets.py date_input), not an unstyled box.
    date_input = re.search(r"<input[^>]*name=\"date\"[^>]*>", client.get(url).content.decode()).group(0)
    assert re.search(r'class="govuk-input[ "]', date_input), date_input
    assert "Enter a weekday" in client.post(url, {"date": "27/12/2014", "description": "x"}).content.decode()
    assert client.post(url, {"date": "29/12/2014", "description": "Office closed"}).status_code == 302
    assert "already a closure day" in client.post(url, {"date": "29/12/2014", "description": "x"}).content.decode()
    past = ClosureDay.objects.get()
    client.post(reverse("learning:closure_day_delete", args=[past.pk]))
    assert ClosureDay.objects.filter(pk=past.pk).exists()  # past clocks were counted against it
    future = ClosureDay.objects.create(board=world.board, date=D(2099, 12, 29), description="Closed")
    assert client.post(reverse("learning:closure_day_delete", args=[future.pk])).status_code == 302
    assert not ClosureDay.objects.filter(pk=future.pk).exists()


def _year_of_learning(world):
    rapid = _review(world)  # learnt of in December 2014, ongoing
    services.add_finding(review=rapid, text="Interviews late")
    done = services.add_recommendation(review=rapid, text="Interviews in 72 hours", lead=world.lead_person)
    services.record_progress(recommendation=done, user=world.users["lead"], status="implemented", impact_evidence="E1")
    Recommendation.objects.filter(pk=done.pk).update(closed_on=D(2015, 3, 20))
    services.add_recommendation(review=rapid, text="Share intelligence", lead=world.other_lead_person)
    refused = services.add_recommendation(review=rapid, text="A second panel")
    services.record_progress(
        recommendation=refused, user=world.users["admin"], status="not_implemented", not_implemented_reason="Why not"
    )
    Recommendation.objects.filter(pk=refused.pk).update(closed_on=D(2015, 3, 10))
    audit = _review(
        world,
        kind=LearningReview.Kind.THEMED_AUDIT,
        reference="TA-1",
        title="Neglect audit",
        aware_on=D(2014, 9, 1),
        notified_on=None,
        concluded_on=D(2015, 2, 27),
    )
    services.add_finding(review=audit, text="No shared chronology")
    _review(
        world, reference="OLD", title="Concluded the year before", aware_on=D(2013, 5, 1), concluded_on=D(2014, 1, 1)
    )
    _review(world, reference="NEXT", title="Learnt of the year after", aware_on=D(2015, 4, 2))
    _review(world, board=world.other_board, reference="X", title="Other board")


def test_the_yearly_report_reads_the_years_reviews_and_recommendations(world):
    _year_of_learning(world)
    period = Period(world.board, *YEAR)
    figures, (reviews, recommendations) = report_figures.learning(period)
    assert {f.label: f.value for f in figures} == {
        "Reviews opened in the year": "2",
        "Reviews concluded in the year": "1",
        "Reviews ongoing at the end of the year": "1",
        "Recommendations": "3",
        "Recommendations implemented": "1",
        "Recommendations in progress or not started": "1",
        "Recommendations not implemented": "1",
    }
    assert all(f.url == reverse("learning:review_list") for f in figures)
    assert prefilled_narrative("2014/15", "Learning from reviews", figures, "learning") == (
        "In 2014/15 the board opened 2 learning reviews and concluded 1; 1 was ongoing at the end of the year. Of "
        "their 3 recommendations, 1 has been implemented with evidence of impact and 1 is in progress or not "
        "started; 1 will not be implemented, for the reasons given below."
    )
    assert [row[0] for row in reviews.rows] == ["TA-1", "RR-2014-01"]
    assert reviews.rows[0][4] == "27 February 2015" and reviews.rows[1][4] == "Ongoing"
    assert [(row[0], row[3], row[4]) for row in recommendations.rows] == [
        ("RR-2014-01 R1", "Implemented", "E1"),
        ("RR-2014-01 R2", "Not started", ""),
        ("RR-2014-01 R3", "Not implemented", "Why not"),
    ]
    # The Care Act's items (d) to (g).
    _, (concluded, findings) = report_figures.learning_concluded(period)
    assert [row[0] for row in concluded.rows] == ["TA-1"] and findings.rows == (
        ("TA-1", "Neglect audit", "No shared chronology"),
    )
    _, (ongoing,) = report_figures.learning_ongoing(period)
    assert [row[0] for row in ongoing.rows] == ["RR-2014-01"]
    figures, (implemented, still_open) = report_figures.learning_implementation(period)
    assert [row[4] for row in implemented.rows] == ["E1"] and [row[0] for row in still_open.rows] == ["RR-2014-01 R2"]
    figures, (not_implemented,) = report_figures.learning_not_implemented(period)
    assert not_implemented.rows[0][4] == "Why not"


def test_the_yearly_report_of_an_adults_board_prefills_items_d_to_g(world, client_for):
    _year_of_learning(world)
    response = client_for("admin").post(
        reverse("annualreport:report_start"), {"template": "adults", "start_month": "4", "start_year": "2014"}
    )
    assert response.status_code == 302
    body = client_for("admin").get(response["Location"]).content.decode()
    assert "Why not" in body and "E1" in body and "No shared chronology" in body
    assert "the board decided not to implement 1 recommendation" in body


def test_my_actions_lists_the_open_recommendations_the_lead_leads(world, client_for):
    review = _review(world)
    mine = services.add_recommendation(review=review, text="Interviews in 72 hours", lead=world.lead_person)
    services.add_recommendation(review=review, text="Someone else's", lead=world.other_lead_person)
    closed = services.add_recommendation(review=review, text="Already closed", lead=world.lead_person)
    services.record_progress(
        recommendation=closed, user=world.users["admin"], status="not_implemented", not_implemented_reason="No"
    )
    page = client_for("lead").get(reverse("priorities:my_actions")).content.decode()
    assert "Learning review recommendations" in page and "RR-2014-01, recommendation 1" in page
    assert reverse("learning:recommendation_progress", args=[mine.pk]) in page
    assert "Someone else" not in page and "Already closed" not in page
    # On the ledger, the lead's open recommendations come before the closed ones, on every database.
    ledger = client_for("lead").get(reverse("learning:review_list")).content.decode()
    assert ledger.index("RR-2014-01, recommendation 1") < ledger.index("RR-2014-01, recommendation 3")
    other = client_for("other_lead").get(reverse("priorities:my_actions")).content.decode()
    assert "Someone else" in other and "Interviews in 72 hours" not in other

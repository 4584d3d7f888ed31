"""The yearly report's pages: the board's reports, starting one, the report, editing its narratives and easy-read
summary, signing off and undoing a sign-off, and a section's history.

Board administrators draft and sign off; BMG members, board members and the independent scrutineer read. Every
other role is refused (403) and another board's report is not found (404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.roles import Role, has_role

from .. import content, services
from ..forms import EasyReadForm, NarrativeForm, StartReportForm, UndoSignOffForm
from ..models import ReportSection, YearlyReport
from ..templates import spec_for

READERS = (Role.BOARD_ADMIN, Role.BMG_MEMBER, Role.BOARD_MEMBER, Role.SCRUTINEER)
EDITORS = (Role.BOARD_ADMIN,)


def _get_report(request, pk) -> YearlyReport:
    return get_for_board(
        YearlyReport.objects.select_related("board", "signed_off_by"), require_board(request), "board", pk=pk
    )


def _get_section(request, pk, key) -> ReportSection:
    return get_for_board(
        ReportSection.objects.select_related("report__board", "report__signed_off_by"),
        require_board(request),
        "report__board",
        report_id=pk,
        key=key,
    )


def _refuse_if_signed_off(report):
    if report.is_signed_off:
        raise PermissionDenied("A signed-off report is read-only: undo the sign-off to correct it.")


@require_GET
@role_required(*READERS)
def report_list(request):
    board = require_board(request)
    reports = YearlyReport.objects.filter(board=board).order_by("-period_start", "template")
    return render(
        request,
        "annualreport/report_list.html",
        {"reports": reports, "can_edit": has_role(request.user, *EDITORS)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def report_start(request):
    board = require_board(request)
    form = StartReportForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        report = services.start_report(
            board=board,
            template=form.cleaned_data["template"],
            period_start=form.cleaned_data["period_start"],
            user=request.user,
        )
        messages.success(request, f"{report.title} started: each section's narrative is drafted from the figures")
        return redirect("annualreport:report_detail", pk=report.pk)
    return render(request, "annualreport/report_start.html", {"form": form})


@require_GET
@role_required(*READERS)
def report_detail(request, pk):
    report = _get_report(request, pk)
    document = content.report_document(report)
    events = list(report.sign_off_events.select_related("by").order_by("-at", "-id")[:10])
    return render(
        request,
        "annualreport/report_detail.html",
        {
            "report": report,
            "document": document,
            "events": events,
            "can_edit": has_role(request.user, *EDITORS),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def section_edit(request, pk, key):
    section = _get_section(request, pk, key)
    report = section.report
    _refuse_if_signed_off(report)
    form = NarrativeForm(request.POST or None, initial={"narrative": section.narrative})
    if request.method == "POST" and form.is_valid():
        services.edit_narrative(section=section, narrative=form.cleaned_data["narrative"], user=request.user)
        messages.success(request, f"“{section.heading}” saved")
        return redirect(reverse("annualreport:report_detail", args=[report.pk]) + f"#section-{section.key}")
    spec = spec_for(report.template, section.key)
    figures, tables = spec.build(content.period_of(report)) if spec else ((), ())
    return render(
        request,
        "annualreport/section_edit.html",
        {
            "report": report,
            "section": section,
            "form": form,
            "guidance": spec.guidance if spec else "",
            "figures": figures,
            "tables": tables,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def easy_read_edit(request, pk):
    report = _get_report(request, pk)
    _refuse_if_signed_off(report)
    form = EasyReadForm(request.POST or None, initial={"easy_read": report.easy_read})
    if request.method == "POST" and form.is_valid():
        services.edit_easy_read(report=report, text=form.cleaned_data["easy_read"])
        messages.success(request, "Easy-read summary saved")
        return redirect(reverse("annualreport:report_detail", args=[report.pk]) + "#easy-read")
    return render(request, "annualreport/easy_read_edit.html", {"report": report, "form": form})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def sign_off(request, pk):
    report = _get_report(request, pk)
    if report.is_signed_off:
        messages.info(request, "This report is already signed off")
        return redirect("annualreport:report_detail", pk=report.pk)
    if request.method == "POST":
        services.sign_off(report=report, user=request.user)
        messages.success(request, "Report signed off: its figures are frozen as they are now")
        return redirect("annualreport:report_detail", pk=report.pk)
    return render(request, "annualreport/sign_off_confirm.html", {"report": report})


@require_http_methods(["GET", "POST"])
@role_required(*EDITORS)
def undo_sign_off(request, pk):
    report = _get_report(request, pk)
    if not report.is_signed_off:
        messages.info(request, "This report is not signed off")
        return redirect("annualreport:report_detail", pk=report.pk)
    form = UndoSignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.undo_sign_off(report=report, reason=form.cleaned_data["reason"], user=request.user)
        messages.success(request, "Sign-off undone: the report is a draft again, with figures as they are now")
        return redirect("annualreport:report_detail", pk=report.pk)
    return render(request, "annualreport/undo_sign_off.html", {"report": report, "form": form})


@require_GET
@role_required(*READERS)
def section_history(request, pk, key):
    section = _get_section(request, pk, key)
    versions = list(section.history.select_related("history_user").order_by("-history_date", "-history_id"))
    return render(
        request,
        "annualreport/section_history.html",
        {"report": section.report, "section": section, "versions": versions},
    )

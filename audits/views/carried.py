"""Carried-forward assessments: the agency confirms last cycle's rating and evidence as they stand (changing them
through the assessment form confirms them too). Only the agency's own audit contact, only while the return is
editable; another agency's return is a 404 (views.common.get_return)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .. import services
from .common import CONTACT, get_assessment, get_return


@require_POST
def assessment_confirm(request, pk, standard_pk):
    agency_return = get_return(request, pk, CONTACT)
    assessment = get_assessment(agency_return, standard_pk)
    try:
        services.assessment_confirm(assessment=assessment)
    except services.TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Confirmed: {assessment.standard.title}")
    return redirect("audits:return_detail", pk=agency_return.pk)

"""Text people type (issue 16, item 6): escaped, addresses made into safe links, long words and links never widen a
page or break the board pack's table."""

import io

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from pypdf import PdfReader

from priorities.models import Rag
from reporting.services import quarter_close
from tests.tasks import run_queued_tasks

from .helpers import at, update

LONG_LINK = "https://intranet.example.org/safeguarding/" + "/".join(f"section-{n:03d}" for n in range(30))
assert len(LONG_LINK) > 330


def render(text):
    return Template("{% load tracker %}{{ text|typed_text }}").render(Context({"text": text}))


def test_a_web_address_becomes_a_govuk_link_that_cannot_reach_back_to_the_page():
    html = render("See https://www.gov.uk/guidance for the guidance")
    assert html == (
        'See <a class="govuk-link" href="https://www.gov.uk/guidance" rel="nofollow noopener noreferrer">'
        "https://www.gov.uk/guidance</a> for the guidance"
    )


def test_a_long_address_is_shown_shortened_but_links_to_the_whole_address():
    html = render(f"Minutes: {LONG_LINK}")
    assert f'href="{LONG_LINK}"' in html
    shown = html.split('noreferrer">', 1)[1].split("</a>")[0]
    assert len(shown) <= 60
    assert shown.endswith("…")


def test_markup_is_escaped_and_only_web_and_email_addresses_are_linked():
    html = render('<script>alert(1)</script> javascript:alert(2) rel="nofollow" jo.moses@example.org')
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert "rel=&quot;nofollow&quot;" in html  # what was typed stays text
    assert '<a class="govuk-link" href="mailto:jo.moses@example.org">jo.moses@example.org</a>' in html
    assert html.count("<a ") == 1


def test_empty_and_missing_text_render_as_nothing():
    assert render("") == ""
    assert render(None) == ""


@pytest.mark.django_db
def test_the_action_page_links_the_address_in_a_commentary(world, client_for):
    update(world.action, world.users["lead"], Rag.AMBER, world.open_quarter, commentary=f"Plan at {LONG_LINK}\nNext")
    content = client_for("bmg").get(reverse("priorities:action_detail", args=[world.action.pk])).content.decode()
    assert f'<a class="govuk-link" href="{LONG_LINK}" rel="nofollow noopener noreferrer">' in content
    assert "\nNext" in content  # the line break is kept (white-space: pre-line on .app-pre-wrap)


@pytest.mark.django_db
def test_the_board_pack_pdf_keeps_a_long_link_inside_the_page_and_clickable(world, client_for):
    cache.clear()
    q3 = world.quarters[2]
    long_word = "Supercalifragilistic" * 12
    update(world.action, world.users["lead"], Rag.RED, q3, commentary=f"See {LONG_LINK} and {long_word}")
    quarter_close(quarter=q3, user=world.users["admin"], at=at(q3.end_date))
    run_queued_tasks()
    response = client_for("board_member").get(reverse("reporting:board_pack_pdf", args=[q3.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    assert LONG_LINK in uris  # the whole address behind the shortened text
    raw = "\n".join(page.extract_text() for page in reader.pages)
    # The 240-letter word is broken across lines of its cell (one unbroken line would run off the page) and kept whole.
    assert long_word not in raw
    assert long_word in "".join(raw.split())
    cache.clear()

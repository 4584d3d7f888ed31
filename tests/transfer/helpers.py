"""Building and reading action plan spreadsheets in tests."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from priorities.transfer import HEADERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row(
    priority="Neglect",
    heading="Prevent",
    what="Improve understanding of neglect",
    how="Map neglect by age and geography",
    leads="Jo Moses",
    outcomes="Early identification",
    timescale="Jul to Dec 2014",
    rag="Not started",
    reference="",
    start="",
    due="",
    review="",
):
    return [priority, heading, what, how, leads, outcomes, timescale, rag, reference, start, due, review]


def xlsx_bytes(rows, *, sheets=None, header=HEADERS) -> bytes:
    """A workbook with one "All actions" sheet of `rows`, or the sheets given as {title: rows}."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, sheet_rows in (sheets or {"All actions": rows}).items():
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for values in sheet_rows:
            sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="plan.xlsx", content_type=XLSX):
    return SimpleUploadedFile(name, content, content_type=content_type)


def import_data(content: bytes, **overrides):
    data = {
        "file": upload(content, name=overrides.pop("name", "plan.xlsx")),
        "title": "Business Plan 2016-2018",
        "slug": "2016-2018",
        "period": "2016-2018",
        "start_year": "2014",
        "end_year": "2018",
        "dated": "June 2016",
    }
    data.update(overrides)
    return data


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    """Sheet title -> rows of cell values (header first); empty cells as ""."""
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [
            ["" if value is None else value for value in values] for values in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))

"""Sorting and paging django-tables2 tables from the query string, with the page size chosen by the server.

django-tables2's `RequestConfig` takes `?per_page=` as given: `-1` raised a 500 and `2000` let anyone ask for the
whole table at once. Here the page size is one of PAGE_SIZES or the view's default; anything else is ignored.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger

PAGE_SIZES = (25, 50, 100)
MAX_PAGE_SIZE = max(PAGE_SIZES)


def page_size(request, table, default: int) -> int:
    """The `per_page` asked for when it is one of PAGE_SIZES, otherwise `default`."""
    asked = request.GET.get(table.prefixed_per_page_field, "")
    return int(asked) if asked in {str(size) for size in PAGE_SIZES} else default


def configure_table(request, table, *, per_page: int):
    """What `RequestConfig(request, paginate={"per_page": per_page}).configure(table)` does, minus trusting
    `?per_page=`: ordering from `?sort=`, the page from `?page=` (first page if not a number, last if out of range)."""
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    try:
        page = int(request.GET.get(table.prefixed_page_field, 1))
    except (TypeError, ValueError):
        page = 1
    try:
        table.paginate(per_page=page_size(request, table, per_page), page=page)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table

"""Page numbers from user input, clamped so a bad value never fails a request."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


def paginate(
    queryset: QuerySet[Any], *, page: str | int | None, page_size: object = DEFAULT_PAGE_SIZE
) -> Page[Any]:
    try:
        size = max(1, min(MAX_PAGE_SIZE, int(str(page_size))))
    except ValueError:
        size = DEFAULT_PAGE_SIZE
    return Paginator(queryset, size).get_page(page)


def page_payload(page: Page[Any]) -> dict[str, Any]:
    """Return a page as the API's PageOut: its items, the total and the page numbers."""
    return {
        "items": list(page.object_list),
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
    }

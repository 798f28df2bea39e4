from rest_framework.pagination import CursorPagination


class MessageCursorPagination(CursorPagination):
    """`{next, previous, results}`, oldest first; stable while new messages arrive."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

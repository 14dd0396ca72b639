from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


class ApiPagination(PageNumberPagination):
    """`?page=N&page_size=M`: 50 rows by default, at most 200; a page past the end is 404."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = _("Rows per page (default 50, at most 200).")
    page_query_description = _("Page number, from 1.")
    max_page_size = MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        properties["count"]["description"] = "Number of rows matching the filters, on all pages."
        properties["next"]["description"] = "URL of the next page; null on the last."
        properties["previous"]["description"] = "URL of the previous page; null on the first."
        properties["results"]["description"] = "The rows of this page."
        return response

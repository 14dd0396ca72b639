"""Helpers to post the admin's nested inline forms the way a browser does."""

from html.parser import HTMLParser


class ManagementFormParser(HTMLParser):
    """Collects the hidden management-form inputs of every (nested) inline formset."""

    SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name") or ""
        if tag != "input" or attributes.get("type") != "hidden" or not name.endswith(self.SUFFIXES):
            return
        # The templates nested-admin clones for new rows are not part of the submitted form.
        if "__prefix__" in name or "-empty-" in name:
            return
        self.data[name] = attributes.get("value") or ""


def management_form_data(response) -> dict[str, str]:
    assert response.status_code == 200
    parser = ManagementFormParser()
    parser.feed(response.content.decode())
    assert "detentions-TOTAL_FORMS" in parser.data
    return parser.data

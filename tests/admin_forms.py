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


class FormFieldsParser(HTMLParser):
    """The fields a browser would submit from an admin change form, with their values."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
            return
        name = attrs.get("name")
        if not self.in_form:
            return
        if tag == "input" and name and attrs.get("type") not in {"submit", "file"}:
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(
                attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # The template puts a newline right after <textarea>; a browser drops it.
            self.data[self._textarea][0] += data.removeprefix("\n") if not self.data[self._textarea][0] else data


def change_form_data(client, url: str, form_id: str = "case_form") -> dict[str, list[str]]:
    """The data a browser submits from the admin form at `url`, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFieldsParser(form_id)
    parser.feed(response.content.decode())
    # Templates for "add another" rows are not submitted by a browser.
    return {name: values for name, values in parser.data.items() if "__prefix__" not in name and "-empty-" not in name}

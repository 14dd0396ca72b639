"""Helpers to post admin forms the way a browser does: the case's own form and its record forms."""

from html.parser import HTMLParser


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
    """The data a browser submits from the form `form_id` at `url`, unchanged.

    The case's own form is `case_form` (at `change/?edit=details`); a record form of the
    case page is `<kind>-<record id>-form` or `<kind>-new-form`.
    """
    response = client.get(url)
    assert response.status_code == 200
    parser = FormFieldsParser(form_id)
    parser.feed(response.content.decode())
    # Templates for "add another" rows are not submitted by a browser.
    return {name: values for name, values in parser.data.items() if "__prefix__" not in name and "-empty-" not in name}

"""Write scripts/ru_translations*.py into the Russian catalogue; list what is missing.

Usage: .venv/bin/python scripts/fill_translations.py  (exits 1 if a string lacks a translation)
Needs only the standard library, so it runs on a fresh clone.
"""

import importlib
import re
import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS_DIR))


def _load_translations() -> tuple[dict[str, str], dict[str, list[str]]]:
    """RU and RU_PLURAL merged from ru_translations.py and one ru_translations_<part>.py per area."""
    singular, plural = {}, {}
    for path in sorted(SCRIPTS_DIR.glob("ru_translations*.py")):
        module = importlib.import_module(path.stem)
        singular.update(module.RU)
        plural.update(getattr(module, "RU_PLURAL", {}))
    return singular, plural


RU, RU_PLURAL = _load_translations()

PO_PATH = Path(__file__).resolve().parent.parent / "casetracker/locale/ru/LC_MESSAGES/django.po"
ENTRY_RE = re.compile(r'(msgid "(?:[^"\\]|\\.)*"\n(?:"(?:[^"\\]|\\.)*"\n)*)', re.MULTILINE)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts).encode("raw_unicode_escape").decode("unicode_escape")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _fill_header(entry: str) -> str:
    replacements = {
        "#, fuzzy\n": "",
        "SOME DESCRIPTIVE TITLE.": "Russian translation of casetracker.",
        "PACKAGE VERSION": "casetracker",
        '"Language: \\n"': '"Language: ru\\n"',
        "Language-Team: LANGUAGE <LL@li.org>": "Language-Team: casetracker",
    }
    for old, new in replacements.items():
        entry = entry.replace(old, new)
    return entry


def main() -> int:
    text = PO_PATH.read_text(encoding="utf-8")
    entries = text.split("\n\n")
    missing = []
    out = []
    for entry in entries:
        msgid_match = re.search(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)', entry, re.MULTILINE)
        if not msgid_match or 'msgid ""\nmsgstr ""\n"Project' in entry:
            out.append(_fill_header(entry))
            continue
        msgid = unquote(msgid_match.group(1))
        if msgid == "":
            out.append(entry)
            continue
        head = entry[: msgid_match.start()]
        # Drop msgmerge's fuzzy marks and previous-msgid comments: the entry is rewritten whole.
        head = "".join(line for line in head.splitlines(keepends=True) if not line.startswith("#|"))
        head = head.replace("#, fuzzy\n", "").replace(", fuzzy", "")
        plural_match = re.search(r'^msgid_plural ((?:"(?:[^"\\]|\\.)*"\n?)+)', entry, re.MULTILINE)
        if plural_match:
            forms = RU_PLURAL.get(msgid)
            if forms is None:
                missing.append(msgid)
                out.append(entry)
                continue
            body = f"msgid {quote(msgid)}\nmsgid_plural {quote(unquote(plural_match.group(1)))}\n"
            body += "\n".join(f"msgstr[{i}] {quote(form)}" for i, form in enumerate(forms))
        else:
            translation = RU.get(msgid)
            if translation is None:
                missing.append(msgid)
                out.append(entry)
                continue
            body = f"msgid {quote(msgid)}\nmsgstr {quote(translation)}"
        out.append(head + body)
    PO_PATH.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    for msgid in missing:
        print(f"missing Russian translation: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

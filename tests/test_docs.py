"""The README and docs/ name only things that exist: linked files, make targets, manage.py commands.

`make docs` (mkdocs build --strict) checks the links inside docs/; the README is outside
the site, so its links are checked here, and so are the commands every page tells a
reader to run.
"""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
MAKE = re.compile(r"\bmake ([a-z][a-z-]*)")
MANAGE = re.compile(r"manage\.py ([a-z_]+)")
# Words after "make" in prose that are not targets ("make sure", "makes new recovery codes").
NOT_TARGETS = {"sure"}


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _make_targets() -> set[str]:
    makefile = _text(ROOT / "Makefile")
    return set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE))


def test_readme_links_point_at_files_in_the_repository():
    links = [link for link in LINK.findall(_text(README)) if "://" not in link]
    assert links, "the README should point into docs/"
    missing = [link for link in links if not (README.parent / link).exists()]
    assert missing == []


def test_readme_keeps_the_two_commands():
    text = _text(README)
    assert "```sh\nmake run\n```" in text
    assert "```sh\nmake test\n```" in text


def test_every_make_target_named_in_the_docs_exists():
    targets = _make_targets()
    named = {(page.name, target) for page in PAGES for target in MAKE.findall(_text(page))}
    assert {"run", "test", "docs"} <= {target for _page, target in named}
    unknown = sorted((page, target) for page, target in named if target not in targets | NOT_TARGETS)
    assert unknown == []


def test_every_manage_py_command_named_in_the_docs_exists():
    commands = set(get_commands())
    named = {(page.name, command) for page in PAGES for command in MANAGE.findall(_text(page))}
    assert {"rotate_keys", "purge_expired_exports"} <= {command for _page, command in named}
    unknown = sorted((page, command) for page, command in named if command not in commands)
    assert unknown == []


def test_every_page_is_in_the_site_navigation():
    config = _text(ROOT / "mkdocs.yml")
    pages = sorted(str(page.relative_to(ROOT / "docs")) for page in (ROOT / "docs").rglob("*.md"))
    assert [page for page in pages if f": {page}\n" not in config] == []

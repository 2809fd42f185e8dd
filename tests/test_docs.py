"""The design lives in the repository, in docs/: every page is in the index, every relative link
resolves (to a file, and to a heading where it names one), and no file of the code base cites a
design document kept somewhere else, which people who clone the project would not have."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Built from pieces, so that this file does not contain what it looks for.
CITATIONS = ["DESIGN" + " §", "DESIGN" + ".md", ".." + "/shared"]
CODE_BASE = [
    "zhaoshang",
    "tests",
    "bench",
    "scripts",
    "README.md",
    "Makefile",
    "pyproject.toml",
    "package.json",
]
# Not ours (copied from npm at setup), or made by running things.
NOT_OURS = ["zhaoshang/static/vendor", "bench/out"]
BINARY = {".mo", ".pyc", ".png", ".jpg", ".woff", ".woff2", ".sqlite3", ".xlsx", ".docx", ".pdf"}
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def code_base_files() -> list[Path]:
    files = []
    for name in CODE_BASE:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            relative = candidate.relative_to(ROOT).as_posix()
            if (
                candidate.is_file()
                and candidate.suffix not in BINARY
                and "__pycache__" not in candidate.parts
                and not any(relative.startswith(f"{prefix}/") for prefix in NOT_OURS)
            ):
                files.append(candidate)
    return files


def citations_in(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if any(citation in line for citation in CITATIONS):
                found.append(f"{path}:{number}: {line.strip()}")
    return found


def test_no_file_of_the_code_base_cites_a_design_document_outside_the_repository():
    files = code_base_files()
    assert ROOT / "zhaoshang" / "stats" / "selectors.py" in files
    assert ROOT / "README.md" in files
    assert citations_in(files) == []


def test_the_check_finds_a_citation(tmp_path):
    source = tmp_path / "module.py"
    source.write_text(f'"""The figures ({CITATIONS[0]}4)."""\n', encoding="utf-8")
    clean = tmp_path / "clean.py"
    clean.write_text('"""The figures (docs/counting-rules.md)."""\n', encoding="utf-8")
    assert len(citations_in([source, clean])) == 1


def pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def links(page: Path) -> list[str]:
    return LINK.findall(outside_code(page.read_text(encoding="utf-8")))


def outside_code(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are not links."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(page: Path) -> set[str]:
    """The ids GitHub gives the page's headings: lower case, punctuation dropped, spaces to '-'."""
    found = set()
    for line in outside_code(page.read_text(encoding="utf-8")).splitlines():
        match = HEADING.match(line)
        if match:
            text = match.group(1).lower().replace("`", "")
            found.add(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))
    return found


def broken_links(page: Path) -> list[str]:
    broken = []
    for target in links(page):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            continue  # http:, https:, mailto:
        path, _hash, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        if not resolved.exists():
            broken.append(f"{page.name}: {target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            broken.append(f"{page.name}: {target} (no such heading)")
    return broken


def test_every_page_is_in_the_index_and_every_page_it_lists_exists():
    index = DOCS / "README.md"
    listed = {
        (DOCS / target.partition("#")[0]).resolve()
        for target in links(index)
        if target.partition("#")[0].endswith(".md")
    }
    assert {page.resolve() for page in pages() if page != index} <= listed
    missing = [str(path) for path in listed if not path.exists()]
    assert missing == []


def test_every_relative_link_in_the_docs_and_the_readme_resolves():
    assert len(pages()) >= 6
    broken = [problem for page in [*pages(), ROOT / "README.md"] for problem in broken_links(page)]
    assert broken == []


def test_the_readme_links_the_docs():
    assert "docs/README.md" in links(ROOT / "README.md")


def test_the_link_check_finds_a_broken_link_and_a_missing_heading(tmp_path):
    (tmp_path / "there.md").write_text("# A heading\n\nText.\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](there.md) [ok](there.md#a-heading) [gone](gone.md) [wrong](there.md#nothing)\n"
        "`[not a link](nowhere.md)` [web](https://example.org/x.md)\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md: gone.md (no such file)",
        "page.md: there.md#nothing (no such heading)",
    ]

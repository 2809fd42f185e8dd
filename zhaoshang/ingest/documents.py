"""The text of a file someone hands us: .txt (UTF-8, GBK or Big5), .html (tags stripped with the
standard library's parser; scripts and styles dropped) or .docx (paragraphs and table cells)."""

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import PurePath

import docx
from django.conf import settings
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError

from zhaoshang.core.encoding import UnknownEncoding, decode_text

TEXT_SUFFIXES = {"", ".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = (".txt", ".html", ".htm", ".docx")
MAX_DOCX_PARTS = 10_000  # a document has a few dozen
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


class DocumentError(Exception):
    """The file cannot be read as text."""


def read_document(content: bytes, filename: str) -> str:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".docx":
        text = _docx_text(content)
    elif suffix in HTML_SUFFIXES:
        text = html_text(_decoded(content, html=True))
    elif suffix in TEXT_SUFFIXES:
        text = _decoded(content, html=False)
    elif suffix == ".doc":
        raise DocumentError(_("不支持旧版 Word(.doc)文件,请另存为 .docx 或 .txt 后再试。"))
    else:
        raise DocumentError(
            _("不支持的文件类型“%(suffix)s”,请使用 .txt、.html 或 .docx 文件。")
            % {"suffix": suffix}
        )
    if not text.strip():
        raise DocumentError(_("文件“%(file)s”中没有文字。") % {"file": filename})
    return text


def _decoded(content: bytes, *, html: bool) -> str:
    if html:
        declared = _META_CHARSET.search(content[:4096])
        if declared:
            try:
                return content.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass  # a page that lies about its encoding: guess as for plain text
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(_("这不是文本文件(含有二进制内容)。"))
    try:
        return decode_text(content)
    except UnknownEncoding as exc:
        raise DocumentError(_("无法识别文件的编码,请另存为 UTF-8 或 GBK 编码的文本文件。")) from exc


def _docx_text(content: bytes) -> str:
    _check_unzipped_size(content)
    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(_("无法读取该 Word 文件,请确认它是 .docx 格式且未损坏。")) from exc
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _check_unzipped_size(content: bytes) -> None:
    """A .docx is a zip: what it says it inflates to is checked before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise DocumentError(_("无法读取该 Word 文件,请确认它是 .docx 格式且未损坏。")) from exc
    limit = settings.INGEST_MAX_UNZIPPED_BYTES
    if len(entries) > MAX_DOCX_PARTS or sum(entry.file_size for entry in entries) > limit:
        raise DocumentError(
            _("该 Word 文件解压后过大(超过 %(limit)s MB),不予读取。")
            % {"limit": limit // 1024 // 1024}
        )


# --- HTML -------------------------------------------------------------------------------------

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_text(markup: str) -> str:
    """The text a browser shows, a line per block; what is in scripts and styles is dropped."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)

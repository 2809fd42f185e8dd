"""Text files as people save them: UTF-8 (with or without BOM), UTF-16 by its BOM, GBK/GB18030
(what Excel, WPS and Notepad write on Chinese Windows), Big5 from Taiwan or Hong Kong."""

from charset_normalizer import from_bytes

CHINESE_ENCODINGS = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"}


class UnknownEncoding(ValueError):
    """The bytes read as no encoding we know."""


def decode_text(content: bytes) -> str:
    """UTF-8 (BOM or not) when it decodes as such; UTF-16 by its BOM; GB18030 (a superset of GBK
    and GB2312) when its text reads as everyday Chinese; else what charset-normalizer makes of it
    (Big5, often)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and common_chinese(text):
        return text
    # charset-normalizer guesses poorly on a few short lines of Chinese (Korean, often): among
    # the encodings it finds plausible, Chinese ones come first.
    matches = list(from_bytes(content[:200_000]))
    matches.sort(key=lambda match: match.encoding not in CHINESE_ENCODINGS)
    for match in matches:
        try:
            return content.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    if text is not None:
        return text
    raise UnknownEncoding


def common_chinese(text: str) -> bool:
    """Whether nearly all the Chinese characters are among the 6,763 of GB2312: true of any
    text read in the right encoding, rarely of bytes read in the wrong one."""
    chinese = [c for c in text[:20_000] if ord(c) > 0x2E7F]
    if not chinese:
        return True
    common = sum(1 for c in chinese if in_gb2312(c))
    return common >= 0.9 * len(chinese)


def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True

"""Page clutter: the lines a web page wraps around an article, recognised by what they are rather
than by any one site's wording — plug-in notices, breadcrumbs, share/print/close links, copyright
footers, counters, and a headline printed twice."""

import re

PLUGIN = "plugin"
BREADCRUMB = "breadcrumb"
LINKS = "links"
FOOTER = "footer"
PAGE_INFO = "page_info"
REPEATED = "repeated"

SHORT = 40  # a line of links or a breadcrumb is short
HEADLINE = 60  # a headline is short and has no full stop

_PLUGIN = re.compile(
    r"flash\s*player|adobe\s*flash|(?:需要|安装|下载|获取|升级).{0,12}(?:插件|播放器|flash)"
    r"|浏览器.{0,10}(?:不支持|版本过低|升级)|(?:启用|开启|支持)\s*javascript",
    re.IGNORECASE,
)
_BREADCRUMB_LEAD = re.compile(r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置)\s*[:：]")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:>>|[>＞›»→/]|&gt;)\s*")
_LINK_WORDS = re.compile(
    r"分享到|一键分享|打印本页|打印此页|打印本文|【打印】|\[打印\]|关闭窗口|关闭本页|【关闭】|\[关闭\]"
    r"|返回顶部|返回首页|收藏本页|加入收藏|推荐给朋友|扫一扫|字号[:：]|上一篇|下一篇"
)
_FOOTER = re.compile(
    r"版权所有|copyright|©|\(c\)\s*\d{4}|all rights reserved|icp备|icp证|公网安备|备案号"
    r"|主办单位[:：]|承办单位[:：]|技术支持[:：]|未经授权.{0,10}(?:转载|复制)",
    re.IGNORECASE,
)
_PAGE_INFO = re.compile(
    r"(?:浏览|点击|阅读|访问)(?:次数|量|数)\s*[:：]|责任编辑\s*[:：]|【字体|^\s*编辑\s*[:：]"
    r"|(?:来源|稿源)\s*[:：].{0,30}(?:发布|时间|日期)"
)
_SENTENCE_END = re.compile(r"[。！？!?]")


def clutter_reason(line: str, seen: set[str]) -> str | None:
    """Why line is page clutter, or None when it is text. seen: the short lines already kept
    (normalised), to drop a headline printed again."""
    text = line.strip()
    if not text:
        return None
    if len(text) <= 100 and _PLUGIN.search(text):
        return PLUGIN
    if len(text) <= 120 and _is_breadcrumb(text):
        return BREADCRUMB
    if len(text) <= SHORT * 2 and _LINK_WORDS.search(text) and not _SENTENCE_END.search(text):
        return LINKS
    if len(text) <= 160 and _FOOTER.search(text):
        return FOOTER
    if len(text) <= 100 and _PAGE_INFO.search(text):
        return PAGE_INFO
    key = headline_key(text)
    if len(text) <= HEADLINE and not _SENTENCE_END.search(text) and key in seen:
        return REPEATED
    return None


def headline_key(line: str) -> str:
    return re.sub(r"\s+", "", line)


def _is_breadcrumb(text: str) -> bool:
    if _BREADCRUMB_LEAD.match(text):
        return True
    parts = _CRUMB_SEPARATORS.split(text)
    return (
        len(parts) >= 3
        and all(0 < len(part) <= 12 for part in parts)
        and not _SENTENCE_END.search(text)
        and not any(re.search(r"https?:|www\.", part) for part in parts)
    )

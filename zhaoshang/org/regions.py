"""Resolving what people type for a place (a ledger's 投资方所在地) to a Region."""

import unicodedata

from django.db.models import Q

from zhaoshang.org.models import Region

# NFKC turns the full-width brackets of 刚果（金） into ASCII ones; the stored names keep
# the full-width form, so both spellings are looked up.
FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")


def find_region(text: str) -> Region | None:
    """The region named by `text`: a full name (山东省, 德州市, 日本) or a short one (山东, 德州).

    Exact matches only, after NFKC and with spaces removed. A full name wins over a short one.
    A short name shared by a province and a city means the province (吉林 is 吉林省, not 吉林市;
    海南 is 海南省, not 青海's 海南藏族自治州), as people write it; otherwise a name that fits
    several regions gives None rather than a guess.
    """
    key = "".join(unicodedata.normalize("NFKC", text).split())
    if not key:
        return None
    spellings = {key, key.translate(FULL_WIDTH_BRACKETS)}
    # No cache: tests and admins change regions, and one indexed query is cheap.
    candidates = list(Region.objects.filter(Q(name__in=spellings) | Q(short_name__in=spellings)))
    for matches in (
        [region for region in candidates if region.name in spellings],
        [region for region in candidates if region.level != Region.Level.CITY],
        candidates,
    ):
        if matches:
            return matches[0] if len(matches) == 1 else None
    return None

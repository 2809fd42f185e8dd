"""Types the apps share in their annotations."""

from typing import TypeAlias

from django.utils.functional import Promise

# A text to show: a str, or a lazy translation (gettext_lazy) made a str when it is shown.
Text: TypeAlias = str | Promise

"""Rules for new passwords beyond Django's own (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with its message in our catalogue: Django 5.2 reworded it, and its Chinese
    catalogue still has only the old wording, so the refusal came out in English."""

    def get_error_message(self):
        return ngettext(
            "密码太短：至少需要 %(min_length)d 个字符。",
            "密码太短：至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}

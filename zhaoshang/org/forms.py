"""Forms of the accounts pages. They only read input; every rule is the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from zhaoshang.org.models import Role, Unit, User, Zone


class RoleFields(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices, initial=Role.MEMBER)
    unit = forms.ModelChoiceField(
        label=_("所在单位"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("招商人员必填;其他角色不属于单位。"),
    )

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(zone=zone)


class NewAccountForm(RoleFields):
    username = forms.CharField(label=_("用户名"), max_length=150)
    name = forms.CharField(label=_("姓名"), max_length=150, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    password1 = forms.CharField(label=_("初始密码"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("再次输入密码"), strip=False, widget=forms.PasswordInput)

    field_order = ["username", "name", "email", "role", "unit", "password1", "password2"]

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class RoleForm(RoleFields):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActiveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    active = forms.BooleanField(required=False)


def user_label(user: User) -> str:
    return user.get_full_name() or user.username

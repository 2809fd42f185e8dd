"""Forms of the people and units pages. They only read input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.forms import DateField
from zhaoshang.org.models import Role, Unit, User, Zone
from zhaoshang.org.regions import find_region
from zhaoshang.org.selectors import people_of


class PersonChoiceField(forms.ModelChoiceField):
    """A person of the zone, shown by name and username (names repeat, usernames do not)."""

    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name}({obj.username})" if name else obj.username


class PlaceField(forms.CharField):
    """A place as people write it (河北, 德州市, 日本) read into a Region, or None when empty."""

    widget = forms.TextInput(attrs={"maxlength": 50})

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        region = find_region(text)
        if region is None:
            raise ValidationError(
                _("找不到地区“%(value)s”:请填写省、地级市或国家的名称。"), params={"value": text}
            )
        return region

    def prepare_value(self, value):
        return getattr(value, "name", value)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类型"), choices=Unit.Kind.choices)
    head = PersonChoiceField(
        label=_("负责人"), queryset=User.objects.none(), required=False, empty_label=_("未指定")
    )
    city = PlaceField(
        label=_("驻点城市"), required=False, help_text=_("仅驻点填写,如 上海、深圳市")
    )
    started_on = DateField(
        label=_("驻点起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = DateField(
        label=_("驻点结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("仍在驻点的留空"),
    )
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=10000, initial=0)

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        head = self.fields["head"]
        assert isinstance(head, forms.ModelChoiceField)
        head.queryset = people_of(zone)

    @staticmethod
    def initial_from(unit: Unit) -> dict:
        return {
            "name": unit.name,
            "kind": unit.kind,
            "head": unit.head_id,
            "city": unit.city.name if unit.city else "",
            "started_on": unit.started_on,
            "ended_on": unit.ended_on,
            "sort_order": unit.sort_order,
        }


class PersonForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), required=False, max_length=254)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("所在单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("无"),
        help_text=_("招商人员必填"),
    )

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(zone=zone)


class NewPersonForm(PersonForm):
    username = forms.CharField(
        label=_("用户名"), max_length=150, help_text=_("登录用,字母、数字和 @ . + - _")
    )
    password = forms.CharField(
        label=_("初始密码"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("至少 10 个字符;请本人登录后修改"),
    )
    field_order = ["username", "name", "email", "role", "unit", "password"]

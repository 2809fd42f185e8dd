from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from zhaoshang.api.tokens import create_token
from zhaoshang.core.cli import DataCommand, command_error
from zhaoshang.core.models import Source


class Command(DataCommand):
    help = (
        "为用户新建接口令牌,只显示这一次。 / Print a new API token for USER (shown this once; "
        "only its hash is kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("user", help="用户名 / username")
        parser.add_argument("--expires", type=int, metavar="DAYS", help="有效天数 / days valid")
        parser.add_argument("--read-only", action="store_true", help="只读 / reads only")
        parser.add_argument("--name", default="", help="名称(用途) / what it is for")

    def handle(self, *args, user: str, expires, read_only: bool, name: str, **options):
        found = get_user_model().objects.filter(username=user).first()
        if found is None:
            raise CommandError(f"没有用户“{user}”。 / No user {user!r}.")
        try:
            _token, secret = create_token(
                user=found,
                actor=None,
                name=name,
                expires_days=expires,
                read_only=read_only,
                source=Source.API,
            )
        except ValidationError as exc:
            raise command_error(exc) from exc
        self.stdout.write(secret)

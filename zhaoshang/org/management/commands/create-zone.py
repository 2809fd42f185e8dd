from django.core.exceptions import ValidationError

from zhaoshang.core.cli import DataCommand, command_error
from zhaoshang.org.services import create_zone


class Command(DataCommand):
    help = "新建一个空的开发区。 / Create an empty zone."

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="代码,如 yunhe / zone code")
        parser.add_argument("--name", required=True, help="名称 / zone name")
        parser.add_argument(
            "--code-prefix",
            default="",
            help="项目编号前缀(默认为代码的大写)/ prefix of the project codes the system gives",
        )

    def handle(self, *args, code: str, name: str, code_prefix: str, **options):
        try:
            zone = create_zone(code=code, name=name, code_prefix=code_prefix)
        except ValidationError as exc:
            raise command_error(exc) from exc
        self.stdout.write(f"{zone.code} {zone.name}")

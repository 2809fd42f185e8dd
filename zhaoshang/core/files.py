"""Files the commands write: whole or not at all, and with the mode any other file gets.

A file is written beside its target under a temporary name, then renamed into place, so a
failed or interrupted write leaves the old file (or none), never half a new one. The temporary
file is created with mode 0666 less the user's umask, as open() would create the target itself
(tempfile's files are 0600 whatever the umask: a briefing written through one could not be read
by the colleagues the umask lets read every other file). A file that is replaced keeps its
mode, as it would if it were overwritten in place: one made private stays private.
"""

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write `path`'s new content into; it replaces `path` when the block
    ends without an exception, and is removed otherwise. OSError as open() raises it."""
    directory = path.parent if str(path.parent) else Path(".")
    temporary = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as out:
            yield out
        with contextlib.suppress(FileNotFoundError):  # a new file: the mode the umask gives
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise

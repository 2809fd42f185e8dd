"""A ledger upload past the size limit is refused while it arrives, before it is stored."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUpload(FileUploadHandler):
    """First in the request's chain of upload handlers: counts each file's bytes as they arrive
    and skips a file once it passes `limit`. What arrived until then went to a temporary file
    (uploads over FILE_UPLOAD_MAX_MEMORY_SIZE never sit in memory), which is deleted at once; the
    rest is read and dropped. The request keeps `upload_too_big` for the form's message."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            setattr(self.request, "upload_too_big", self.received)  # noqa: B010 (not a field of HttpRequest)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler keeps the file

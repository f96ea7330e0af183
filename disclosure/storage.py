"""What the default storage raises when it cannot do what it is asked.

    try:
        ...  # storage.open / exists / listdir / save / delete
    except storage_errors() as exc:
        reason = storage_failure(exc)

The local file system raises OSError. The S3 backend (django-storages, chosen
in settings by AWS_STORAGE_BUCKET_NAME) raises botocore's errors, which are no
OSError: `ClientError` for what the service answered (NoSuchKey, NoSuchBucket,
AccessDenied…), `BotoCoreError` when it could not be reached or asked
(connection refused, timeout, no credentials), and s3transfer's error for a
download retried in vain. Their classes are looked up among the modules
already loaded instead of imported: a process on the file system never loads
boto3, and where botocore is not loaded none of its errors can arise.
"""

import sys

S3_ERRORS = (
    ("botocore.exceptions", "ClientError"),
    ("botocore.exceptions", "BotoCoreError"),
    ("s3transfer.exceptions", "RetriesExceededError"),
)


def storage_errors() -> tuple[type[Exception], ...]:
    """The exception classes of a storage failure, for an `except` clause."""
    found: list[type[Exception]] = [OSError]
    for module_name, class_name in S3_ERRORS:
        module = sys.modules.get(module_name)
        if module is not None:
            found.append(getattr(module, class_name))
    return tuple(found)


def storage_failure(exc: BaseException) -> str | None:
    """A short reason for a storage failure ("NoSuchBucket"); None for other errors."""
    if isinstance(exc, OSError):
        # Without strerror it is no system call's failure, and says little.
        return exc.strerror or None
    if not isinstance(exc, storage_errors()):
        return None
    # A ClientError carries the service's error code, e.g. NoSuchBucket.
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return str(code)
    return type(exc).__name__

"""Payment-proof files: checked by content (never by name or declared type), images decoded under a
pixel cap and re-encoded (which also drops EXIF such as GPS), stored under generated names."""

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.common.errors import ApplicationError, ErrorCode

# (content type, extension, Pillow format or None when the file is kept as sent)
_JPEG = ("image/jpeg", "jpg", "JPEG")
_PNG = ("image/png", "png", "PNG")
_WEBP = ("image/webp", "webp", "WEBP")
_PDF = ("application/pdf", "pdf", None)


@dataclass(frozen=True)
class CleanProof:
    content: ContentFile
    content_type: str
    size: int


def sniff(head: bytes) -> tuple[str, str, str | None] | None:
    if head.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _WEBP
    if head.startswith(b"%PDF-"):
        return _PDF
    return None


def _reencode(data: bytes, pillow_format: str) -> bytes:
    max_pixels = settings.PROOF_MAX_IMAGE_PIXELS
    too_large = ApplicationError(ErrorCode.IMAGE_TOO_LARGE, "The image is too large to process.", 400)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format != pillow_format:
                raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The file type does not match its content.",
                                       400)
            width, height = image.size
            # Checked from the header, before a single pixel is decoded.
            if width * height > max_pixels or width > 20000 or height > 20000:
                raise too_large
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ApplicationError(ErrorCode.INVALID_IMAGE, "The image could not be read.", 400) from None

    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    if pillow_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    elif pillow_format == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=90)
    return out.getvalue()


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The PDF is incomplete or damaged.", 400)


def clean_proof(upload, *, max_bytes: int) -> CleanProof:
    """Validate an uploaded file and return what to store. Raises 413/400 with a machine code."""
    if upload is None:
        raise ApplicationError(ErrorCode.PROOF_REQUIRED, "Attach the payment proof as `file`.", 400)
    if upload.size is None or upload.size > max_bytes:
        raise ApplicationError(ErrorCode.FILE_TOO_LARGE,
                               f"The file is larger than {max_bytes // (1024 * 1024)} MB.", 413,
                               max_bytes=max_bytes)
    if upload.size == 0:
        raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The file is empty.", 400)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ApplicationError(ErrorCode.FILE_TOO_LARGE, "The file is too large.", 413, max_bytes=max_bytes)
    kind = sniff(data[:16])
    if kind is None:
        raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "Upload a JPEG, PNG, WebP image or a PDF.", 400)
    content_type, extension, pillow_format = kind
    if pillow_format:
        data = _reencode(data, pillow_format)
    else:
        _check_pdf(data)
    now = timezone.now()
    name = f"proofs/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"
    return CleanProof(content=ContentFile(data, name=name), content_type=content_type, size=len(data))

"""Payment-proof files: checked by content (never by name or declared type), images decoded under a
pixel cap and re-encoded from their pixels alone (no metadata of any kind survives: EXIF/GPS, XMP,
ICC, comments, text chunks), PDFs refused when they carry active content (docs/decisions/
0005-payment-proofs.md), stored under generated names."""

import io
import logging
import re
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

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
    if image.mode in ("P", "PA", "L", "LA") and "transparency" in image.info:
        image = image.convert("RGBA")  # keep transparency as pixels: the info dict goes below
    # Pillow writes some of `info` back on save (a JPEG comment, for one): keep the pixels only.
    image = image.copy()
    image.info = {}
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


# Names that make a PDF do something when opened or clicked: scripts, actions run on open or on
# events, launching programs, attached files, forms that submit or import, embedded media.
PDF_ACTIVE_NAMES = frozenset({
    "/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles",
    "/FileAttachment", "/RichMedia", "/XFA", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR", "/Movie",
    "/Sound", "/Rendition",
})
_PDF_MAX_OBJECTS = 200_000
_PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files log warnings by the dozen


def _refused_pdf(message: str, code: str = ErrorCode.PDF_ACTIVE_CONTENT) -> ApplicationError:
    return ApplicationError(code, message, 400)


def _raw_active_name(data: bytes) -> str | None:
    """Every name written in the file's bytes, `#xx` escapes decoded (`/Java#53cript`): catches
    what sits outside the object graph too (a viewer repairing a broken file may find it). Stream
    data is left out: compressed bytes would match by chance, and the graph walk reads streams."""
    for match in _PDF_NAME.finditer(_PDF_STREAM.sub(b"stream endstream", data)):
        raw = match.group(0)
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw) if b"#" in raw else raw
        decoded = name.decode("latin-1")
        if decoded in PDF_ACTIVE_NAMES:
            return decoded
    return None


def _graph_active_name(reader: PdfReader) -> str | None:
    """Walk every object pypdf can reach (from the trailer and from every xref entry, object
    streams included, so compressed objects are seen decoded) and look at every key and name."""
    roots: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in numbers]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    seen: set[tuple[int, int]] = set()
    stack = roots
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ref = (item.idnum, item.generation)
            if ref in seen:
                continue
            seen.add(ref)
            item = item.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            raise _refused_pdf("The PDF is too complex to check.", ErrorCode.UNSUPPORTED_FILE_TYPE)
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_NAMES:
                    return str(key)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
            return str(item)
    return None


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF that is damaged, encrypted, or carries active content; keep it byte for byte
    otherwise (decision 0005: refusing is safer than rewriting, and a bank's receipt has none)."""
    if b"%%EOF" not in data[-2048:]:
        raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The PDF is incomplete or damaged.", 400)
    active = _raw_active_name(data)
    if active is None:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise _refused_pdf("Upload the PDF without a password (encrypted files can't be checked).",
                                   ErrorCode.UNSUPPORTED_FILE_TYPE)
            root = reader.trailer.get("/Root")
            root = root.get_object() if root is not None else None
            if not isinstance(root, DictionaryObject) or "/Pages" not in root:
                raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The PDF could not be read.", 400)
            active = _graph_active_name(reader)
        except ApplicationError:
            raise
        except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, RecursionError, OSError):
            raise ApplicationError(ErrorCode.UNSUPPORTED_FILE_TYPE, "The PDF could not be read.", 400) from None
    if active is not None:
        raise _refused_pdf("The PDF contains scripts, actions or attachments; upload a plain PDF or an image.",
                           ErrorCode.PDF_ACTIVE_CONTENT)


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

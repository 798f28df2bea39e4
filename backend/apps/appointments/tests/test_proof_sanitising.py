"""Proofs keep nothing but their content: every metadata segment of an image is dropped on
re-encode (a JPEG comment survived before), and PDFs carrying active content are refused."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from apps.appointments.models import AppointmentStatus
from apps.appointments.storage import private_storage

from .helpers import PDF, upload

pytestmark = pytest.mark.django_db

SECRET = b"SECRET-METADATA-42"
_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
_EXIF = Image.Exif()
_EXIF[0x010F] = "SECRET-METADATA-42"


def _image(fmt: str, **params) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 200)).save(out, fmt, **params)
    return out.getvalue()


def _store(as_user, appointment, data: bytes, name: str, content_type: str):
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/upload-payment-proof/",
                                                {"file": upload(data, name, content_type)}, format="multipart")
    return response


def _stored(appointment) -> bytes:
    appointment.refresh_from_db()
    return private_storage.open(appointment.payment_proof.name).read()


def jpeg_segments(data: bytes) -> list[int]:
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        markers.append(marker)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            break
        i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]
    return markers


def png_chunks(data: bytes) -> list[bytes]:
    chunks, i = [], 8
    while i < len(data):
        length = struct.unpack(">I", data[i:i + 4])[0]
        chunks.append(data[i + 4:i + 8])
        i += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    chunks, i = [], 12
    while i < len(data):
        size = struct.unpack("<I", data[i + 4:i + 8])[0]
        chunks.append(data[i:i + 4])
        i += 8 + size + (size & 1)
    return chunks


@pytest.fixture
def awaiting(make_appointment):
    return make_appointment(AppointmentStatus.AWAITING_PAYMENT)


def test_a_jpeg_keeps_no_comment_exif_xmp_or_icc_segment(as_user, awaiting):
    data = _image("JPEG", comment=SECRET, exif=_EXIF.tobytes(), icc_profile=_ICC,
                  xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>")
    assert 0xFE in jpeg_segments(data) and SECRET in data  # the upload has them all
    assert _store(as_user, awaiting, data, "p.jpg", "image/jpeg").status_code == 200
    stored = _stored(awaiting)
    segments = jpeg_segments(stored)
    # APP0 (JFIF), quantisation and Huffman tables, the frame, the scan: nothing else
    assert set(segments) <= {0xE0, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDD, 0xDA}, [hex(m) for m in segments]
    assert SECRET not in stored and _ICC[:64] not in stored


def test_a_png_keeps_no_text_exif_or_icc_chunk(as_user, awaiting):
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("Author", SECRET.decode(), zip=True)
    data = _image("PNG", pnginfo=info, exif=_EXIF.tobytes(), icc_profile=_ICC, dpi=(300, 300))
    assert _store(as_user, awaiting, data, "p.png", "image/png").status_code == 200
    chunks = png_chunks(_stored(awaiting))
    assert set(chunks) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}, chunks


def test_a_palette_png_keeps_its_transparency_as_pixels(as_user, awaiting):
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    image.putpixel((0, 0), 1)
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    assert _store(as_user, awaiting, out.getvalue(), "p.png", "image/png").status_code == 200
    stored = Image.open(io.BytesIO(_stored(awaiting))).convert("RGBA")
    assert stored.getpixel((1, 1))[3] == 0 and stored.getpixel((0, 0)) == (0, 255, 0, 255)


def test_a_webp_keeps_no_exif_xmp_or_icc_chunk(as_user, awaiting):
    data = _image("WEBP", exif=_EXIF.tobytes(), icc_profile=_ICC, xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>")
    assert _store(as_user, awaiting, data, "p.webp", "image/webp").status_code == 200
    stored = _stored(awaiting)
    assert set(webp_chunks(stored)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    assert SECRET not in stored


def _pdf(*objects: bytes, compress_into_object_stream: bool = False) -> bytes:
    """A well-formed PDF (xref table and all) with the catalog as object 1 and `objects` after it."""
    body = [b"<</Type/Catalog/Pages 2 0 R%s>>", b"<</Type/Pages/Count 0/Kids[]>>"]
    extra = list(objects)
    catalog_extra = b""
    if extra and extra[0].startswith(b"CATALOG:"):
        catalog_extra = extra.pop(0)[len(b"CATALOG:"):]
    body[0] = body[0] % catalog_extra
    body += extra
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(body, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + content + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref))
    return out.getvalue()


def _object_stream_pdf(hidden: bytes) -> bytes:
    """PDF 1.5 with the catalog inside a compressed object stream (no name readable in the bytes),
    and a cross-reference stream."""
    catalog = b"<</Type/Catalog/Pages 2 0 R " + hidden + b">>"
    pages = b"<</Type/Pages/Count 0/Kids[]>>"
    header = b"1 0 2 %d " % len(catalog)
    payload = zlib.compress(header + catalog + pages)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    stm = out.tell()
    out.write(b"3 0 obj\n<</Type/ObjStm/N 2/First %d/Filter/FlateDecode/Length %d>>\nstream\n"
              % (len(header), len(payload)) + payload + b"\nendstream\nendobj\n")
    xref_offset = out.tell()
    rows = [b"\x00" + struct.pack(">IH", 0, 65535), b"\x02" + struct.pack(">IH", 3, 0),
            b"\x02" + struct.pack(">IH", 3, 1), b"\x01" + struct.pack(">IH", stm, 0), b""]
    rows[4] = b"\x01" + struct.pack(">IH", xref_offset, 0)
    data = zlib.compress(b"".join(rows))
    out.write(b"4 0 obj\n<</Type/XRef/Size 5/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length %d>>\nstream\n"
              % len(data) + data + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref_offset)
    return out.getvalue()


ACTIVE_PDFS = {
    "javascript": _pdf(b"CATALOG:/Names<</JavaScript 3 0 R>>", b"<</Names[(x) 4 0 R]>>",
                       b"<</S/JavaScript/JS(app.alert(1))>>"),
    "open_action": _pdf(b"CATALOG:/OpenAction 3 0 R", b"<</S/JavaScript/JS(app.alert(1))>>"),
    "additional_actions": _pdf(b"CATALOG:/AA<</O 3 0 R>>", b"<</S/Launch/F(calc.exe)>>"),
    "launch": _pdf(b"CATALOG:/OpenAction<</S/Launch/F(cmd.exe)>>"),
    "embedded_file": _pdf(b"CATALOG:/Names<</EmbeddedFiles 3 0 R>>", b"<</Names[(a.exe) 4 0 R]>>",
                          b"<</Type/Filespec/F(a.exe)/EF<</F 5 0 R>>>>",
                          b"<</Type/EmbeddedFile/Length 2>>\nstream\nMZ\nendstream"),
    "hex_escaped_name": _pdf(b"CATALOG:/Open#41ction 3 0 R", b"<</S/Java#53cript/JS(app.alert(1))>>"),
    "inside_an_object_stream": _object_stream_pdf(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
}


@pytest.mark.parametrize("kind", sorted(ACTIVE_PDFS))
def test_a_pdf_with_active_content_is_refused(as_user, awaiting, kind):
    response = _store(as_user, awaiting, ACTIVE_PDFS[kind], "receipt.pdf", "application/pdf")
    assert response.status_code == 400, (kind, response.content)
    assert response.json()["code"] == "pdf_active_content"
    awaiting.refresh_from_db()
    assert not awaiting.payment_proof


def test_the_object_stream_pdf_hides_its_names_from_a_byte_scan():
    assert b"OpenAction" not in ACTIVE_PDFS["inside_an_object_stream"]


@pytest.mark.parametrize("data", [PDF, _pdf(b"<</Producer(Bank)/Title(Receipt)>>"),
                                  _object_stream_pdf(b"/Lang(ru-RU)")])
def test_a_plain_pdf_is_kept_byte_for_byte(as_user, awaiting, data):
    response = _store(as_user, awaiting, data, "receipt.pdf", "application/pdf")
    assert response.status_code == 200, response.content
    assert _stored(awaiting) == data


def test_a_compressed_stream_that_happens_to_hold_an_action_name_is_fine(as_user, awaiting):
    noise = b"q /AA Q /JS /Launch"  # bytes inside a stream are page content, never an action
    data = _pdf(b"<</Length %d>>\nstream\n" % len(noise) + noise + b"\nendstream")
    assert _store(as_user, awaiting, data, "receipt.pdf", "application/pdf").status_code == 200


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n" + b"\x00" * 100 + b"\n%%EOF\n",  # no xref at all
    b"%PDF-1.7\n" + b"(" * 5000 + b"\nstartxref\n9\n%%EOF\n",
])
def test_a_pdf_that_can_not_be_parsed_is_400_not_500(as_user, awaiting, data):
    response = _store(as_user, awaiting, data, "receipt.pdf", "application/pdf")
    assert response.status_code == 400
    assert response.json()["code"] == "unsupported_file_type"

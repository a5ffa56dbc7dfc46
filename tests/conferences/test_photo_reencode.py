import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conferences.forms import PhotoField

GPS_TAG = 0x8825
ORIENTATION_TAG = 0x0112


def _jpeg_with_metadata(width=60, height=40) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6  # the camera was turned: show rotated by 90°
    exif[0x010F] = "Máy ảnh của đoàn viên"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_photo_is_reencoded_without_metadata_and_upright():
    upload = SimpleUploadedFile("anh.jpg", _jpeg_with_metadata(), content_type="image/jpeg")
    cleaned = PhotoField().clean(upload)
    cleaned.seek(0)
    with Image.open(cleaned) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (40, 60)  # rotated upright
        assert not stored.getexif()


@pytest.mark.parametrize(("fmt", "mode"), [("PNG", "RGBA"), ("WEBP", "RGB")])
def test_photo_keeps_its_format_when_reencoded(fmt, mode):
    buffer = io.BytesIO()
    Image.new(mode, (30, 20), "red").save(buffer, fmt)
    upload = SimpleUploadedFile(f"anh.{fmt.lower()}", buffer.getvalue())
    cleaned = PhotoField().clean(upload)
    cleaned.seek(0)
    with Image.open(cleaned) as stored:
        assert stored.format == fmt
        assert stored.size == (30, 20)

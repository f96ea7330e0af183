"""Response compression: Django's GZipMiddleware, less what is compressed already.

HTML, JSON, CSV and other text go out gzip-compressed when the client accepts
it, with Django's BREACH mitigation (random bytes in the gzip header, so the
compressed length does not reveal a secret on the page). A response that
already has a `Content-Encoding` is left alone: the cached report page is
compressed once, when it is cached (disclosure/views/public.py).
"""

import base64
import hashlib

from django.middleware import gzip

# Formats that are compressed inside (PDF streams, the zip of an xlsx or of the
# year's open data, images, fonts): gzip would spend CPU to save almost nothing.
COMPRESSED_TYPES = (
    "application/pdf",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.",
    "image/",
    "font/",
    "audio/",
    "video/",
)


class GZipMiddleware(gzip.GZipMiddleware):
    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith(COMPRESSED_TYPES):
            return response
        encoded = response.has_header("Content-Encoding")
        response = super().process_response(request, response)
        # Repr-Digest is the digest of the representation as sent, content
        # coding included (RFC 9530): once compressed here, it is the digest of
        # the gzip bytes. (Django already made a strong ETag weak.)
        compressed = not encoded and response.has_header("Content-Encoding")
        if compressed and response.has_header("Repr-Digest"):
            if response.streaming:
                # Unknown until the last chunk is sent.
                del response["Repr-Digest"]
            else:
                digest = base64.b64encode(hashlib.sha256(response.content).digest())
                response["Repr-Digest"] = f"sha-256=:{digest.decode()}:"
        return response

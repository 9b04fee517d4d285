"""collectstatic's brotli copies: full quality for ordinary files, a quicker quality for big
ones (the exercise page's Pyodide), and both still decompress to the original."""

from __future__ import annotations

import os

import brotli

from apps.core.staticstorage import BIG_FILE_BYTES, BigFileFriendlyCompressor


def test_small_files_get_brotli_s_best_compression():
    text = b"body { color: #111; } " * 2000
    assert BigFileFriendlyCompressor.compress_brotli(text) == brotli.compress(text)


def test_big_files_get_a_quicker_brotli_that_still_round_trips():
    big = os.urandom(64) * (BIG_FILE_BYTES // 64 + 1)
    compressed = BigFileFriendlyCompressor.compress_brotli(big)
    assert compressed != brotli.compress(big)
    assert brotli.decompress(compressed) == big


def test_the_site_s_static_storage_uses_it(settings):
    from django.core.files.storage import storages

    storage = storages.create_storage(settings.STORAGES["staticfiles"])
    assert isinstance(storage.create_compressor(), BigFileFriendlyCompressor)

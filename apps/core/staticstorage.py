"""Static files storage: whitenoise's, with brotli that does not spend minutes on big files.

collectstatic writes a gzip and a brotli copy of every text-like file. Brotli's top quality
(11, whitenoise's choice) takes tens of seconds on the exercise page's 10 MB Pyodide
WebAssembly for about 1.5% smaller output than quality 6, which takes half a second; deploys
and the test suite run collectstatic, so files over BIG_FILE_BYTES get quality 6.
"""

from __future__ import annotations

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage, CompressedStaticFilesStorage

BIG_FILE_BYTES = 1_000_000
BIG_FILE_QUALITY = 6


class BigFileFriendlyCompressor(Compressor):
    @staticmethod
    def compress_brotli(data: bytes) -> bytes:
        return (
            brotli.compress(data, quality=BIG_FILE_QUALITY)
            if len(data) > BIG_FILE_BYTES
            else brotli.compress(data)
        )


class CompressedStatic(CompressedStaticFilesStorage):
    def create_compressor(self, **kwargs) -> Compressor:
        return BigFileFriendlyCompressor(**kwargs)


class CompressedManifestStatic(CompressedManifestStaticFilesStorage):
    def create_compressor(self, **kwargs) -> Compressor:
        return BigFileFriendlyCompressor(**kwargs)

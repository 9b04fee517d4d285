from tests.e2e.conftest import _no_console_errors  # noqa: F401 (browser journeys here are guarded too)
from tests.fixtures.asgi_server import asgi_server  # noqa: F401

from tests.fixtures.asgi_server import asgi_server  # noqa: F401

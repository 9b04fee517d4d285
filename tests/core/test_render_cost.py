"""Templates are parsed once per process, not once per render."""

from __future__ import annotations

import json

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from tests.core.test_production_settings import PRODUCTION_ENV, run_python


def test_production_reads_every_template_through_the_cached_loader():
    result = run_python(
        "import django, json; django.setup();"
        "from django.template import engines;"
        "from django.forms.renderers import get_default_renderer;"
        "loaders = [type(l).__module__ + '.' + type(l).__name__"
        " for e in engines.all() for l in e.engine.template_loaders];"
        "loaders += [type(l).__module__ + '.' + type(l).__name__"
        " for l in get_default_renderer().engine.engine.template_loaders];"
        "print(json.dumps(loaders))",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    loaders = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaders
    assert set(loaders) == {"django.template.loaders.cached.Loader"}


def test_a_template_is_parsed_once_and_then_served_from_the_cache():
    engine = engines["django"].engine
    (loader,) = engine.template_loaders
    assert isinstance(loader, CachedLoader)

    first = engine.get_template("tailwind/field.html")

    assert engine.get_template("tailwind/field.html") is first

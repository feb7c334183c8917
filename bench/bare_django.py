"""Calibration for the wrk figures: what this machine gives a Django app that does nothing.

Issue #8 states its throughput goal against a reference machine ("a bare Django response gives
about 4,500 req/s and a 360-cell template with no database about 1,150 req/s"). The same two
pages served here, by the same gunicorn and wrk settings as the seed report, tell how this
machine compares, so the report's req/s can be read against the reference.

    gunicorn -w 2 --chdir bench bare_django:application   (bench/load.sh does this)

`/`       a plain HttpResponse: routing, middleware-free request/response cycle.
`/cells/` a template rendering a 30 × 12 table (360 cells) from a context list, no database.
"""

from __future__ import annotations

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only-calibration-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "OPTIONS": {
                    "loaders": [
                        (
                            "django.template.loaders.locmem.Loader",
                            {
                                "cells.html": (
                                    "<!doctype html><html><body><table>"
                                    "{% for row in rows %}<tr>"
                                    "{% for cell in row %}<td>{{ cell }}</td>{% endfor %}"
                                    "</tr>{% endfor %}</table></body></html>"
                                )
                            },
                        )
                    ]
                },
            }
        ],
    )
    django.setup()

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

ROWS = [[f"第{r}行第{c}列" for c in range(12)] for r in range(30)]


def bare(request):
    return HttpResponse("ok")


def cells(request):
    return render(request, "cells.html", {"rows": ROWS})


urlpatterns = [path("", bare), path("cells/", cells)]
application = get_wsgi_application()

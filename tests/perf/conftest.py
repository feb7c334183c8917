"""Query-count tests: the N+1 detector django-zeal, switched on only around these tests' requests.

zeal patches Django's related-object descriptors once; the patch does nothing outside a
`zeal_context()`, so the rest of the suite runs exactly as before. It is not added to
INSTALLED_APPS because it is a test-only dependency and production must not import it.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def zeal_patched():
    from zeal.constants import initialize_app_registry
    from zeal.patch import patch

    initialize_app_registry()
    patch()
    return True


@pytest.fixture
def zeal(zeal_patched, settings):
    """Raise NPlusOneError when a page loads related rows one object at a time."""
    settings.ZEAL_RAISE = True
    settings.ZEAL_NPLUSONE_THRESHOLD = 2
    from zeal import zeal_context

    return zeal_context

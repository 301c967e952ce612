"""The portal's routes plus test-only pages that fail, so the 400 and 500 pages are checked
in the browser just as Django serves them."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from pip_portal.urls import urlpatterns as portal_urlpatterns


def _fail(request):
    raise RuntimeError("A deliberate failure, to show the 500 page.")


def _bad_request(request):
    raise SuspiciousOperation("A deliberate bad request, to show the 400 page.")


urlpatterns = [
    path("__test__/fail/", _fail, name="test_fail"),
    path("__test__/bad-request/", _bad_request, name="test_bad_request"),
    *portal_urlpatterns,
]

"""Views for the page-cache tests: shared pages whose render looks at the user or the session."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from core.cache import shared_page


@shared_page
def hello(request):
    return HttpResponse(f"hello {request.user}", content_type="text/html; charset=utf-8")


@shared_page
def greeting(request):
    return HttpResponse(
        f"greeting: {request.session.get('greeting', '-')}", content_type="text/html; charset=utf-8"
    )


urlpatterns = [path("hello/", hello), path("greeting/", greeting), *site_urlpatterns]

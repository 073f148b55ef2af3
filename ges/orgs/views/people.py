from django.http import Http404, HttpRequest, HttpResponse


def people(request: HttpRequest) -> HttpResponse:
    raise Http404

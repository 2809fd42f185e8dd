"""Response headers that every page and download of the application carries."""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Cache-Control: no-store on every response Django makes (pages, briefings, ledger exports,
    error sheets): they hold project data, and neither a shared office computer's browser cache
    nor a proxy on the way should keep a copy. Static files, served by WhiteNoise before this,
    keep their long caching. Anonymous responses (the sign-in page, errors) get it too: nothing
    Django makes here is meant to be cached, and deciding by the user would cost a database
    query even on the error page of a database that is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switcher (its cookie).

    The browser's Accept-Language is ignored on purpose: many staff use browsers set up in English, and the
    portal speaks Vietnamese first.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class PublicGZipMiddleware(GZipMiddleware):
    """Compresses what anonymous visitors get, and nothing a logged-in user gets.

    BREACH recovers a secret from the size of compressed responses that also reflect what an attacker sends. Pages
    for anonymous visitors carry no secret but the CSRF token, which Django masks afresh in every response; pages
    for logged-in users carry personal data next to reflected input (search words, filters), so they go out as they
    are (a proxy in front may compress them when it applies its own BREACH mitigations).
    """

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        if "private" in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)

from django.utils.functional import SimpleLazyObject

from documents import permissions, selectors


def organization(request):
    """The organization's names for the site's header and footer, read from the shared cache, only when shown."""
    return {
        "organization": SimpleLazyObject(selectors.site_identity),
        "can_edit_organization": SimpleLazyObject(lambda: permissions.can_edit_organization(request.user)),
    }

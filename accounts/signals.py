"""Say goodbye: Django's logout leaves the visitor on the home page without a word."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver
from django.utils.translation import gettext as _


@receiver(user_logged_out)
def tell_the_user_they_logged_out(sender, request, user, **kwargs):
    if request is not None:
        # fail_silently: the test client's logout() sends the signal with a bare request, without messages.
        messages.info(request, _("You have logged out."), fail_silently=True)

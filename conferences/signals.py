"""Signals other apps listen to, so that this app depends on none of them."""

from django.dispatch import Signal

#: sent inside the transaction of conference_transition, with conference, previous (status) and by: what a receiver
#: writes commits or rolls back with the change of status
conference_transitioned = Signal()

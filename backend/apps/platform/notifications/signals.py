"""`inbox_changed(sender=Notification, user_ids=[...])`: notifications were written for these users'
inboxes (in the sender's transaction; a receiver that tells the users waits for the commit).
`notify_many()` writes in bulk, which sends no `post_save`."""

from django.dispatch import Signal

inbox_changed = Signal()

from rest_framework import serializers


class RealtimeTicketSerializer(serializers.Serializer):
    ticket = serializers.CharField(help_text="Put it in the socket's URL: /ws/?ticket=... (one use).")
    expires_in = serializers.IntegerField(help_text="Seconds the ticket stays valid.")
    url = serializers.CharField(allow_null=True, help_text="Where to open the socket when it is not this "
                                "origin's /ws/ (a separate port without nginx); null: the same origin.")

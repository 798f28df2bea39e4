"""The metrics of each domain (decision 0105): one module per domain app, each registering its
metrics and one set-based provider with `apps.analytics.registry`. `register_all()` runs from
`AnalyticsConfig.ready()`."""


def register_all() -> None:
    from . import accounts, appointments, chat, reviews

    for module in (appointments, accounts, chat, reviews):
        module.register()

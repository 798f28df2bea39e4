"""The embedded channel layer's tables (channels-lite) live in a SQLite file of their own (the
`realtime` database alias), and nothing else does: the app's database is not contended by the
layer's polling, and `migrate --database realtime` creates only the layer's tables."""

LAYER_APPS = {"channels_lite"}
LAYER_DATABASE = "realtime"


class RealtimeLayerRouter:
    def db_for_read(self, model, **hints):
        return LAYER_DATABASE if model._meta.app_label in LAYER_APPS else None

    def db_for_write(self, model, **hints):
        return LAYER_DATABASE if model._meta.app_label in LAYER_APPS else None

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label in LAYER_APPS:
            return db == LAYER_DATABASE
        return False if db == LAYER_DATABASE else None

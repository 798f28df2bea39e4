"""gunicorn's settings file, read from the working directory by default: `make run` (Procfile)
and the production image (WORKDIR /app) both start gunicorn in backend/. Command-line flags and
GUNICORN_CMD_ARGS (the image's bind, timeouts, ...) still apply on top.

- limit_request_line: gunicorn's maximum (8190). nginx's large_client_header_buffers (6k,
  frontend/nginx/templates/default.conf.template) is below it, so behind nginx a long request
  line is refused by nginx, with the API's JSON, and never by gunicorn; deploy's nginx check
  keeps the two in that order.
- worker_class: the sync worker answering its own refusals as JSON (config/gunicorn_worker.py),
  which matters under `make run`, where gunicorn faces the client.
- preload_app: the master imports Django and the application once, warms what the first requests
  would import, and each worker is a fork of it. A worker gunicorn replaces (max_requests, a
  timeout) is serving within milliseconds instead of spending ~1.5 s of CPU on imports beside the
  workers that are answering requests (under `make load` each round of replacements showed as a
  few seconds of slow answers: their p99 171 ms against 66 ms for the rest of the hold). The
  master opens no connection of its own; `pre_fork` closes any a startup hook might have opened,
  so that no two processes ever share one. Code changes need a restart, not a HUP (as in any
  container update)."""

limit_request_line = 8190
limit_request_field_size = 8190
worker_class = "config.gunicorn_worker.JsonErrorSyncWorker"
preload_app = True


def when_ready(server) -> None:
    """In the master, once the application is loaded (preload_app): import the URL conf, and so
    every view, before the workers are forked from it."""
    from config import collector

    if server.cfg.preload_app:
        collector.warm_django()


def pre_fork(server, worker) -> None:
    """In the master, before each fork: no database connection is inherited by a worker."""
    if server.cfg.preload_app:
        from django.db import connections

        connections.close_all()

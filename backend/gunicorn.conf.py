"""gunicorn's settings file, read from the working directory by default: `make run` (Procfile)
and the production image (WORKDIR /app) both start gunicorn in backend/. Command-line flags and
GUNICORN_CMD_ARGS (the image's bind, timeouts, ...) still apply on top.

- limit_request_line: gunicorn's maximum (8190). nginx's large_client_header_buffers (6k,
  frontend/nginx/templates/default.conf.template) is below it, so behind nginx a long request
  line is refused by nginx, with the API's JSON, and never by gunicorn; deploy's nginx check
  keeps the two in that order.
- worker_class: the sync worker answering its own refusals as JSON (config/gunicorn_worker.py),
  which matters under `make run`, where gunicorn faces the client."""

limit_request_line = 8190
limit_request_field_size = 8190
worker_class = "config.gunicorn_worker.JsonErrorSyncWorker"

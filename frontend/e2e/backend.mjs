// Starts the real backend for the browser tests: a fresh SQLite database under a temporary
// VAR_DIR, migrated, serving the built SPA (frontend/dist), the API and the /ws/ websockets with
// gunicorn's uvicorn worker (config.asgi), as production does; without Redis the websockets'
// channel layer is the SQLite file beside the database (the workers share it).
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export async function startBackend({ frontendDir, port, smtpPort }) {
  const backendDir = resolve(frontendDir, "../backend");
  const python = process.env.PYTHON ?? resolve(frontendDir, "../.venv/bin/python");
  const bin = resolve(python, "..");
  const varDir = mkdtempSync(join(tmpdir(), "e2e-var-"));
  const env = {
    ...process.env,
    VAR_DIR: varDir,
    DEBUG: "false",
    DJANGO_SETTINGS_MODULE: "config.settings.dev",
    DATABASE_URL: `sqlite:///${join(varDir, "db.sqlite3")}`,
    FRONTEND_DIST_DIR: resolve(frontendDir, "dist"),
    REDIS_URL: "",
    CELERY_TASK_ALWAYS_EAGER: "true",
    THROTTLE_LOGIN: "100/min",
    THROTTLE_REGISTER: "100/hour",
    THROTTLE_REFRESH: "600/min",
    THROTTLE_MESSAGES: "600/min",
    THROTTLE_UPLOADS: "100/hour",
    LOG_LEVEL: "WARNING",
    // Email goes to the journey's own SMTP sink (e2e/smtp.mjs): password reset links are read from it.
    ...(smtpPort
      ? { EMAIL_ENABLED: "true", EMAIL_BACKEND: "django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST: "127.0.0.1", EMAIL_PORT: String(smtpPort) }
      : {}),
  };
  const manage = (...args) => execFileSync(python, ["manage.py", ...args], { cwd: backendDir, env, stdio: ["ignore", "ignore", "inherit"] });
  manage("prepare_database", "-v", "0"); // migrations, the cache table, the realtime layer's file

  const server = spawn(join(bin, "gunicorn"), ["config.asgi", "--worker-class", "uvicorn_worker.UvicornWorker", "--bind", `127.0.0.1:${port}`, "--workers", "3", "--timeout", "60"], {
    cwd: backendDir,
    env: { ...env, PATH: `${bin}:${process.env.PATH}` },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`backend exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${baseURL}/api/health/`);
      if (response.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("backend did not become ready in 60 s");
    await new Promise((r) => setTimeout(r, 300));
  }

  return {
    baseURL,
    /** `manage.py <args>` against the running backend's database (e2e/platform.mjs seeds demo data). */
    manage,
    async stop() {
      server.kill("SIGTERM");
      await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
      rmSync(varDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

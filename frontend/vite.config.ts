/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { PATHS } from "./src/app/paths";

/**
 * Writes dist/routes.json, the SPA's client-side routes: the backend answers a path that matches
 * none of them with HTTP 404 (apps/common/spa.py), and the SPA shows its not-found page.
 */
function routeManifest(): Plugin {
  return {
    name: "route-manifest",
    apply: "build",
    generateBundle() {
      const routes = [...new Set(Object.values(PATHS))].sort();
      this.emitFile({ type: "asset", fileName: "routes.json", source: `${JSON.stringify({ routes }, null, 2)}\n` });
    },
  };
}

const backend = process.env.VITE_BACKEND_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  base: "/",
  plugins: [react(), routeManifest()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      // the realtime websockets (docs/realtime.md): same origin, like nginx in production
      "/ws": { target: backend.replace(/^http/, "ws"), ws: true, changeOrigin: false },
    },
  },
  build: {
    target: "es2022",
    sourcemap: false,
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  test: {
    globals: true,
    environment: "jsdom",
    setupFiles: ["./src/testing/setup-tests.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    testTimeout: 60000,
  },
});

/**
 * The one API client. The bearer access token lives only in this module's memory; the refresh
 * token is an httpOnly cookie the browser sends to /api/. A 401 triggers one refresh that every
 * concurrent request waits for; when the refresh fails the session ends (listeners are told).
 */

import i18n from "@/lib/i18n";

export const API_PREFIX = "/api/v1";

export type ErrorBody = {
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
  [key: string]: unknown;
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: Record<string, string[]>;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.detail ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code ?? (status === 0 ? "network_error" : `http_${status}`);
    this.fieldErrors = body.errors ?? {};
    this.body = body;
  }
}

type SessionListener = (reason: "expired" | "banned") => void;

let accessToken: string | null = null;
let refreshInFlight: Promise<string | null> | null = null;
const sessionListeners = new Set<SessionListener>();

export const tokenStore = {
  get: () => accessToken,
  set: (token: string | null) => {
    accessToken = token;
  },
};

/** Called when the session ends without the user asking (refresh failed, account banned). */
export function onSessionEnd(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function endSession(reason: "expired" | "banned") {
  accessToken = null;
  sessionListeners.forEach((listener) => listener(reason));
}

/** How long a tab that lost a refresh race to another tab waits before asking again. */
const REUSED_RETRY_MS = 250;

const postRefresh = () =>
  fetch(`${API_PREFIX}/auth/refresh/`, { method: "POST", credentials: "same-origin", headers: { Accept: "application/json" } });

async function errorCode(response: Response): Promise<string | undefined> {
  try {
    return ((await response.clone().json()) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** Rotates the refresh cookie and stores the new access token. Concurrent callers share one request.
 * A `token_reused` answer (another tab won the race within the server's grace window) is retried once. */
export function refreshAccessToken(): Promise<string | null> {
  if (!refreshInFlight) {
    refreshInFlight = (async () => {
      try {
        let response = await postRefresh();
        // Another tab spent the same refresh token a moment ago (both woke up at once): the
        // server kept the session and that tab's answer already put the new cookie in place.
        if (response.status === 401 && (await errorCode(response)) === "token_reused") {
          await new Promise((resolve) => setTimeout(resolve, REUSED_RETRY_MS));
          response = await postRefresh();
        }
        if (!response.ok) return null;
        const data = (await response.json()) as { access?: string };
        return data.access ?? null;
      } catch {
        return null;
      }
    })().then((token) => {
      accessToken = token;
      return token;
    });
    refreshInFlight.finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

/** On start: restore a session from the refresh cookie once. */
let restoring: Promise<string | null> | null = null;
export function restoreSession(): Promise<string | null> {
  restoring ??= refreshAccessToken().finally(() => {
    restoring = null;
  });
  return restoring;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
  /** false for the public auth endpoints: no bearer, no refresh on 401. */
  auth?: boolean;
  responseType?: "json" | "blob";
  onUploadProgress?: (fraction: number) => void;
};

type RawResponse = { status: number; data: unknown };

export function buildUrl(path: string, query?: Query): string {
  const url = path.startsWith("/api/") ? path : `${API_PREFIX}${path.startsWith("/") ? "" : "/"}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

async function parseBody(response: Response, responseType: "json" | "blob"): Promise<unknown> {
  if (response.status === 204) return null;
  if (responseType === "blob" && response.ok) return response.blob();
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

async function sendWithFetch(url: string, init: RequestInit, responseType: "json" | "blob"): Promise<RawResponse> {
  const response = await fetch(url, init);
  return { status: response.status, data: await parseBody(response, responseType) };
}

/** XMLHttpRequest is the only browser API that reports upload progress. */
function sendWithXhr(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    Object.entries(headers).forEach(([key, value]) => xhr.setRequestHeader(key, value));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let data: unknown = null;
      if (xhr.responseText) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = { detail: xhr.responseText.slice(0, 200) };
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) onProgress(1);
      resolve({ status: xhr.status, data });
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "network_error" }));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}

export async function apiRequest<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", query, json, form, signal, auth = true, responseType = "json", onUploadProgress } = options;
  const url = buildUrl(path, query);

  const attempt = (token: string | null): Promise<RawResponse> => {
    // The server's own messages (field validation) follow the interface language.
    // A file (`?format=csv`) is asked for as such: DRF answers 406 when the format the URL names is
    // not one the Accept header takes, and errors still come back as JSON.
    const accept = responseType === "blob" ? "text/csv, application/json;q=0.9, */*;q=0.8" : "application/json";
    const headers: Record<string, string> = { Accept: accept, "Accept-Language": i18n.language || "ru" };
    if (auth && token) headers.Authorization = `Bearer ${token}`;
    if (form && onUploadProgress) return sendWithXhr(url, method, headers, form, onUploadProgress, signal);
    let body: BodyInit | undefined;
    if (form) body = form;
    else if (json !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(json);
    }
    return sendWithFetch(url, { method, headers, body, signal, credentials: "same-origin" }, responseType).catch(
      (error: unknown) => {
        if (error instanceof DOMException && error.name === "AbortError") throw error;
        throw new ApiError(0, { code: "network_error" });
      },
    );
  };

  let usedToken = auth ? accessToken : null;
  let result = await attempt(usedToken);

  if (result.status === 401 && auth) {
    // Another request may already have refreshed while this one was in flight.
    const current = accessToken;
    const fresh = current && current !== usedToken ? current : await refreshAccessToken();
    if (!fresh) {
      const wasSignedIn = usedToken !== null;
      if (wasSignedIn) endSession("expired");
      throw new ApiError(401, { ...(result.data as ErrorBody), code: "session_expired" });
    }
    usedToken = fresh;
    result = await attempt(fresh);
  }

  if (result.status < 200 || result.status >= 300) {
    const body = (result.data && typeof result.data === "object" ? result.data : {}) as ErrorBody;
    if (result.status === 403 && body.code === "banned" && auth) endSession("banned");
    throw new ApiError(result.status, body);
  }
  return result.data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, json?: unknown) => apiRequest<T>(path, { method: "POST", json }),
  put: <T>(path: string, json?: unknown) => apiRequest<T>(path, { method: "PUT", json }),
  patch: <T>(path: string, json?: unknown) => apiRequest<T>(path, { method: "PATCH", json }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: "DELETE" }),
};

export type Paginated<T> = { count: number; next: string | null; previous: string | null; results: T[] };

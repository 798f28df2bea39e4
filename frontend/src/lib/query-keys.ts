/**
 * Every TanStack Query key of the app, one factory per resource. Keys are hierarchical, so
 * invalidating a prefix refreshes everything under it: `appointments.detail(7)` covers the
 * appointment and its events, messages, proof and reviews; `appointments.lists()` covers every
 * list of appointments whatever its scope and filters. Features and the realtime layer name keys
 * only through this module (no literal arrays elsewhere), so what a change refreshes is
 * decided in one place (`lib/query-invalidation.ts`).
 */

export type ListParams = Record<string, string | number | boolean | null | undefined>;

export const queryKeys = {
  me: () => ["me"] as const,
  site: () => ["site"] as const,
  bootstrapStatus: () => ["bootstrap-status"] as const,
  /** The flags evaluated for the caller (`GET /flags/`). */
  flags: () => ["flags"] as const,
  dashboard: () => ["dashboard"] as const,

  appointments: {
    all: () => ["appointments"] as const,
    lists: () => ["appointments", "list"] as const,
    list: (scope: string, params: ListParams = {}) => ["appointments", "list", scope, params] as const,
    detail: (id: number) => ["appointments", "detail", id] as const,
    events: (id: number) => ["appointments", "detail", id, "events"] as const,
    messages: (id: number) => ["appointments", "detail", id, "messages"] as const,
    proofs: (id: number) => ["appointments", "detail", id, "proof"] as const,
    proof: (id: number, uploadedAt: string | null | undefined) => ["appointments", "detail", id, "proof", uploadedAt ?? null] as const,
    reviews: (id: number) => ["appointments", "detail", id, "reviews"] as const,
  },

  /** A master's public profile. */
  master: (id: number) => ["masters", id] as const,

  notifications: {
    all: () => ["notifications"] as const,
    lists: () => ["notifications", "list"] as const,
    list: (params: ListParams = {}) => ["notifications", "list", params] as const,
    unreadCount: () => ["notifications", "unread-count"] as const,
    preferences: () => ["notifications", "preferences"] as const,
  },

  admin: {
    all: () => ["admin"] as const,
    appointments: (params?: ListParams) => (params ? (["admin", "appointments", params] as const) : (["admin", "appointments"] as const)),
    users: (params?: ListParams) => (params ? (["admin", "users", params] as const) : (["admin", "users"] as const)),
    masters: (params?: ListParams) => (params ? (["admin", "masters", params] as const) : (["admin", "masters"] as const)),
    reviews: (params?: ListParams) => (params ? (["admin", "reviews", params] as const) : (["admin", "reviews"] as const)),
    flags: (page?: number) => (page === undefined ? (["admin", "flags"] as const) : (["admin", "flags", page] as const)),
    audit: (params?: ListParams) => (params ? (["admin", "audit", params] as const) : (["admin", "audit"] as const)),
    events: (params?: ListParams) => (params ? (["admin", "events", params] as const) : (["admin", "events"] as const)),
    systemStatus: () => ["admin", "system", "status"] as const,
    systemSettings: () => ["admin", "system", "settings"] as const,
    /** SLA (SPEC 10.4): the policy, the breaches list and the per-stage report. */
    sla: {
      all: () => ["admin", "sla"] as const,
      policy: () => ["admin", "sla", "policy"] as const,
      breaches: (params: ListParams = {}) => ["admin", "sla", "breaches", params] as const,
      report: (params: ListParams = {}) => ["admin", "sla", "report", params] as const,
    },
    /** Scores (SPEC 10.2): a user's client risk, a master's performance. */
    risk: (userId: number) => ["admin", "scores", "risk", userId] as const,
    performance: (userId: number) => ["admin", "scores", "performance", userId] as const,
    /** A user's admin record (the user page). */
    user: (userId: number) => ["admin", "user", userId] as const,
    /** Analytics (SPEC 10.3), one key per endpoint and range. */
    analytics: {
      all: () => ["admin", "analytics"] as const,
      summary: (params: ListParams) => ["admin", "analytics", "summary", params] as const,
      daily: (params: ListParams) => ["admin", "analytics", "daily", params] as const,
      funnel: (params: ListParams) => ["admin", "analytics", "funnel", params] as const,
      masters: (params: ListParams) => ["admin", "analytics", "masters", params] as const,
    },
    /** Rules (SPEC 10.1): the catalog, the list, one rule, and the run logs. */
    rules: {
      all: () => ["admin", "rules"] as const,
      catalog: () => ["admin", "rules", "catalog"] as const,
      lists: () => ["admin", "rules", "list"] as const,
      list: (params: ListParams = {}) => ["admin", "rules", "list", params] as const,
      detail: (id: number) => ["admin", "rules", "detail", id] as const,
      runs: (params: ListParams = {}) => ["admin", "rules", "runs", params] as const,
    },
  },
};

/**
 * Every client-side route of the SPA, as data. The router (App.tsx) uses these and nothing else,
 * and the build writes them to `dist/routes.json` (vite.config.ts) so the backend can answer an
 * unknown path with HTTP 404 (apps/common/spa.py) while the SPA shows its not-found page.
 * `:name` is one path segment. No imports: vite.config.ts loads this file directly.
 */
export const PATHS = {
  home: "/",
  login: "/login",
  register: "/register",
  bootstrap: "/bootstrap",
  forgotPassword: "/forgot-password",
  resetPassword: "/reset-password",
  profile: "/profile",
  notifications: "/notifications",
  myAppointments: "/appointments",
  newAppointment: "/appointments/new",
  appointment: "/appointments/:id",
  queue: "/queue",
  master: "/masters/:id",
  adminAppointments: "/admin/appointments",
  adminUsers: "/admin/users",
  adminMasters: "/admin/masters",
  adminReviews: "/admin/reviews",
  adminSettings: "/admin/settings",
  adminSystem: "/admin/system",
  adminFlags: "/admin/flags",
  adminAudit: "/admin/audit",
  adminUser: "/admin/users/:id",
  adminAnalytics: "/admin/analytics",
  adminRules: "/admin/rules",
  adminRuleNew: "/admin/rules/new",
  adminRule: "/admin/rules/:id",
  adminSla: "/admin/sla",
} as const;

export type PathName = keyof typeof PATHS;

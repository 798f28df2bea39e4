/**
 * Role-based routes. Every screen is its own lazily loaded chunk, so the first load carries only
 * the shell; who may open what is decided here by role and capability (as `/me/` reports them).
 * Paths come from `app/paths.ts` only: the build turns that list into the backend's 404 manifest.
 */
import { lazy, Suspense, type ComponentType } from "react";
import { Route, Routes } from "react-router";
import { AppLayout } from "@/app/layout/app-layout";
import { AuthLayout } from "@/app/layout/auth-layout";
import { PublicOnly, RequireAnyCapability, RequireAuth, RequireCapability, RequireRole } from "@/app/guards";
import { PATHS } from "@/app/paths";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { LoadingState } from "@/components/ui/states";

function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LoginRoute = page(() => import("@/app/routes/auth/login"), "LoginRoute");
const RegisterRoute = page(() => import("@/app/routes/auth/register"), "RegisterRoute");
const BootstrapRoute = page(() => import("@/app/routes/auth/bootstrap"), "BootstrapRoute");
const ForgotPasswordRoute = page(() => import("@/app/routes/auth/forgot-password"), "ForgotPasswordRoute");
const ResetPasswordRoute = page(() => import("@/app/routes/auth/reset-password"), "ResetPasswordRoute");
const DashboardRoute = page(() => import("@/app/routes/dashboard"), "DashboardRoute");
const MyAppointmentsRoute = page(() => import("@/app/routes/appointments/my-appointments"), "MyAppointmentsRoute");
const NewAppointmentRoute = page(() => import("@/app/routes/appointments/new-appointment"), "NewAppointmentRoute");
const QueueRoute = page(() => import("@/app/routes/appointments/queue"), "QueueRoute");
const AppointmentRoute = page(() => import("@/app/routes/appointments/appointment"), "AppointmentRoute");
const ProfileRoute = page(() => import("@/app/routes/profile"), "ProfileRoute");
const NotificationsRoute = page(() => import("@/app/routes/notifications"), "NotificationsRoute");
const AdminAppointmentsRoute = page(() => import("@/app/routes/admin/appointments"), "AdminAppointmentsRoute");
const AdminUsersRoute = page(() => import("@/app/routes/admin/users"), "AdminUsersRoute");
const AdminMastersRoute = page(() => import("@/app/routes/admin/masters"), "AdminMastersRoute");
const AdminSettingsRoute = page(() => import("@/app/routes/admin/settings"), "AdminSettingsRoute");
const AdminSystemRoute = page(() => import("@/app/routes/admin/system"), "AdminSystemRoute");
const AdminFlagsRoute = page(() => import("@/app/routes/admin/flags"), "AdminFlagsRoute");
const AdminAuditRoute = page(() => import("@/app/routes/admin/audit"), "AdminAuditRoute");
const MasterRoute = page(() => import("@/app/routes/master"), "MasterRoute");
const AdminReviewsRoute = page(() => import("@/app/routes/admin/reviews"), "AdminReviewsRoute");
const AdminUserRoute = page(() => import("@/app/routes/admin/user"), "AdminUserRoute");
const AdminAnalyticsRoute = page(() => import("@/app/routes/admin/analytics"), "AdminAnalyticsRoute");
const AdminRulesRoute = page(() => import("@/app/routes/admin/rules"), "AdminRulesRoute");
const AdminRuleRoute = page(() => import("@/app/routes/admin/rule"), "AdminRuleRoute");
const AdminSlaRoute = page(() => import("@/app/routes/admin/sla"), "AdminSlaRoute");
const NotFoundRoute = page(() => import("@/app/routes/not-found"), "NotFoundRoute");

/** The route tree (exported so a test can check it against PATHS, the backend's 404 manifest). */
export const appRoutes = (
  <>
    <Route element={<PublicOnly />}>
      <Route element={<AuthLayout />}>
        <Route path={PATHS.login} element={<LoginRoute />} />
        <Route path={PATHS.register} element={<RegisterRoute />} />
        <Route path={PATHS.bootstrap} element={<BootstrapRoute />} />
        <Route path={PATHS.forgotPassword} element={<ForgotPasswordRoute />} />
      </Route>
    </Route>
    {/* A reset link works whether or not someone is signed in on this browser. */}
    <Route element={<AuthLayout />}>
      <Route path={PATHS.resetPassword} element={<ResetPasswordRoute />} />
    </Route>

    <Route element={<RequireAuth />}>
      <Route element={<AppLayout />}>
        <Route path={PATHS.home} element={<DashboardRoute />} />
        <Route path={PATHS.profile} element={<ProfileRoute />} />
        <Route path={PATHS.notifications} element={<NotificationsRoute />} />
        <Route path={PATHS.appointment} element={<AppointmentRoute />} />
        <Route path={PATHS.master} element={<MasterRoute />} />

        <Route element={<RequireRole roles={["client", "master"]} />}>
          <Route path={PATHS.myAppointments} element={<MyAppointmentsRoute />} />
        </Route>
        <Route element={<RequireRole roles={["client"]} />}>
          <Route path={PATHS.newAppointment} element={<NewAppointmentRoute />} />
        </Route>
        <Route element={<RequireRole roles={["master"]} />}>
          <Route path={PATHS.queue} element={<QueueRoute />} />
        </Route>

        <Route element={<RequireCapability capability="admin.access" />}>
          <Route element={<RequireCapability capability="appointments.view" />}>
            <Route path={PATHS.adminAppointments} element={<AdminAppointmentsRoute />} />
          </Route>
          <Route element={<RequireCapability capability="users.view" />}>
            <Route path={PATHS.adminUsers} element={<AdminUsersRoute />} />
            <Route path={PATHS.adminMasters} element={<AdminMastersRoute />} />
            <Route path={PATHS.adminUser} element={<AdminUserRoute />} />
          </Route>
          <Route element={<RequireCapability capability="system.settings" />}>
            <Route path={PATHS.adminSettings} element={<AdminSettingsRoute />} />
            <Route path={PATHS.adminSla} element={<AdminSlaRoute />} />
          </Route>
          <Route element={<RequireCapability capability="analytics.view" />}>
            <Route path={PATHS.adminAnalytics} element={<AdminAnalyticsRoute />} />
          </Route>
          <Route element={<RequireCapability capability="rules.manage" />}>
            <Route path={PATHS.adminRules} element={<AdminRulesRoute />} />
            <Route path={PATHS.adminRuleNew} element={<AdminRuleRoute />} />
            <Route path={PATHS.adminRule} element={<AdminRuleRoute />} />
          </Route>
          <Route element={<RequireCapability capability="system.status" />}>
            <Route path={PATHS.adminSystem} element={<AdminSystemRoute />} />
          </Route>
          <Route element={<RequireCapability capability="reviews.moderate" />}>
            <Route path={PATHS.adminReviews} element={<AdminReviewsRoute />} />
          </Route>
          <Route element={<RequireCapability capability="flags.manage" />}>
            <Route path={PATHS.adminFlags} element={<AdminFlagsRoute />} />
          </Route>
          <Route element={<RequireAnyCapability capabilities={["audit.view", "events.view"]} />}>
            <Route path={PATHS.adminAudit} element={<AdminAuditRoute />} />
          </Route>
        </Route>
      </Route>
    </Route>
    {/* Anything else, signed in or not; the server answers these paths with HTTP 404 too. */}
    <Route path="*" element={<NotFoundRoute />} />
  </>
);

export function App() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<LoadingState />}>
        <Routes>{appRoutes}</Routes>
      </Suspense>
    </ErrorBoundary>
  );
}

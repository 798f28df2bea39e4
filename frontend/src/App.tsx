/**
 * Role-based routes. Every screen is its own lazily loaded chunk, so the first load carries only
 * the shell; who may open what is decided here by role and capability (as `/me/` reports them).
 */
import { lazy, Suspense, type ComponentType } from "react";
import { Route, Routes } from "react-router";
import { AppLayout } from "@/app/layout/app-layout";
import { AuthLayout } from "@/app/layout/auth-layout";
import { PublicOnly, RequireAnyCapability, RequireAuth, RequireCapability, RequireRole } from "@/app/guards";
import { ErrorBoundary } from "@/components/ui/error-boundary";
import { LoadingState } from "@/components/ui/states";

function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const LoginRoute = page(() => import("@/app/routes/auth/login"), "LoginRoute");
const RegisterRoute = page(() => import("@/app/routes/auth/register"), "RegisterRoute");
const BootstrapRoute = page(() => import("@/app/routes/auth/bootstrap"), "BootstrapRoute");
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
const AdminSystemRoute = page(() => import("@/app/routes/admin/system"), "AdminSystemRoute");
const AdminFlagsRoute = page(() => import("@/app/routes/admin/flags"), "AdminFlagsRoute");
const AdminAuditRoute = page(() => import("@/app/routes/admin/audit"), "AdminAuditRoute");
const MasterRoute = page(() => import("@/app/routes/master"), "MasterRoute");
const AdminReviewsRoute = page(() => import("@/app/routes/admin/reviews"), "AdminReviewsRoute");
const NotFoundRoute = page(() => import("@/app/routes/not-found"), "NotFoundRoute");

export function App() {
  return (
    <ErrorBoundary>
      <Suspense fallback={<LoadingState />}>
        <Routes>
          <Route element={<PublicOnly />}>
            <Route element={<AuthLayout />}>
              <Route path="login" element={<LoginRoute />} />
              <Route path="register" element={<RegisterRoute />} />
              <Route path="bootstrap" element={<BootstrapRoute />} />
            </Route>
          </Route>

          <Route element={<RequireAuth />}>
            <Route element={<AppLayout />}>
              <Route index element={<DashboardRoute />} />
              <Route path="profile" element={<ProfileRoute />} />
              <Route path="notifications" element={<NotificationsRoute />} />
              <Route path="appointments/:id" element={<AppointmentRoute />} />
              <Route path="masters/:id" element={<MasterRoute />} />

              <Route element={<RequireRole roles={["client", "master"]} />}>
                <Route path="appointments" element={<MyAppointmentsRoute />} />
              </Route>
              <Route element={<RequireRole roles={["client"]} />}>
                <Route path="appointments/new" element={<NewAppointmentRoute />} />
              </Route>
              <Route element={<RequireRole roles={["master"]} />}>
                <Route path="queue" element={<QueueRoute />} />
              </Route>

              <Route path="admin" element={<RequireCapability capability="admin.access" />}>
                <Route element={<RequireCapability capability="appointments.view" />}>
                  <Route path="appointments" element={<AdminAppointmentsRoute />} />
                </Route>
                <Route element={<RequireCapability capability="users.view" />}>
                  <Route path="users" element={<AdminUsersRoute />} />
                  <Route path="masters" element={<AdminMastersRoute />} />
                </Route>
                <Route element={<RequireCapability capability="system.status" />}>
                  <Route path="system" element={<AdminSystemRoute />} />
                </Route>
                <Route element={<RequireCapability capability="reviews.moderate" />}>
                  <Route path="reviews" element={<AdminReviewsRoute />} />
                </Route>
                <Route element={<RequireCapability capability="flags.manage" />}>
                  <Route path="flags" element={<AdminFlagsRoute />} />
                </Route>
                <Route element={<RequireAnyCapability capabilities={["audit.view", "events.view"]} />}>
                  <Route path="audit" element={<AdminAuditRoute />} />
                </Route>
              </Route>
              <Route path="*" element={<NotFoundRoute />} />
            </Route>
          </Route>
        </Routes>
      </Suspense>
    </ErrorBoundary>
  );
}

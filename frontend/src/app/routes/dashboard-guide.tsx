import Button from "@mui/material/Button";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { Checklist } from "@/components/ui/checklist";
import { EmptyState } from "@/components/ui/states";
import { useSystemSettings } from "@/features/admin/api/admin-system";
import { SignUpLink } from "@/features/admin/components/sign-up-link";
import { useSite } from "@/features/auth/api/get-site";
import type { Dashboard } from "@/features/dashboard/api/get-dashboard";
import type { Me } from "@/lib/api/types";
import { useSession } from "@/lib/auth";

/** How many requests the dashboard counts for this user (0 on a fresh start). */
export function appointmentsTotal(data: Dashboard): number {
  const byStatus = data.appointments_by_status;
  if (!byStatus || typeof byStatus !== "object") return 0;
  return Object.values(byStatus as Record<string, unknown>).reduce<number>((sum, n) => sum + (typeof n === "number" ? n : 0), 0);
}

const count = (data: Dashboard, key: string) => (typeof data[key] === "number" ? (data[key] as number) : 0);

/** The owner's first steps on an empty marketplace: open sign-up, invite people, activate masters, set payment details. */
function AdminGuide({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const site = useSite();
  const settings = useSystemSettings();
  const masters = (data.users_by_role as Record<string, number> | undefined)?.master ?? 0;
  const items = [
    {
      key: "registration",
      done: Boolean(site.data?.registration_open),
      title: t("guide.admin.registration"),
      description: t("guide.admin.registrationHelp"),
      action: (
        <Button component={Link} to="/admin/settings" variant="outlined" size="small">
          {t("guide.openSettings")}
        </Button>
      ),
    },
    { key: "share", done: masters > 0, title: t("guide.admin.share"), description: t("guide.admin.shareHelp"), action: <SignUpLink /> },
    {
      key: "masters",
      done: masters > 0 && count(data, "masters_pending") === 0,
      title: t("guide.admin.masters"),
      description: count(data, "masters_pending") ? t("guide.admin.mastersWaiting", { count: count(data, "masters_pending") }) : t("guide.admin.mastersHelp"),
      action: (
        <Button component={Link} to="/admin/masters" variant="outlined" size="small">
          {t("guide.openMasters")}
        </Button>
      ),
    },
    {
      key: "payment",
      done: Boolean(settings.data?.payment_instructions?.trim()),
      title: t("guide.admin.payment"),
      description: t("guide.admin.paymentHelp"),
      action: (
        <Button component={Link} to="/admin/settings" variant="outlined" size="small">
          {t("guide.openSettings")}
        </Button>
      ),
    },
  ];
  return <Checklist title={t("guide.title")} intro={t("guide.admin.intro")} items={items} doneLabel={t("guide.done")} />;
}

function MasterGuide({ user }: { user: Me }) {
  const { t } = useTranslation();
  const active = user.master_profile?.status === "active";
  const items = [
    {
      key: "payment",
      done: Boolean(user.payment_settings?.account || user.payment_settings?.instructions),
      title: t("guide.master.payment"),
      description: t("guide.master.paymentHelp"),
      action: (
        <Button component={Link} to="/profile" variant="outlined" size="small">
          {t("nav.profile")}
        </Button>
      ),
    },
    {
      key: "about",
      done: Boolean(user.master_profile?.bio?.trim()),
      title: t("guide.master.about"),
      description: t("guide.master.aboutHelp"),
      action: (
        <Button component={Link} to="/profile" variant="outlined" size="small">
          {t("nav.profile")}
        </Button>
      ),
    },
    {
      key: "take",
      done: false,
      title: t("guide.master.take"),
      description: active ? t("guide.master.takeHelp") : t("guide.master.takeLocked"),
      action: active ? (
        <Button component={Link} to="/queue" variant="contained" size="small">
          {t("nav.queue")}
        </Button>
      ) : undefined,
    },
  ];
  return <Checklist title={t("guide.title")} intro={t("guide.master.intro")} items={items} doneLabel={t("guide.done")} />;
}

function ClientGuide() {
  const { t } = useTranslation();
  return (
    <EmptyState title={t("guide.client.title")}>
      <p>{t("guide.client.help")}</p>
      <Button component={Link} to="/appointments/new" variant="contained" sx={{ mt: 1 }}>
        {t("nav.newRequest")}
      </Button>
    </EmptyState>
  );
}

/** First-run guidance on an empty home screen; nothing once the first request exists. */
export function DashboardGuide({ user, data }: { user: Me; data: Dashboard }) {
  const { can } = useSession();
  if (appointmentsTotal(data) > 0) return null;
  if (user.role === "admin") return can("system.settings") ? <AdminGuide data={data} /> : null;
  if (user.role === "master") return <MasterGuide user={user} />;
  return <ClientGuide />;
}

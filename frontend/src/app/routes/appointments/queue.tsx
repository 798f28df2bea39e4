import Alert from "@mui/material/Alert";
import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAppointments } from "@/features/appointments/api/get-appointments";
import { AppointmentList } from "@/features/appointments/components/appointment-list";
import { useUser } from "@/lib/auth";

const PAGE_SIZE = 20;

export function QueueRoute() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get("page") ?? "1") || 1;
  const active = user.master_profile?.status === "active";
  // Only an active master may see the queue: anyone else gets one explanation, not an error too.
  const list = useAppointments("new", { page, page_size: PAGE_SIZE }, active);

  if (!active)
    return (
      <Page title={t("nav.queue")}>
        <Alert severity={user.master_profile?.status === "suspended" ? "error" : "info"} data-testid="queue-locked">
          {t(`master.queueLocked_${user.master_profile?.status === "suspended" ? "suspended" : "pending"}`)}
        </Alert>
      </Page>
    );

  return (
    <Page title={t("nav.queue")} subtitle={t("appointments.queueHelp")}>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("appointments.emptyQueue")} />}
      {list.data && list.data.results.length > 0 && (
        <>
          <AppointmentList items={list.data.results} showClient />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={(p) => setParams({ page: String(p) })} />
        </>
      )}
    </Page>
  );
}

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
  const list = useAppointments("new", { page, page_size: PAGE_SIZE });

  return (
    <Page title={t("nav.queue")} subtitle={t("appointments.queueHelp")}>
      {!active && <Alert severity="info" sx={{ mb: 2 }}>{t(`master.status_${user.master_profile?.status ?? "pending"}`)}</Alert>}
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

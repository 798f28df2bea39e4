import Button from "@mui/material/Button";
import { Link, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAppointments } from "@/features/appointments/api/get-appointments";
import { AppointmentList } from "@/features/appointments/components/appointment-list";
import { StatusFilter } from "@/features/appointments/components/status-filter";
import { useSession } from "@/lib/auth";

const PAGE_SIZE = 20;

/** Client: their requests. Master: all the work assigned to them, finished included; a chip narrows it to one status. */
export function MyAppointmentsRoute() {
  const { t } = useTranslation();
  const { role } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const page = Number(params.get("page") ?? "1") || 1;
  const isMaster = role === "master";
  const list = useAppointments("my", { status, page, page_size: PAGE_SIZE });

  const update = (next: Record<string, string>) => {
    const merged = new URLSearchParams(params);
    Object.entries(next).forEach(([key, value]) => (value ? merged.set(key, value) : merged.delete(key)));
    setParams(merged, { replace: true });
  };

  return (
    <Page
      title={isMaster ? t("nav.myWork") : t("nav.myRequests")}
      actions={
        !isMaster && (
          <Button component={Link} to="/appointments/new" variant="contained">
            {t("nav.newRequest")}
          </Button>
        )
      }
    >
      <StatusFilter value={status} onChange={(value) => update({ status: value, page: "" })} />
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && (
        <EmptyState title={status ? t("appointments.emptyFiltered") : isMaster ? t("appointments.emptyWork") : t("appointments.empty")}>
          {!isMaster && !status && (
            <Button component={Link} to="/appointments/new" variant="contained" sx={{ mt: 2 }}>
              {t("nav.newRequest")}
            </Button>
          )}
        </EmptyState>
      )}
      {list.data && list.data.results.length > 0 && (
        <>
          <AppointmentList items={list.data.results} showClient={isMaster} />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={(p) => update({ page: String(p) })} />
        </>
      )}
    </Page>
  );
}

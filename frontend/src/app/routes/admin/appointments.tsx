import Stack from "@mui/material/Stack";
import { useCallback } from "react";
import { useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useAdminAppointments } from "@/features/admin/api/admin-appointments";
import { AdminAppointmentsTable } from "@/features/admin/components/admin-appointments-table";
import { SearchField } from "@/features/admin/components/search-field";
import { SLA_FILTERS, SlaFilter } from "@/features/admin/components/sla-filter";
import { StatusFilter } from "@/features/appointments/components/status-filter";

const PAGE_SIZE = 25;

export function AdminAppointmentsRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  const q = params.get("q") ?? "";
  const slaParam = params.get("sla") ?? "";
  const sla = (SLA_FILTERS as readonly string[]).includes(slaParam) ? slaParam : "";
  const page = Number(params.get("page") ?? "1") || 1;
  const list = useAdminAppointments({ status, q, sla, page, page_size: PAGE_SIZE });

  const update = useCallback(
    (next: Record<string, string>) =>
      setParams(
        (current) => {
          const merged = new URLSearchParams(current);
          Object.entries(next).forEach(([key, value]) => (value ? merged.set(key, value) : merged.delete(key)));
          return merged;
        },
        { replace: true },
      ),
    [setParams],
  );
  const onSearch = useCallback((value: string) => update({ q: value, page: "" }), [update]);

  return (
    <Page title={t("nav.adminAppointments")} subtitle={list.data ? t("common.total", { count: list.data.count }) : undefined}>
      <Stack spacing={1} sx={{ mb: 1 }}>
        <SearchField label={t("common.search")} value={q} onChange={onSearch} />
        <StatusFilter value={status} onChange={(value) => update({ status: value, page: "" })} />
        <SlaFilter value={sla} onChange={(value) => update({ sla: value, page: "" })} />
      </Stack>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={sla === "breached" && !status && !q ? t("sla.filter.noneBreached") : t("appointments.emptyFiltered")} />}
      {list.data && list.data.results.length > 0 && (
        <>
          <AdminAppointmentsTable items={list.data.results} />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={(p) => update({ page: String(p) })} />
        </>
      )}
    </Page>
  );
}

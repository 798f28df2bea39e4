import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/ui/page";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { downloadAuditCsv, useAudit, useEvents, type LogFilters } from "@/features/admin/api/admin-platform";
import { AuditTable, EventsTable } from "@/features/admin/components/audit-table";
import { knownEventTypes, useLogLabels } from "@/features/admin/components/log-labels";
import { SearchField } from "@/features/admin/components/search-field";
import { useSession } from "@/lib/auth";
import { errorMessage } from "@/lib/errors";

const PAGE_SIZE = 50;

export function AdminAuditRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const { can } = useSession();
  const [tab, setTab] = useState<"audit" | "events">(can("audit.view") ? "audit" : "events");
  const [q, setQ] = useState("");
  const [dateFrom, setDateFrom] = useState("");
  const [dateTo, setDateTo] = useState("");
  const [page, setPage] = useState(1);
  const filters: LogFilters = { date_from: dateFrom, date_to: dateTo, page, page_size: PAGE_SIZE };
  const audit = useAudit({ ...filters, q }, tab === "audit");
  const events = useEvents({ ...filters, type: q }, tab === "events");
  const list = tab === "audit" ? audit : events;
  const labels = useLogLabels();
  const eventTypes = useMemo(() => knownEventTypes().sort((a, b) => labels.eventType(a).localeCompare(labels.eventType(b))), [labels]);
  const onSearch = useCallback((value: string) => {
    setQ(value);
    setPage(1);
  }, []);

  return (
    <Page
      title={t("audit.title")}
      actions={
        tab === "audit" && (
          <Button startIcon={<DownloadIcon />} onClick={() => downloadAuditCsv({ ...filters, q }).catch((e) => toast.error(errorMessage(e, t)))}>
            {t("audit.exportCsv")}
          </Button>
        )
      }
    >
      <Tabs value={tab} onChange={(_, v) => { setTab(v); setPage(1); setQ(""); }} sx={{ mb: 2 }}>
        {can("audit.view") && <Tab value="audit" label={t("audit.log")} />}
        {can("events.view") && <Tab value="events" label={t("audit.events")} />}
      </Tabs>
      <Stack direction={{ xs: "column", sm: "row" }} spacing={1} sx={{ mb: 2 }}>
        {tab === "audit" ? (
          <SearchField key={tab} label={t("common.search")} value={q} onChange={onSearch} />
        ) : (
          <TextField
            select
            label={t("audit.eventType")}
            value={q}
            onChange={(e) => onSearch(e.target.value)}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
            sx={{ maxWidth: { sm: 280 } }}
          >
            <MenuItem value="">{t("common.all")}</MenuItem>
            {eventTypes.map((type) => (
              <MenuItem key={type} value={type}>
                {labels.eventType(type)}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField label={t("audit.from")} type="date" value={dateFrom} onChange={(e) => { setDateFrom(e.target.value); setPage(1); }} slotProps={{ inputLabel: { shrink: true } }} sx={{ maxWidth: { sm: 180 } }} />
        <TextField label={t("audit.to")} type="date" value={dateTo} onChange={(e) => { setDateTo(e.target.value); setPage(1); }} slotProps={{ inputLabel: { shrink: true } }} sx={{ maxWidth: { sm: 180 } }} />
      </Stack>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("audit.empty")} />}
      {tab === "audit" && audit.data && audit.data.results.length > 0 && <AuditTable items={audit.data.results} />}
      {tab === "events" && events.data && events.data.results.length > 0 && <EventsTable items={events.data.results} />}
      {list.data && <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />}
    </Page>
  );
}

import DownloadIcon from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { Pager } from "@/components/ui/paginated-list";
import { EmptyState, ErrorState, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { downloadBreachesCsv, SLA_STAGES, useSlaBreaches, useSlaReport } from "@/features/sla/api/sla";
import type { DateRange } from "@/lib/date-range";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";

const PAGE_SIZE = 25;

export function SlaBreaches({ range }: { range: DateRange }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [stage, setStage] = useState("");
  const [page, setPage] = useState(1);
  const filters = { ...range, stage, page, page_size: PAGE_SIZE };
  const list = useSlaBreaches(filters);

  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1, mb: 2, alignItems: { sm: "center" } }}>
        <TextField select size="small" label={t("sla.stageLabel")} value={stage} onChange={(e) => { setStage(e.target.value); setPage(1); }} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} sx={{ minWidth: 220 }}>
          <MenuItem value="">{t("sla.allStages")}</MenuItem>
          {SLA_STAGES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`sla.stage.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <Button startIcon={<DownloadIcon />} variant="outlined" onClick={() => downloadBreachesCsv(filters).catch((error: unknown) => toast.error(errorMessage(error, t)))}>
          {t("sla.downloadCsv")}
        </Button>
      </Stack>
      {list.isPending && <LoadingState />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && !list.data.results.length && <EmptyState title={t("sla.breachesEmpty")} />}
      {list.data && list.data.results.length > 0 && (
        <>
          <DataTable
            items={list.data.results}
            label={t("sla.breaches")}
            rowKey={(b) => b.id}
            rowProps={() => ({ "data-testid": "breach-row" })}
            columns={[
              {
                key: "appointment",
                label: t("sla.appointment"),
                primary: true,
                render: (b) => (
                  <Link component={RouterLink} to={`/appointments/${b.appointment_id}`} sx={{ fontWeight: 600 }}>
                    #{b.appointment_id}
                    {b.appointment_title ? ` · ${b.appointment_title}` : ""}
                  </Link>
                ),
              },
              { key: "stage", label: t("sla.stageLabel"), render: (b) => t(`sla.stage.${b.stage}`, { defaultValue: b.stage }) },
              { key: "master", label: t("sla.master"), render: (b) => b.master_name || (b.master_id ? `#${b.master_id}` : "—") },
              { key: "due", label: t("sla.dueAt"), nowrap: true, render: (b) => formatDateTime(b.due_at) },
              { key: "breached", label: t("sla.breachedAt"), nowrap: true, render: (b) => formatDateTime(b.breached_at) },
            ]}
          />
          <Pager count={list.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
    </>
  );
}

export function SlaReport({ range }: { range: DateRange }) {
  const { t } = useTranslation();
  const report = useSlaReport(range);
  if (report.isPending) return <LoadingState />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  if (!report.data.length || report.data.every((r) => !r.total)) return <EmptyState title={t("sla.reportEmpty")} />;
  return (
    <DataTable
      items={report.data}
      label={t("sla.report")}
      rowKey={(r) => r.stage}
      rowProps={(r) => ({ "data-testid": "report-row", "data-stage": r.stage })}
      columns={[
        { key: "stage", label: t("sla.stageLabel"), primary: true, render: (r) => <strong>{t(`sla.stage.${r.stage}`, { defaultValue: r.stage })}</strong> },
        { key: "total", label: t("sla.total"), align: "right", render: (r) => formatNumber(r.total) },
        { key: "met", label: t("sla.met"), align: "right", render: (r) => formatNumber(r.met) },
        { key: "breached", label: t("sla.breachedCount"), align: "right", render: (r) => formatNumber(r.breached) },
        { key: "hit", label: t("sla.hitRate"), align: "right", render: (r) => (r.hit_rate == null ? "—" : formatNumber(r.hit_rate * 100, 1)) },
        { key: "p50", label: t("sla.p50"), align: "right", render: (r) => formatNumber(r.p50_minutes, 1) },
        { key: "p90", label: t("sla.p90"), align: "right", render: (r) => formatNumber(r.p90_minutes, 1) },
      ]}
    />
  );
}

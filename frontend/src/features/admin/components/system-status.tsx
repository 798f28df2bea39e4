import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { KeyValueList } from "@/components/ui/key-value-list";
import type { SystemStatus } from "@/lib/api/types";
import { formatDateTime, formatDuration, formatNumber, formatRelative } from "@/lib/format";

type Probe = { ok?: boolean; error?: string; latency_ms?: number } & Record<string, unknown>;

/*
 * `jobs`, `migrations` and `counts` are open JSON in the schema (`unknown`); these readers take
 * only the fields the status page shows and tolerate anything else.
 */
type Job = {
  name: string;
  every_seconds: number | null;
  last_run: string | null;
  ok: boolean | null;
  error: string;
  runs: number;
  failures: number;
  overdue: boolean;
  duration_ms: number | null;
};
const str = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" ? v : null);
export function readJobs(value: unknown): Job[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((row): row is Record<string, unknown> => Boolean(row) && typeof row === "object" && typeof (row as { name?: unknown }).name === "string")
    .map((row) => ({
      name: str(row.name),
      every_seconds: num(row.every_seconds),
      last_run: str(row.last_run) || null,
      ok: typeof row.ok === "boolean" ? row.ok : null,
      error: str(row.error),
      runs: num(row.runs) ?? 0,
      failures: num(row.failures) ?? 0,
      overdue: row.overdue === true,
      duration_ms: num(row.duration_ms),
    }));
}
function readMigrations(value: unknown): { upToDate: boolean | null; pending: string[] } {
  const v = (value ?? {}) as { up_to_date?: unknown; pending?: unknown };
  return { upToDate: typeof v.up_to_date === "boolean" ? v.up_to_date : null, pending: Array.isArray(v.pending) ? v.pending.map(String) : [] };
}

function StateChip({ ok }: { ok: boolean | null | undefined }) {
  const { t } = useTranslation();
  if (ok === null || ok === undefined) return <Chip size="small" variant="outlined" label={t("system.unknown")} />;
  return <Chip size="small" color={ok ? "success" : "error"} label={ok ? t("system.ok") : t("system.error")} />;
}

/** The services the app depends on, each with its state and what was measured. */
export function SystemChecks({ status }: { status: SystemStatus }) {
  const { t } = useTranslation();
  const migrations = readMigrations(status.migrations);
  const ms = (p: Probe) => (typeof p.latency_ms === "number" ? t("system.latency", { ms: formatNumber(p.latency_ms, p.latency_ms < 10 ? 1 : 0) }) : "");
  const rows: { key: string; name: string; ok: boolean | null | undefined; details: string; error?: string }[] = [
    { key: "database", name: t("system.database"), ok: (status.database as Probe).ok, details: [str((status.database as Probe).vendor), ms(status.database as Probe)].filter(Boolean).join(" · "), error: (status.database as Probe).error },
    { key: "migrations", name: t("system.migrations"), ok: migrations.upToDate, details: migrations.upToDate ? t("system.up_to_date") : t("system.pendingMigrations", { list: migrations.pending.join(", ") }) },
    { key: "cache", name: t("system.cache"), ok: (status.cache as Probe).ok, details: [str((status.cache as Probe).backend), ms(status.cache as Probe)].filter(Boolean).join(" · "), error: (status.cache as Probe).error },
    {
      key: "broker",
      name: t("system.broker"),
      ok: (status.broker as Probe).ok,
      details: [
        str((status.broker as Probe).transport),
        (status.broker as Probe).eager ? t("system.eager") : "",
        typeof (status.broker as Probe).queued === "number" ? t("system.queuedCount", { count: (status.broker as Probe).queued as number }) : "",
        ms(status.broker as Probe),
      ]
        .filter(Boolean)
        .join(" · "),
      error: (status.broker as Probe).error,
    },
  ];
  return (
    <Stack spacing={2}>
      <Box component="dl" sx={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: 2, rowGap: 0.5, m: 0 }}>
        {[
          [t("system.version"), status.version],
          [t("system.software"), `Python ${status.python} · Django ${status.django}`],
          [t("system.debug"), status.debug ? t("system.debugOn") : t("common.no")],
          [t("system.time"), formatDateTime(status.time)],
        ].map(([label, value]) => (
          <Box key={label} sx={{ display: "contents" }}>
            <Typography component="dt" variant="body2" color="text.secondary">
              {label}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0 }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
      {status.debug && <Alert severity="warning">{t("system.debugWarning")}</Alert>}
      <DataTable
        items={rows}
        label={t("system.checks")}
        rowKey={(row) => row.key}
        rowProps={(row) => ({ "data-testid": `check-${row.key}` })}
        columns={[
          { key: "name", label: t("system.component"), primary: true, render: (row) => <Typography variant="body2" sx={{ fontWeight: 600 }}>{row.name}</Typography> },
          { key: "state", label: t("system.state"), render: (row) => <StateChip ok={row.ok} /> },
          { key: "details", label: t("system.details"), render: (row) => (row.error ? `${row.details ? `${row.details} · ` : ""}${row.error}` : row.details || "—") },
        ]}
      />
    </Stack>
  );
}

/** Every background job: what it does, how often, when it last ran and how that went. */
export function JobsTable({ jobs }: { jobs: unknown }) {
  const { t } = useTranslation();
  const rows = readJobs(jobs);
  if (!rows.length) return <Typography color="text.secondary">{t("system.noJobs")}</Typography>;
  return (
    <DataTable
      items={rows}
      label={t("system.jobs")}
      rowKey={(job) => job.name}
      rowProps={(job) => ({ "data-testid": "job-row", "data-job": job.name })}
      columns={[
        {
          key: "name",
          label: t("system.job"),
          primary: true,
          render: (job) => (
            <Typography variant="body2" sx={{ fontWeight: 600 }} title={job.name}>
              {t(`jobNames.${job.name}`, { defaultValue: job.name })}
            </Typography>
          ),
        },
        { key: "every", label: t("system.every"), render: (job) => (job.every_seconds ? t("system.everyValue", { interval: formatDuration(job.every_seconds) }) : t("system.onDemand")) },
        {
          key: "last",
          label: t("system.lastRun"),
          render: (job) =>
            job.last_run ? (
              <Box component="time" dateTime={job.last_run} title={formatDateTime(job.last_run)}>
                {formatRelative(job.last_run)}
              </Box>
            ) : (
              t("system.never")
            ),
        },
        {
          key: "state",
          label: t("system.state"),
          render: (job) => (
            <Stack direction="row" sx={{ gap: 0.5, flexWrap: "wrap" }}>
              {job.ok === null ? <Chip size="small" variant="outlined" label={t("system.notRunYet")} /> : <StateChip ok={job.ok} />}
              {job.overdue && <Chip size="small" color="warning" label={t("system.overdue")} />}
            </Stack>
          ),
        },
        { key: "runs", label: t("system.runs"), render: (job) => t("system.runsValue", { runs: formatNumber(job.runs), failures: formatNumber(job.failures) }) },
        { key: "error", label: t("system.lastError"), render: (job) => job.error || "—" },
      ]}
    />
  );
}

/** Users, masters and requests counted by kind, in words. */
export function SystemCounts({ counts }: { counts: unknown }) {
  return <KeyValueList data={counts} />;
}

import Chip, { type ChipProps } from "@mui/material/Chip";
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
import { useRuleRuns, type RuleRun } from "@/features/rules/api/rules";
import { actionLabel } from "@/features/rules/components/catalog-labels";
import { formatDateTime, formatNumber } from "@/lib/format";

const PAGE_SIZE = 25;
const OUTCOMES = ["matched", "not_matched", "error", "shadow"] as const;
const OUTCOME_COLORS: Record<string, ChipProps["color"]> = { matched: "success", not_matched: "default", error: "error", shadow: "info" };
const idOf = (ref: RuleRun["appointment"] | RuleRun["rule"]) => (ref && typeof ref === "object" ? ref.id : ref);

/** Every run of the rules (or of one rule), filterable by outcome and appointment. */
export function RunLog({ ruleId }: { ruleId?: number }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState("");
  const [appointment, setAppointment] = useState("");
  const [page, setPage] = useState(1);
  const runs = useRuleRuns({ rule: ruleId, outcome, appointment, page, page_size: PAGE_SIZE });
  return (
    <>
      <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1, mb: 2 }}>
        <TextField select size="small" label={t("rules.outcome")} value={outcome} onChange={(e) => { setOutcome(e.target.value); setPage(1); }} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} sx={{ minWidth: 200 }}>
          <MenuItem value="">{t("common.all")}</MenuItem>
          {OUTCOMES.map((o) => (
            <MenuItem key={o} value={o}>{t(`rules.outcomes.${o}`)}</MenuItem>
          ))}
        </TextField>
        <TextField size="small" label={t("rules.appointmentId")} value={appointment} onChange={(e) => { setAppointment(e.target.value.replace(/\D/g, "")); setPage(1); }} slotProps={{ htmlInput: { inputMode: "numeric" } }} />
      </Stack>
      {runs.isPending && <LoadingState />}
      {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && !runs.data.results.length && <EmptyState title={t("rules.runsEmpty")} />}
      {runs.data && runs.data.results.length > 0 && (
        <>
          <DataTable
            items={runs.data.results}
            label={t("rules.runs")}
            rowKey={(r) => r.id}
            rowProps={(r) => ({ "data-testid": "run-row", "data-outcome": r.outcome })}
            columns={[
              { key: "time", label: t("rules.runAt"), primary: true, nowrap: true, render: (r) => <strong>{formatDateTime(r.created_at)}</strong> },
              ...(ruleId ? [] : [{ key: "rule", label: t("rules.rule"), render: (r: RuleRun) => <Link component={RouterLink} to={`/admin/rules/${idOf(r.rule)}`}>{typeof r.rule === "object" && r.rule.name ? r.rule.name : `#${idOf(r.rule)}`}</Link> }]),
              { key: "outcome", label: t("rules.outcome"), render: (r) => <Chip size="small" color={OUTCOME_COLORS[r.outcome] ?? "default"} label={t(`rules.outcomes.${r.outcome}`, { defaultValue: r.outcome })} /> },
              { key: "appointment", label: t("rules.appointment"), render: (r) => (idOf(r.appointment) ? <Link component={RouterLink} to={`/appointments/${idOf(r.appointment)}`}>#{idOf(r.appointment)}</Link> : "—") },
              { key: "version", label: t("rules.version"), align: "right", render: (r) => formatNumber(r.rule_version) },
              { key: "actions", label: t("rules.actions"), render: (r) => (r.actions?.length ? r.actions.map((a) => `${actionLabel(t, a.type, a.type)}${a.ok ? "" : ` — ${t("rules.actionFailed")}${a.detail ? `: ${a.detail}` : ""}`}`).join(", ") : "—") },
              { key: "duration", label: t("rules.duration"), align: "right", nowrap: true, render: (r) => t("rules.durationMs", { value: formatNumber(r.duration_us / 1000, 1) }) },
            ]}
          />
          <Pager count={runs.data.count} pageSize={PAGE_SIZE} page={page} onChange={setPage} />
        </>
      )}
    </>
  );
}

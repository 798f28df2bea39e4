import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { useDryRun, type DryRunResult, type RuleInput } from "@/features/rules/api/rules";
import { errorMessage } from "@/lib/errors";
import { actionSummary, fieldLabel, valueLabel } from "@/features/rules/components/catalog-labels";

export function TraceTable({ trace }: { trace: DryRunResult["trace"] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      items={trace}
      label={t("rules.trace")}
      rowKey={(row) => row.path}
      rowProps={(row) => ({ "data-testid": "trace-row", "data-path": row.path, "data-result": String(row.result) })}
      columns={[
        { key: "field", label: t("rules.field"), primary: true, render: (r) => <strong>{r.field ? fieldLabel(t, r.field, r.field) : r.path}</strong> },
        { key: "op", label: t("rules.op"), render: (r) => (r.op ? t(`rules.ops.${r.op}`, { defaultValue: r.op }) : "—") },
        { key: "expected", label: t("rules.expected"), render: (r) => valueLabel(t, r.field, r.expected) },
        { key: "actual", label: t("rules.actual"), render: (r) => valueLabel(t, r.field, r.actual) },
        { key: "result", label: t("rules.result"), render: (r) => <Chip size="small" color={r.result ? "success" : "default"} label={r.result ? t("rules.traceTrue") : t("rules.traceFalse")} /> },
      ]}
    />
  );
}

/** Try the rule on screen against a real appointment: nothing changes, every leaf shows its actual value. */
export function DryRunPanel({ ruleId, getRule, onTrace }: { ruleId: number | null; getRule: () => RuleInput | null; onTrace: (trace: DryRunResult["trace"]) => void }) {
  const { t } = useTranslation();
  const dryRun = useDryRun();
  const [appointment, setAppointment] = useState("");
  const id = Number(appointment);
  const run = () => {
    const rule = getRule();
    if (!rule) return;
    // The rule as it is on screen (saved or not), so the trace matches what the admin sees.
    dryRun.mutate({ id: null, rule, appointmentId: id }, { onSuccess: (result) => onTrace(result.trace) });
  };
  return (
    <Card data-testid="dry-run" data-rule={ruleId ?? "new"}>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>{t("rules.dryRun")}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{t("rules.dryRunHelp")}</Typography>
        <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1, mb: 2, alignItems: { xs: "stretch", sm: "center" } }}>
          <TextField size="small" label={t("rules.appointmentId")} value={appointment} onChange={(e) => setAppointment(e.target.value.replace(/\D/g, ""))} slotProps={{ htmlInput: { inputMode: "numeric" } }} sx={{ maxWidth: { sm: 200 } }} />
          <Button variant="outlined" onClick={run} disabled={!id || dryRun.isPending} sx={{ whiteSpace: "nowrap", alignSelf: { xs: "flex-start", sm: "auto" } }}>{t("rules.runDry")}</Button>
        </Stack>
        {dryRun.isError && <Alert severity="error">{errorMessage(dryRun.error, t)}</Alert>}
        {dryRun.data && (
          <Box data-testid="dry-run-result" data-matched={String(dryRun.data.matched)}>
            <Alert severity={dryRun.data.matched ? "success" : "info"} sx={{ mb: 2 }}>
              {dryRun.data.matched ? t("rules.matched") : t("rules.notMatched")}
            </Alert>
            {dryRun.data.trace.length > 0 ? <TraceTable trace={dryRun.data.trace} /> : <Typography variant="body2">{t("rules.noLeaves")}</Typography>}
            <Typography variant="subtitle1" component="h3" sx={{ mt: 2, mb: 1 }}>{t("rules.wouldRun")}</Typography>
            {dryRun.data.actions.length ? (
              <Stack component="ul" sx={{ pl: 2.5, m: 0 }}>
                {dryRun.data.actions.map((a, i) => (
                  <Typography component="li" variant="body2" key={i} sx={{ overflowWrap: "anywhere" }}>{actionSummary(t, a)}</Typography>
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary">{t("rules.nothingWouldRun")}</Typography>
            )}
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

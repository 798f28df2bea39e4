import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Switch from "@mui/material/Switch";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toaster";
import { useSaveRule, type Rule, type RuleListItem } from "@/features/rules/api/rules";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";

/** The runs or errors of the last 7 days (the list endpoint counts them); errors stand out. */
function RunCount({ value, error = false }: { value: number; error?: boolean }) {
  if (error && value > 0) return <Chip size="small" color="error" label={formatNumber(value)} />;
  return <>{formatNumber(value)}</>;
}

export function RulesTable({ items }: { items: RuleListItem[] }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveRule();
  const patch = (rule: Rule, body: Partial<Rule>) => save.mutate({ id: rule.id, body }, { onError: (error) => toast.error(errorMessage(error, t)) });
  return (
    <DataTable
      items={items}
      label={t("nav.adminRules")}
      rowKey={(r) => r.id}
      rowProps={(r) => ({ "data-testid": "rule-row", "data-name": r.name })}
      columns={[
        { key: "name", label: t("rules.name"), primary: true, render: (r) => <Link component={RouterLink} to={`/admin/rules/${r.id}`} sx={{ fontWeight: 600 }}>{r.name}</Link> },
        {
          key: "enabled",
          label: t("rules.enabled"),
          render: (r) => <Switch size="small" checked={r.enabled} onChange={(e) => patch(r, { enabled: e.target.checked })} slotProps={{ input: { "aria-label": t("rules.enableRule", { name: r.name }) } }} />,
        },
        {
          key: "mode",
          label: t("rules.mode"),
          render: (r) => (
            <Chip
              size="small"
              variant={r.mode === "shadow" ? "outlined" : "filled"}
              color={r.mode === "live" ? "primary" : "default"}
              label={t(`rules.modes.${r.mode}`)}
              onClick={() => patch(r, { mode: r.mode === "live" ? "shadow" : "live" })}
              title={t("rules.switchMode", { name: r.name, mode: t(`rules.modes.${r.mode === "live" ? "shadow" : "live"}`) })}
            />
          ),
        },
        { key: "last", label: t("rules.lastRun"), nowrap: true, render: (r) => (r.last_run_at ? formatDateTime(r.last_run_at) : t("rules.never")) },
        { key: "runs", label: t("rules.runs7d"), align: "right", render: (r) => <RunCount value={r.runs_7d} /> },
        { key: "errors", label: t("rules.errors7d"), align: "right", render: (r) => <RunCount value={r.errors_7d} error /> },
      ]}
    />
  );
}

import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import Switch from "@mui/material/Switch";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { useToast } from "@/components/ui/toaster";
import { useRuleRuns, useSaveRule, type Rule } from "@/features/rules/api/rules";
import { errorMessage } from "@/lib/errors";
import { formatDateTime, formatNumber } from "@/lib/format";

const WEEK_MS = 7 * 86_400_000;
const SAMPLE = 100;

/**
 * The last run and the runs and errors of the last 7 days, read from the rule's run log (the list
 * endpoint does not carry them): the newest 100 runs (and errors), counted back 7 days; "100+"
 * when all of them are that recent.
 */
function RunStat({ rule, kind }: { rule: Rule; kind: "last" | "runs" | "errors" }) {
  const { t } = useTranslation();
  const runs = useRuleRuns({ rule: rule.id, page_size: SAMPLE, ...(kind === "errors" ? { outcome: "error" } : {}) });
  const [since] = useState(() => Date.now() - WEEK_MS);
  if (!runs.data) return <>…</>;
  const items = runs.data.results;
  if (kind === "last") return <>{items[0] ? formatDateTime(items[0].created_at) : t("rules.never")}</>;
  const recent = items.filter((r) => Date.parse(r.created_at) >= since).length;
  const text = recent === SAMPLE && runs.data.count > SAMPLE ? `${formatNumber(SAMPLE)}+` : formatNumber(recent);
  if (kind === "errors" && recent > 0) return <Chip size="small" color="error" label={text} />;
  return <>{text}</>;
}

export function RulesTable({ items }: { items: Rule[] }) {
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
        { key: "last", label: t("rules.lastRun"), nowrap: true, render: (r) => <RunStat rule={r} kind="last" /> },
        { key: "runs", label: t("rules.runs7d"), align: "right", render: (r) => <RunStat rule={r} kind="runs" /> },
        { key: "errors", label: t("rules.errors7d"), align: "right", render: (r) => <RunStat rule={r} kind="errors" /> },
      ]}
    />
  );
}

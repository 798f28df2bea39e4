import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import type { MasterRow } from "@/features/analytics/api/analytics";
import { formatMoney, formatNumber, formatRating, MARKET_CURRENCY } from "@/lib/format";

const masterId = (row: MasterRow) => row.master_id;
const masterName = (row: MasterRow) => row.master || `#${row.master_id}`;

export function AnalyticsMastersTable({ rows }: { rows: MasterRow[] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      items={rows}
      label={t("analytics.masters")}
      rowKey={masterId}
      rowProps={() => ({ "data-testid": "analytics-master-row" })}
      columns={[
        { key: "master", label: t("analytics.master"), primary: true, render: (r) => <strong>{masterName(r)}</strong> },
        { key: "completed", label: t("analytics.metric.appointments_completed"), align: "right", render: (r) => formatNumber(r.completed) },
        { key: "revenue", label: t("analytics.metric.revenue"), align: "right", nowrap: true, render: (r) => formatMoney(r.revenue, MARKET_CURRENCY) },
        { key: "take", label: t("analytics.metric.median_minutes_to_take"), align: "right", render: (r) => formatNumber(r.median_minutes_to_take, 1) },
        { key: "rating", label: t("analytics.rating"), align: "right", render: (r) => formatRating(r.rating) },
        { key: "sla", label: t("analytics.metric.sla_breaches"), align: "right", render: (r) => formatNumber(r.sla_breaches) },
        { key: "level", label: t("analytics.performance"), render: (r) => (r.performance_level ? t(`scores.level.${r.performance_level}`, { defaultValue: r.performance_level }) : "—") },
      ]}
    />
  );
}

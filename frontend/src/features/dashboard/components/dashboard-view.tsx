import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardActionArea from "@mui/material/CardActionArea";
import CardContent from "@mui/material/CardContent";
import Divider from "@mui/material/Divider";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Dashboard } from "@/features/dashboard/api/get-dashboard";
import { formatMoney, formatNumber, formatRating, MARKET_CURRENCY } from "@/lib/format";

// `performance` (SPEC 10.2) has its own card, composed by the dashboard route.
const HIDDEN = new Set(["role", "master_status", "performance"]);

function humanize(key: string) {
  const words = key.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Where a figure leads: the list that shows the items it counts. */
const LINKS: Record<string, Record<string, string>> = {
  client: { payments_to_make: "/appointments?status=AWAITING_PAYMENT", reviews_to_leave: "/appointments?status=COMPLETED" },
  master: {
    new_queue: "/queue",
    payments_to_confirm: "/appointments?status=PAYMENT_PROOF_UPLOADED",
    reviews_to_leave: "/appointments?status=COMPLETED",
  },
  admin: {
    masters_pending: "/admin/masters",
    payments_awaiting_confirmation: "/admin/appointments?status=PAYMENT_PROOF_UPLOADED",
    users_banned: "/admin/users?status=banned",
  },
};

function StatCard({ label, value, to }: { label: string; value: string; to?: string }) {
  const body = (
    <CardContent sx={{ p: { xs: 1.5, sm: 2 } }}>
      {/* Two lines reserved for the label keeps a row of figures level when some labels wrap. */}
      <Typography variant="body2" color="text.secondary" sx={{ minHeight: "2.86em" }}>
        {label}
      </Typography>
      <Typography variant="h4" component="p" sx={{ fontWeight: 600, mt: 0.5 }}>
        {value}
      </Typography>
    </CardContent>
  );
  return (
    <Card data-testid="stat-card">
      {to ? (
        <CardActionArea component={Link} to={to}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
}

function GroupCard({ label, entries, labelFor }: { label: string; entries: [string, unknown][]; labelFor: (key: string) => string }) {
  return (
    <Card sx={{ gridColumn: "span 2" }}>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>
          {label}
        </Typography>
        <Stack divider={<Divider flexItem />} spacing={0.5}>
          {entries.map(([key, value]) => (
            <Stack key={key} direction="row" sx={{ justifyContent: "space-between", gap: 2 }}>
              <Typography variant="body2">{labelFor(key)}</Typography>
              <Typography variant="body2" sx={{ fontWeight: 600 }}>
                {typeof value === "number" ? formatNumber(value) : typeof value === "object" && value !== null ? JSON.stringify(value) : String(value ?? "—")}
              </Typography>
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** Renders whatever counts the backend reports for this role, with translated labels where known. */
export function DashboardView({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const label = (key: string) => t(`dashboard.${key}`, { defaultValue: humanize(key) });
  const subLabel = (key: string) =>
    t(`status.${key}`, { defaultValue: t(`roles.${key}`, { defaultValue: t(`dashboard.${key}`, { defaultValue: humanize(key) }) }) });

  // Single numbers first, breakdowns after, so the figures people scan for sit at the top.
  const isGroup = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value) && !("average" in value);
  const cards = Object.entries(data)
    .filter(([key]) => !HIDDEN.has(key))
    .sort(([, a], [, b]) => Number(isGroup(a)) - Number(isGroup(b)))
    .map(([key, value]) => {
      if (typeof value === "number") return <StatCard key={key} label={label(key)} value={formatNumber(value)} to={LINKS[data.role]?.[key]} />;
      if (typeof value === "string") {
        const money = /earnings|revenue/.test(key);
        return <StatCard key={key} label={label(key)} value={money ? formatMoney(value, MARKET_CURRENCY) : value} />;
      }
      if (key === "rating" && value && typeof value === "object") {
        const rating = value as { average: number | null; count: number };
        return (
          <StatCard
            key={key}
            label={label(key)}
            value={rating.average === null ? "—" : t("reviews.ratingShort", { rating: formatRating(rating.average), count: rating.count })}
          />
        );
      }
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (!entries.length) return null;
        return <GroupCard key={key} label={label(key)} entries={entries} labelFor={subLabel} />;
      }
      return null;
    });

  return (
    <Box sx={{ display: "grid", gap: 2, alignItems: "start", gridTemplateColumns: { xs: "repeat(2, minmax(0, 1fr))", md: "repeat(4, minmax(0, 1fr))" } }}>
      {cards}
    </Box>
  );
}

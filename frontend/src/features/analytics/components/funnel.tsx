import Box from "@mui/material/Box";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import type { AnalyticsFunnel } from "@/features/analytics/api/analytics";
import { formatNumber, formatPercent } from "@/lib/format";

/** `drop_offs` arrives as a list of `{step|stage|reason, count}` or an object of counts (nested by stage). */
function dropOffRows(value: unknown, prefix = ""): [string, number][] {
  if (Array.isArray(value))
    return value.flatMap((row: Record<string, unknown>) => {
      const name = String(row.step ?? row.stage ?? row.reason ?? row.status ?? "");
      return typeof row.count === "number" ? [[prefix + name, row.count] as [string, number]] : [];
    });
  if (value && typeof value === "object")
    return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => (typeof v === "number" ? [[prefix + key, v] as [string, number]] : dropOffRows(v, `${prefix}${key} · `)));
  return [];
}

export function Funnel({ funnel }: { funnel: AnalyticsFunnel }) {
  const { t } = useTranslation();
  const top = funnel.steps[0]?.count || 0;
  const drops = dropOffRows(funnel.drop_offs);
  return (
    <Card data-testid="funnel" sx={{ mb: 3 }}>
      <CardContent>
        <Typography variant="h3" component="h2" gutterBottom>{t("analytics.funnel")}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>{t("analytics.funnelHelp")}</Typography>
        <Stack component="ol" spacing={1.5} sx={{ listStyle: "none", p: 0, m: 0 }}>
          {funnel.steps.map((step) => {
            const share = top ? (step.count / top) * 100 : 0;
            return (
              <Box component="li" key={step.step} data-testid="funnel-step" data-step={step.step}>
                <Stack direction="row" sx={{ justifyContent: "space-between", gap: 1, flexWrap: "wrap" }}>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>{t(`analytics.step.${step.step}`, { defaultValue: step.step })}</Typography>
                  <Typography variant="body2">
                    {formatNumber(step.count)}
                    {step.conversion != null ? ` · ${formatPercent(step.conversion <= 1 ? step.conversion * 100 : step.conversion)}` : ""}
                    {step.median_minutes != null ? ` · ${t("analytics.medianMinutes", { value: formatNumber(step.median_minutes, 1) })}` : ""}
                  </Typography>
                </Stack>
                <LinearProgress variant="determinate" value={share} sx={{ height: 8, borderRadius: 4, mt: 0.5 }} aria-label={t(`analytics.step.${step.step}`, { defaultValue: step.step })} />
              </Box>
            );
          })}
        </Stack>
        {drops.length > 0 && (
          <>
            <Typography variant="subtitle1" component="h3" sx={{ mt: 2, mb: 1 }}>{t("analytics.dropOffs")}</Typography>
            <Stack component="ul" spacing={0.5} sx={{ pl: 2.5, m: 0 }} data-testid="drop-offs">
              {drops.map(([name, count]) => (
                <Typography component="li" variant="body2" key={name}>
                  {name.split(" · ").map((part) => t(`analytics.drop.${part}`, { defaultValue: t(`status.${part}`, { defaultValue: t(`analytics.step.${part}`, { defaultValue: part }) }) })).join(" · ")}: {formatNumber(count)}
                </Typography>
              ))}
            </Stack>
          </>
        )}
      </CardContent>
    </Card>
  );
}

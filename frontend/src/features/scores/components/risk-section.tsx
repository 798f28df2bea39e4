import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { FormDialog } from "@/components/ui/form-dialog";
import { EmptyState, ErrorState, isNotFound, LoadingState } from "@/components/ui/states";
import { useToast } from "@/components/ui/toaster";
import { RISK_LEVELS, useClientRisk, useMasterPerformance, useOverrideRisk, useRemoveRiskOverride } from "@/features/scores/api/scores";
import { ScoreCard } from "@/features/scores/components/score-card";
import type { ClientRiskLevel } from "@/lib/api/types";
import { useSession } from "@/lib/auth";

/** A client's risk on the admin user page: the score, its reasons, and the override (capability users.ban). */
export function RiskSection({ userId, name }: { userId: number; name: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { can } = useSession();
  const risk = useClientRisk(userId);
  const override = useOverrideRisk(userId);
  const remove = useRemoveRiskOverride(userId);
  const [dialog, setDialog] = useState<"override" | "remove" | null>(null);
  const [level, setLevel] = useState<ClientRiskLevel>("high");
  const [reason, setReason] = useState("");
  const [expires, setExpires] = useState("");

  if (risk.isPending) return <LoadingState />;
  if (risk.isError) return isNotFound(risk.error) ? <EmptyState title={t("scores.noScores")} /> : <ErrorState error={risk.error} onRetry={() => void risk.refetch()} />;

  return (
    <>
      <ScoreCard
        title={t("scores.riskSection")}
        score={risk.data}
        testId="risk-section"
        actions={
          can("users.ban") && (
            <>
              <Button variant="outlined" onClick={() => { setLevel(risk.data.override ? (risk.data.override.level as ClientRiskLevel) : "high"); setReason(""); setExpires(""); setDialog("override"); }}>
                {t("scores.override")}
              </Button>
              {risk.data.override && (
                <Button variant="outlined" color="error" onClick={() => setDialog("remove")}>
                  {t("scores.removeOverride")}
                </Button>
              )}
            </>
          )
        }
      />
      {dialog === "override" && (
        <FormDialog
          open
          title={t("scores.overrideTitle", { name })}
          submitLabel={t("common.save")}
          submitDisabled={!reason.trim()}
          onClose={() => setDialog(null)}
          onSubmit={() =>
            override
              .mutateAsync({ level, reason: reason.trim(), ...(expires ? { expires_at: new Date(expires).toISOString() } : {}) })
              .then(() => toast.success(t("scores.overrideSaved")))
          }
        >
          <Typography variant="body2">{t("scores.overrideHelp")}</Typography>
          <TextField select label={t("scores.overrideLevel")} name="level" value={level} onChange={(e) => setLevel(e.target.value as ClientRiskLevel)}>
            {RISK_LEVELS.map((l) => (
              <MenuItem key={l} value={l}>
                {t(`scores.level.${l}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField label={t("scores.overrideReason")} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required multiline minRows={2} />
          <TextField
            type="datetime-local"
            label={`${t("scores.overrideExpires")} (${t("common.optional")})`}
            name="expires_at"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
            helperText={t("scores.overrideExpiresHelp")}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </FormDialog>
      )}
      {dialog === "remove" && (
        <FormDialog
          open
          destructive
          title={t("scores.removeOverrideTitle")}
          submitLabel={t("scores.removeOverride")}
          onClose={() => setDialog(null)}
          onSubmit={() => remove.mutateAsync().then(() => toast.success(t("scores.overrideRemoved")))}
        >
          <Typography variant="body2">{t("scores.removeOverrideHelp")}</Typography>
        </FormDialog>
      )}
    </>
  );
}

/** A master's performance on the admin user page (read-only). */
export function PerformanceSection({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const performance = useMasterPerformance(userId);
  if (performance.isPending) return <LoadingState />;
  if (performance.isError) return isNotFound(performance.error) ? null : <ErrorState error={performance.error} onRetry={() => void performance.refetch()} />;
  return <ScoreCard title={t("scores.performanceSection")} score={performance.data} testId="performance-section" />;
}

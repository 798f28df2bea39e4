import DeleteIcon from "@mui/icons-material/DeleteOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Checkbox from "@mui/material/Checkbox";
import Chip from "@mui/material/Chip";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { SLA_STAGES, useSaveSlaPolicy, type SlaPolicy, type SlaStageKey } from "@/features/sla/api/sla";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";

type TargetDraft = { on: boolean; minutes: string; warn: string; business: boolean };
type DayDraft = { on: boolean; open: string; close: string };
type Draft = { targets: Record<SlaStageKey, TargetDraft>; days: DayDraft[]; holidays: string[]; autoCancel: string };

const DAYS = [1, 2, 3, 4, 5, 6, 7];

function toDraft(policy: SlaPolicy): Draft {
  const targets = Object.fromEntries(
    SLA_STAGES.map((stage) => {
      const target = policy.targets[stage];
      return [stage, target ? { on: true, minutes: String(target.minutes), warn: String(target.warn_before_minutes), business: target.business_hours } : { on: false, minutes: "60", warn: "15", business: false }];
    }),
  ) as Record<SlaStageKey, TargetDraft>;
  const days = DAYS.map((day) => {
    const entry = policy.calendar.weekly.find((w) => w.day === day);
    return entry ? { on: true, open: entry.open, close: entry.close } : { on: false, open: "09:00", close: "18:00" };
  });
  return { targets, days, holidays: [...policy.calendar.holidays].sort(), autoCancel: policy.auto_cancel_unpaid_hours == null ? "" : String(policy.auto_cancel_unpaid_hours) };
}

const wholePositive = (value: string) => /^\d+$/.test(value) && Number(value) > 0;

/** Problems the server would refuse anyway, shown next to the field before a round trip. */
function problems(draft: Draft) {
  const result: Record<string, string> = {};
  for (const stage of SLA_STAGES) {
    const target = draft.targets[stage];
    if (!target.on) continue;
    if (!wholePositive(target.minutes)) result[`${stage}.minutes`] = "sla.minutesInvalid";
    else if (!/^\d+$/.test(target.warn) || Number(target.warn) >= Number(target.minutes)) result[`${stage}.warn`] = "sla.warnInvalid";
  }
  draft.days.forEach((day, index) => {
    if (day.on && !(day.open < day.close)) result[`day.${index + 1}`] = "sla.hoursInvalid";
  });
  return result;
}

export function SlaPolicyForm({ policy }: { policy: SlaPolicy }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveSlaPolicy();
  const [draft, setDraft] = useState(() => toDraft(policy));
  const [holiday, setHoliday] = useState("");
  const [tried, setTried] = useState(false);
  const found = problems(draft);
  const shown = tried ? found : {};

  const setTarget = (stage: SlaStageKey, change: Partial<TargetDraft>) =>
    setDraft((d) => ({ ...d, targets: { ...d.targets, [stage]: { ...d.targets[stage], ...change } } }));
  const setDay = (index: number, change: Partial<DayDraft>) => setDraft((d) => ({ ...d, days: d.days.map((day, i) => (i === index ? { ...day, ...change } : day)) }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (Object.keys(found).length) return;
    const targets = Object.fromEntries(
      SLA_STAGES.filter((s) => draft.targets[s].on).map((s) => {
        const target = draft.targets[s];
        return [s, { minutes: Number(target.minutes), warn_before_minutes: Number(target.warn || 0), business_hours: target.business }];
      }),
    );
    const weekly = draft.days.flatMap((day, index) => (day.on ? [{ day: index + 1, open: day.open, close: day.close }] : []));
    save.mutate(
      { targets, calendar: { weekly, holidays: draft.holidays }, auto_cancel_unpaid_hours: draft.autoCancel.trim() ? Number(draft.autoCancel) : null },
      { onSuccess: (fresh) => { setDraft(toDraft(fresh)); setTried(false); toast.success(t("sla.saved")); } },
    );
  };

  return (
    <Box component="form" onSubmit={submit} noValidate aria-label={t("sla.policyTitle")}>
      <Stack spacing={2}>
        <Card>
          <CardContent>
            <Typography variant="h3" component="h2" gutterBottom>
              {t("sla.targets")}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {t("sla.targetsHelp")}
            </Typography>
            <Stack spacing={2}>
              {SLA_STAGES.map((stage) => {
                const target = draft.targets[stage];
                const name = t(`sla.stage.${stage}`);
                return (
                  <Box key={stage} data-testid={`sla-target-${stage}`} sx={{ display: "grid", gap: 1, gridTemplateColumns: { xs: "minmax(0,1fr) minmax(0,1fr)", md: "minmax(180px,1.3fr) 1fr 1fr 1.4fr" }, alignItems: "center" }}>
                    <FormControlLabel
                      sx={{ gridColumn: { xs: "span 2", md: "auto" } }}
                      control={<Switch checked={target.on} onChange={(e) => setTarget(stage, { on: e.target.checked })} />}
                      label={<Typography sx={{ fontWeight: 600 }}>{name}</Typography>}
                    />
                    <TextField
                      size="small"
                      label={t("sla.minutes")}
                      value={target.minutes}
                      disabled={!target.on}
                      onChange={(e) => setTarget(stage, { minutes: e.target.value })}
                      error={!!shown[`${stage}.minutes`]}
                      helperText={shown[`${stage}.minutes`] ? t(shown[`${stage}.minutes`]) : undefined}
                      slotProps={{ htmlInput: { inputMode: "numeric", "aria-label": `${name}: ${t("sla.minutes")}` } }}
                    />
                    <TextField
                      size="small"
                      label={t("sla.warnBefore")}
                      value={target.warn}
                      disabled={!target.on}
                      onChange={(e) => setTarget(stage, { warn: e.target.value })}
                      error={!!shown[`${stage}.warn`]}
                      helperText={shown[`${stage}.warn`] ? t(shown[`${stage}.warn`]) : undefined}
                      slotProps={{ htmlInput: { inputMode: "numeric", "aria-label": `${name}: ${t("sla.warnBefore")}` } }}
                    />
                    <FormControlLabel
                      sx={{ gridColumn: { xs: "span 2", md: "auto" } }}
                      control={<Checkbox checked={target.business} disabled={!target.on} onChange={(e) => setTarget(stage, { business: e.target.checked })} slotProps={{ input: { "aria-label": `${name}: ${t("sla.businessHours")}` } }} />}
                      label={t("sla.businessHours")}
                    />
                  </Box>
                );
              })}
            </Stack>
          </CardContent>
        </Card>

        <Card>
          <CardContent>
            <Typography variant="h3" component="h2" gutterBottom>
              {t("sla.calendar")}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              {t("sla.calendarHelp")}
            </Typography>
            <Stack spacing={1.5}>
              {draft.days.map((day, index) => {
                const name = t(`sla.weekday.${index + 1}`);
                const problem = shown[`day.${index + 1}`];
                return (
                  <Box key={name} data-testid={`sla-day-${index + 1}`} sx={{ display: "grid", gap: 1, gridTemplateColumns: { xs: "minmax(0,1fr) minmax(0,1fr)", sm: "200px 140px 140px" }, alignItems: "start" }}>
                    <FormControlLabel
                      sx={{ gridColumn: { xs: "span 2", sm: "auto" } }}
                      control={<Switch checked={day.on} onChange={(e) => setDay(index, { on: e.target.checked })} slotProps={{ input: { "aria-label": `${name}: ${t("sla.workingDay")}` } }} />}
                      label={name}
                    />
                    <TextField size="small" type="time" label={t("sla.open")} value={day.open} disabled={!day.on} onChange={(e) => setDay(index, { open: e.target.value })} error={!!problem} slotProps={{ inputLabel: { shrink: true }, htmlInput: { "aria-label": `${name}: ${t("sla.open")}` } }} />
                    <TextField size="small" type="time" label={t("sla.close")} value={day.close} disabled={!day.on} onChange={(e) => setDay(index, { close: e.target.value })} error={!!problem} helperText={problem ? t(problem) : undefined} slotProps={{ inputLabel: { shrink: true }, htmlInput: { "aria-label": `${name}: ${t("sla.close")}` } }} />
                  </Box>
                );
              })}
            </Stack>

            <Typography variant="subtitle1" component="h3" sx={{ mt: 3, mb: 1 }}>
              {t("sla.holidays")}
            </Typography>
            {draft.holidays.length ? (
              <Stack direction="row" sx={{ flexWrap: "wrap", gap: 1, mb: 1.5 }} data-testid="sla-holidays">
                {draft.holidays.map((date) => (
                  <Chip
                    key={date}
                    label={formatDate(date)}
                    onDelete={() => setDraft((d) => ({ ...d, holidays: d.holidays.filter((h) => h !== date) }))}
                    deleteIcon={<DeleteIcon aria-label={t("sla.removeHoliday", { date: formatDate(date) })} />}
                  />
                ))}
              </Stack>
            ) : (
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                {t("sla.holidaysEmpty")}
              </Typography>
            )}
            <Stack direction="row" sx={{ gap: 1 }}>
              <TextField size="small" type="date" label={t("sla.holidayDate")} value={holiday} onChange={(e) => setHoliday(e.target.value)} slotProps={{ inputLabel: { shrink: true } }} sx={{ flex: { xs: 1, sm: "0 0 220px" } }} />
              <Button
                variant="outlined"
                disabled={!holiday || draft.holidays.includes(holiday)}
                onClick={() => {
                  setDraft((d) => ({ ...d, holidays: [...d.holidays, holiday].sort() }));
                  setHoliday("");
                }}
              >
                {t("sla.addHoliday")}
              </Button>
            </Stack>

            <TextField
              sx={{ mt: 3, maxWidth: 360 }}
              fullWidth
              size="small"
              label={t("sla.autoCancel")}
              helperText={t("sla.autoCancelHelp")}
              value={draft.autoCancel}
              onChange={(e) => setDraft((d) => ({ ...d, autoCancel: e.target.value }))}
              slotProps={{ htmlInput: { inputMode: "numeric" } }}
            />
          </CardContent>
        </Card>

        {save.isError && <Alert severity="error">{errorMessage(save.error, t)}</Alert>}
        <Stack direction="row" sx={{ gap: 2, alignItems: "center", flexWrap: "wrap" }}>
          <Button type="submit" variant="contained" disabled={save.isPending}>
            {t("common.save")}
          </Button>
          <Typography variant="body2" color="text.secondary" data-testid="sla-version">
            {t("sla.version", { version: policy.version })}
          </Typography>
        </Stack>
      </Stack>
    </Box>
  );
}

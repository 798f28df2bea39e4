import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useRunAction } from "@/features/admin/api/admin-system";
import type { SystemStatus } from "@/lib/api/types";
import { KeyValueList } from "@/components/ui/key-value-list";
import { errorMessage, fieldErrors } from "@/lib/errors";
import { formatNumber } from "@/lib/format";

export type AdminAction = SystemStatus["actions"][number];

/** Runs one of the backend's maintenance actions; the list and each action's params come from the status report. */
export function RunActionForm({ actions }: { actions: AdminAction[] }) {
  const { t } = useTranslation();
  const run = useRunAction();
  const [name, setName] = useState(actions[0]?.name ?? "");
  const [params, setParams] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const action = actions.find((a) => a.name === name);
  const actionTitle = (actionName: string) => t(`systemActions.${actionName}.title`, { defaultValue: actionName.replace(/_/g, " ") });
  const errors = fieldErrors(run.error);
  const missing = action?.params.some((p) => p.required && !params[p.name]?.trim()) ?? true;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!action || missing) return;
    const values = Object.fromEntries(action.params.filter((p) => params[p.name]?.trim()).map((p) => [p.name, params[p.name].trim()]));
    run.mutate({ action: action.name, params: values, reason: reason.trim() });
  };

  if (!actions.length) return <Typography color="text.secondary">{t("system.noActions")}</Typography>;

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("system.actions")}>
      <TextField
        select
        label={t("system.action")}
        name="action"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setParams({});
          run.reset();
        }}
        helperText={action ? t(`systemActions.${action.name}.description`, { defaultValue: action.description }) : undefined}
      >
        {actions.map((a) => (
          <MenuItem key={a.name} value={a.name}>
            {actionTitle(a.name)}
          </MenuItem>
        ))}
      </TextField>
      {action?.params.map((param) =>
        param.choices?.length ? (
          <TextField
            key={param.name}
            select
            label={t(`systemActions.params.${param.name}`, { defaultValue: param.name })}
            name={param.name}
            required={param.required}
            value={params[param.name] ?? ""}
            onChange={(e) => setParams((v) => ({ ...v, [param.name]: e.target.value }))}
          >
            {param.choices.map((choice) => (
              <MenuItem key={choice} value={choice}>
                {param.name === "name" ? t(`jobNames.${choice}`, { defaultValue: choice }) : choice}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField
            key={param.name}
            label={t(`systemActions.params.${param.name}`, { defaultValue: param.name })}
            name={param.name}
            required={param.required}
            value={params[param.name] ?? ""}
            onChange={(e) => setParams((v) => ({ ...v, [param.name]: e.target.value }))}
            helperText={t(`systemActions.paramHelp.${param.name}`, { defaultValue: param.help })}
          />
        ),
      )}
      <TextField label={`${t("common.reason")} (${t("common.optional")})`} name="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      <Button type="submit" variant="contained" disabled={!action || missing || run.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("system.run")}
      </Button>
      {run.isError && <Alert severity="error">{errors.params ?? errorMessage(run.error, t)}</Alert>}
      {run.data && (
        <Alert severity={run.data.ok ? "success" : "error"} data-testid="action-result">
          {actionTitle(run.data.action)}: {run.data.ok ? t("system.actionOk") : t("system.actionFailed")} ({t("system.tookMs", { ms: formatNumber(run.data.duration_ms) })})
          <Box sx={{ mt: 1 }}>
            <KeyValueList data={run.data.result && typeof run.data.result === "object" ? run.data.result : { result: run.data.result }} />
          </Box>
        </Alert>
      )}
    </Stack>
  );
}

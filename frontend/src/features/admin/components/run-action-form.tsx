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
import { errorMessage, fieldErrors } from "@/lib/errors";

export type AdminAction = SystemStatus["actions"][number];

/** Runs one of the backend's maintenance actions; the list and each action's params come from the status report. */
export function RunActionForm({ actions }: { actions: AdminAction[] }) {
  const { t } = useTranslation();
  const run = useRunAction();
  const [name, setName] = useState(actions[0]?.name ?? "");
  const [params, setParams] = useState<Record<string, string>>({});
  const [reason, setReason] = useState("");
  const action = actions.find((a) => a.name === name);
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
        helperText={action?.description}
      >
        {actions.map((a) => (
          <MenuItem key={a.name} value={a.name}>
            {a.name}
          </MenuItem>
        ))}
      </TextField>
      {action?.params.map((param) =>
        param.choices?.length ? (
          <TextField
            key={param.name}
            select
            label={param.name}
            name={param.name}
            required={param.required}
            value={params[param.name] ?? ""}
            onChange={(e) => setParams((v) => ({ ...v, [param.name]: e.target.value }))}
            helperText={param.help}
          >
            {param.choices.map((choice) => (
              <MenuItem key={choice} value={choice}>
                {choice}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField
            key={param.name}
            label={param.name}
            name={param.name}
            required={param.required}
            value={params[param.name] ?? ""}
            onChange={(e) => setParams((v) => ({ ...v, [param.name]: e.target.value }))}
            helperText={param.help}
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
          {run.data.action}: {run.data.ok ? t("system.actionOk") : t("system.actionFailed")} ({run.data.duration_ms} ms)
          <Box component="pre" sx={{ m: 0, mt: 1, whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontSize: 12 }}>
            {JSON.stringify(run.data.result, null, 2)}
          </Box>
        </Alert>
      )}
    </Stack>
  );
}

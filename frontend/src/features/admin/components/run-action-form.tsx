import Alert from "@mui/material/Alert";
import Autocomplete from "@mui/material/Autocomplete";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useRunAction } from "@/features/admin/api/admin-system";
import { errorMessage } from "@/lib/errors";

/** Runs one of the backend's maintenance actions; the list comes from the system status report. */
export function RunActionForm({ actions }: { actions: string[] }) {
  const { t } = useTranslation();
  const run = useRunAction();
  const [action, setAction] = useState<string>(actions[0] ?? "");
  const [params, setParams] = useState("");
  const [paramsError, setParamsError] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let parsed: Record<string, unknown> | undefined;
    if (params.trim()) {
      try {
        parsed = JSON.parse(params);
        setParamsError(false);
      } catch {
        setParamsError(true);
        return;
      }
    }
    run.mutate({ action, params: parsed });
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate aria-label={t("system.actions")}>
      <Autocomplete
        freeSolo
        options={actions}
        value={action}
        onInputChange={(_, value) => setAction(value)}
        renderInput={(props) => <TextField {...props} label={t("system.action")} name="action" required />}
      />
      <TextField
        label={`${t("system.params")} (JSON, ${t("common.optional")})`}
        name="params"
        value={params}
        onChange={(e) => setParams(e.target.value)}
        error={paramsError}
        helperText={paramsError ? t("system.paramsInvalid") : undefined}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { style: { fontFamily: "monospace" } } }}
      />
      <Button type="submit" variant="contained" disabled={!action.trim() || run.isPending} sx={{ alignSelf: "flex-start" }}>
        {t("system.run")}
      </Button>
      {run.isError && <Alert severity="error">{errorMessage(run.error, t)}</Alert>}
      {run.data && (
        <Alert severity={run.data.ok ? "success" : "error"}>
          {run.data.action}: {run.data.ok ? t("system.actionOk") : t("system.actionFailed")} ({run.data.duration_ms} ms)
          <Box component="pre" sx={{ m: 0, mt: 1, whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontSize: 12 }}>
            {JSON.stringify(run.data.result, null, 2)}
          </Box>
        </Alert>
      )}
    </Stack>
  );
}

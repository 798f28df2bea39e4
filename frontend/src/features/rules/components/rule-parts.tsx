import AddIcon from "@mui/icons-material/Add";
import DeleteIcon from "@mui/icons-material/DeleteOutlined";
import Autocomplete from "@mui/material/Autocomplete";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import IconButton from "@mui/material/IconButton";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import type { CatalogParam, RuleAction, RuleCatalog, RuleTrigger, RuleValidationError } from "@/features/rules/api/rules";
import { normalizeChoices, type Choice } from "@/features/rules/components/conditions";
import { STATUSES } from "@/lib/appointment-status";
import { actionLabel, eventLabel } from "@/features/rules/components/catalog-labels";

/** Event types and statuses the catalog offers for triggers; its `triggers` is read in the shapes a server may give. */
export function triggerChoices(triggers: unknown): { events: Choice[]; statuses: Choice[] } {
  const events: Choice[] = [];
  const statuses: Choice[] = [];
  const add = (list: Choice[], items: unknown) => normalizeChoices(items)?.forEach((c) => list.push(c));
  if (Array.isArray(triggers)) {
    for (const item of triggers) {
      if (typeof item === "string") events.push({ value: item, label: item });
      else if (item && typeof item === "object") {
        const obj = item as Record<string, unknown>;
        if (obj.type === "event" && Array.isArray(obj.events)) add(events, obj.events);
        else if (obj.type === "duration" && Array.isArray(obj.statuses)) add(statuses, obj.statuses);
        else if (typeof obj.event === "string") events.push({ value: obj.event, label: String(obj.label ?? obj.event) });
      }
    }
  } else if (triggers && typeof triggers === "object") {
    const obj = triggers as Record<string, unknown>;
    const ev = obj.events ?? (obj.event as Record<string, unknown> | undefined)?.events ?? obj.event;
    const st = obj.statuses ?? (obj.duration as Record<string, unknown> | undefined)?.statuses;
    add(events, ev);
    add(statuses, st);
  }
  return { events, statuses };
}

const errorFor = (errors: RuleValidationError[], path: string) => errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.detail;

export function TriggerEditor({ value, onChange, catalog, errors }: { value: RuleTrigger; onChange: (t: RuleTrigger) => void; catalog: RuleCatalog; errors: RuleValidationError[] }) {
  const { t } = useTranslation();
  const { events, statuses } = triggerChoices(catalog.triggers);
  const statusChoices = statuses.length ? statuses : STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }));
  return (
    <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1 }} data-testid="trigger-editor">
      <TextField
        select
        size="small"
        label={t("rules.triggerType")}
        value={value.type}
        onChange={(e) => onChange(e.target.value === "event" ? { type: "event", event: events[0]?.value ?? "" } : { type: "duration", status: statusChoices[0]?.value ?? "NEW", hours: 24 })}
        sx={{ minWidth: 200 }}
      >
        <MenuItem value="event">{t("rules.triggerEvent")}</MenuItem>
        <MenuItem value="duration">{t("rules.triggerDuration")}</MenuItem>
      </TextField>
      {value.type === "event" &&
        (events.length ? (
          <TextField select size="small" label={t("rules.event")} value={value.event} onChange={(e) => onChange({ type: "event", event: e.target.value })} error={!!errorFor(errors, "trigger")} helperText={errorFor(errors, "trigger")} sx={{ minWidth: 260, flex: 1 }}>
            {events.map((c) => (
              <MenuItem key={c.value} value={c.value}>
                {eventLabel(t, c.value, c.label)}
              </MenuItem>
            ))}
          </TextField>
        ) : (
          <TextField size="small" label={t("rules.event")} value={value.event} onChange={(e) => onChange({ type: "event", event: e.target.value })} error={!!errorFor(errors, "trigger")} helperText={errorFor(errors, "trigger") ?? t("rules.eventHelp")} sx={{ flex: 1 }} />
        ))}
      {value.type === "duration" && (
        <>
          <TextField select size="small" label={t("rules.status")} value={value.status} onChange={(e) => onChange({ ...value, status: e.target.value })} sx={{ minWidth: 220 }}>
            {statusChoices.map((c) => (
              <MenuItem key={c.value} value={c.value}>
                {t(`status.${c.value}`, { defaultValue: c.label })}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" type="number" label={t("rules.hoursInStatus")} value={value.hours} onChange={(e) => onChange({ ...value, hours: Number(e.target.value) })} error={!!errorFor(errors, "trigger.hours")} helperText={errorFor(errors, "trigger.hours")} sx={{ maxWidth: 180 }} />
        </>
      )}
    </Stack>
  );
}

/** An action's params, wherever they were stored (nested `params` or flat beside `type`). */
export const actionParams = (action: RuleAction): Record<string, unknown> => {
  if (action.params && typeof action.params === "object") return action.params;
  const { type: _type, ...rest } = action;
  return rest;
};
const withParams = (action: RuleAction, params: Record<string, unknown>): RuleAction =>
  action.params !== undefined || Object.keys(actionParams(action)).length === 0 ? { type: action.type, params } : { type: action.type, ...params };

const isList = (type: string) => ["list", "array", "multi", "multiple_choice", "list[str]"].includes(type);

function ParamInput({ param, value, onChange, error }: { param: CatalogParam; value: unknown; onChange: (v: unknown) => void; error?: string }) {
  const { t } = useTranslation();
  const label = `${t(`rules.param.${param.name}`, { defaultValue: param.label ?? param.name })}${param.required ? " *" : ""}`;
  const choices = normalizeChoices(param.choices);
  if (param.type === "boolean")
    return <FormControlLabel control={<Switch checked={!!value} onChange={(e) => onChange(e.target.checked)} />} label={label} />;
  if (choices?.length && (isList(param.type) || Array.isArray(value)))
    return (
      <Autocomplete
        multiple
        size="small"
        options={choices.map((c) => c.value)}
        getOptionLabel={(v) => t(`rules.recipient.${v}`, { defaultValue: choices.find((c) => c.value === v)?.label ?? v })}
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={(_, next) => onChange(next)}
        renderInput={(params) => <TextField {...params} label={label} error={!!error} helperText={error} />}
        sx={{ minWidth: 220, flex: 1 }}
      />
    );
  if (choices?.length)
    return (
      <TextField select size="small" label={label} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} error={!!error} helperText={error} sx={{ minWidth: 200, flex: 1 }}>
        {choices.map((c) => (
          <MenuItem key={c.value} value={c.value}>
            {c.label}
          </MenuItem>
        ))}
      </TextField>
    );
  const numeric = ["number", "integer", "int"].includes(param.type);
  return (
    <TextField
      size="small"
      type={numeric ? "number" : "text"}
      label={label}
      value={String(value ?? "")}
      onChange={(e) => onChange(numeric ? Number(e.target.value) : e.target.value)}
      multiline={param.type === "text" || param.name === "message" || param.name === "reason"}
      error={!!error}
      helperText={error}
      sx={{ minWidth: 200, flex: 2 }}
    />
  );
}

export function ActionsEditor({ value, onChange, catalog, errors }: { value: RuleAction[]; onChange: (a: RuleAction[]) => void; catalog: RuleCatalog; errors: RuleValidationError[] }) {
  const { t } = useTranslation();
  const set = (index: number, next: RuleAction) => onChange(value.map((a, i) => (i === index ? next : a)));
  const fresh = (type: string): RuleAction => {
    const spec = catalog.actions.find((a) => a.type === type);
    return { type, params: Object.fromEntries((spec?.params ?? []).map((p) => [p.name, isList(p.type) ? [] : p.type === "boolean" ? false : ""])) };
  };
  return (
    <Stack spacing={1} data-testid="actions-editor">
      {value.length === 0 && <Typography variant="body2" color="text.secondary">{t("rules.noActions")}</Typography>}
      {value.map((action, index) => {
        const spec = catalog.actions.find((a) => a.type === action.type);
        const params = actionParams(action);
        const path = `actions.${index}`;
        return (
          <Paper key={index} variant="outlined" sx={{ p: 1.5, borderColor: errorFor(errors, path) ? "error.main" : undefined }} data-testid="rule-action" data-path={path}>
            <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1, alignItems: { sm: "flex-start" }, flexWrap: "wrap" }}>
              <TextField select size="small" label={t("rules.actionType")} value={action.type} onChange={(e) => set(index, fresh(e.target.value))} sx={{ minWidth: 200 }}>
                {catalog.actions.map((a) => (
                  <MenuItem key={a.type} value={a.type}>
                    {actionLabel(t, a.type, a.label)}
                  </MenuItem>
                ))}
              </TextField>
              {(spec?.params ?? []).map((param) => (
                <ParamInput
                  key={param.name}
                  param={param}
                  value={params[param.name]}
                  error={errors.find((e) => e.path === `${path}.params.${param.name}` || e.path === `${path}.${param.name}`)?.detail}
                  onChange={(v) => set(index, withParams(action, { ...params, [param.name]: v }))}
                />
              ))}
              <IconButton aria-label={t("rules.removeAction")} onClick={() => onChange(value.filter((_, i) => i !== index))} sx={{ alignSelf: { xs: "flex-end", sm: "center" } }}>
                <DeleteIcon />
              </IconButton>
            </Stack>
            {errors.filter((e) => e.path === path).map((e) => (
              <Typography key={e.detail} variant="body2" color="error" role="alert">{e.detail}</Typography>
            ))}
          </Paper>
        );
      })}
      {catalog.actions.length > 0 && (
        <Button size="small" startIcon={<AddIcon />} onClick={() => onChange([...value, fresh(catalog.actions[0].type)])} sx={{ alignSelf: "flex-start" }}>
          {t("rules.addAction")}
        </Button>
      )}
    </Stack>
  );
}

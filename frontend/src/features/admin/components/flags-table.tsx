import Button from "@mui/material/Button";
import Checkbox from "@mui/material/Checkbox";
import Chip from "@mui/material/Chip";
import FormControlLabel from "@mui/material/FormControlLabel";
import FormGroup from "@mui/material/FormGroup";
import FormLabel from "@mui/material/FormLabel";
import Slider from "@mui/material/Slider";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "@/components/ui/data-table";
import { FormDialog } from "@/components/ui/form-dialog";
import { useToast } from "@/components/ui/toaster";
import { useCreateFlag, useDeleteFlag, useUpdateFlag, type FlagInput } from "@/features/admin/api/admin-platform";
import type { FeatureFlag } from "@/lib/api/types";
import { errorMessage } from "@/lib/errors";
import { formatPercent } from "@/lib/format";

const ROLES = ["client", "master", "admin"];

type Editing = { mode: "create" | "edit"; values: Required<Omit<FlagInput, "key">> & { key: string } } | null;

export function FlagsTable({ items, creating, onCreated }: { items: FeatureFlag[]; creating: boolean; onCreated: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const create = useCreateFlag();
  const update = useUpdateFlag();
  const remove = useDeleteFlag();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<FeatureFlag | null>(null);
  const dialog = creating ? (editing?.mode === "create" ? editing : { mode: "create" as const, values: { key: "", description: "", enabled: false, rollout_percent: 100, roles: [] } }) : editing;

  const set = (changes: Partial<NonNullable<Editing>["values"]>) => setEditing({ mode: dialog!.mode, values: { ...dialog!.values, ...changes } });
  const close = () => {
    setEditing(null);
    if (creating) onCreated();
  };

  return (
    <>
      <DataTable
        items={items}
        label={t("flags.title")}
        rowKey={(flag) => flag.key}
        rowProps={() => ({ "data-testid": "flag-row" })}
        columns={[
          {
            key: "key",
            label: t("flags.key"),
            primary: true,
            render: (flag) => (
              <>
                <Typography variant="body2" sx={{ fontFamily: "monospace", fontWeight: 600 }}>
                  {flag.key}
                </Typography>
                <Typography variant="caption" color="text.secondary" component="p">
                  {flag.description}
                </Typography>
              </>
            ),
          },
          {
            key: "enabled",
            label: t("flags.enabled"),
            render: (flag) => (
              <Switch
                checked={flag.enabled}
                onChange={(e) => update.mutate({ key: flag.key, enabled: e.target.checked }, { onError: (error) => toast.error(errorMessage(error, t)) })}
                slotProps={{ input: { "aria-label": `${t("flags.enabled")}: ${flag.key}` } }}
              />
            ),
          },
          { key: "rollout", label: t("flags.rollout"), render: (flag) => formatPercent(flag.rollout_percent) },
          {
            key: "roles",
            label: t("flags.roles"),
            render: (flag) => (flag.roles.length ? flag.roles.map((r) => <Chip key={r} size="small" label={t(`roles.${r}`)} sx={{ mr: 0.5 }} />) : t("flags.everyone")),
          },
        ]}
        actionsLabel={t("appointments.actions")}
        actions={(flag) => (
          <>
            <Button
              size="small"
              variant="outlined"
              onClick={() =>
                setEditing({ mode: "edit", values: { key: flag.key, description: flag.description, enabled: flag.enabled, rollout_percent: flag.rollout_percent, roles: [...flag.roles] } })
              }
            >
              {t("flags.edit")}
            </Button>
            <Button size="small" variant="outlined" color="error" onClick={() => setDeleting(flag)}>
              {t("flags.delete")}
            </Button>
          </>
        )}
      />

      {dialog && (
        <FormDialog
          open
          title={dialog.mode === "create" ? t("flags.create") : `${t("flags.edit")} · ${dialog.values.key}`}
          submitLabel={t("common.save")}
          onClose={close}
          submitDisabled={!dialog.values.key.trim()}
          onSubmit={() => {
            const { key, ...rest } = dialog.values;
            const request = dialog.mode === "create" ? create.mutateAsync({ key: key.trim(), ...rest }) : update.mutateAsync({ key, ...rest });
            return request.then(() => toast.success(t("common.saved")));
          }}
        >
          {dialog.mode === "create" && (
            <TextField label={t("flags.key")} name="key" value={dialog.values.key} onChange={(e) => set({ key: e.target.value })} required helperText={t("flags.keyHelp")} />
          )}
          <TextField label={t("flags.description")} name="description" value={dialog.values.description} onChange={(e) => set({ description: e.target.value })} multiline />
          <FormControlLabel control={<Switch checked={dialog.values.enabled} onChange={(e) => set({ enabled: e.target.checked })} />} label={t("flags.enabled")} />
          <div>
            <FormLabel id="rollout-label">
              {t("flags.rollout")}: {formatPercent(dialog.values.rollout_percent)}
            </FormLabel>
            <Slider aria-labelledby="rollout-label" value={dialog.values.rollout_percent} onChange={(_, v) => set({ rollout_percent: v as number })} step={5} min={0} max={100} />
          </div>
          <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
            <FormLabel component="legend">{t("flags.roles")}</FormLabel>
            <FormGroup row>
              {ROLES.map((r) => (
                <FormControlLabel
                  key={r}
                  control={
                    <Checkbox
                      checked={dialog.values.roles.includes(r)}
                      onChange={(e) => set({ roles: e.target.checked ? [...dialog.values.roles, r] : dialog.values.roles.filter((x) => x !== r) })}
                    />
                  }
                  label={t(`roles.${r}`)}
                />
              ))}
            </FormGroup>
            <Typography variant="caption" color="text.secondary">
              {t("flags.rolesHelp")}
            </Typography>
          </fieldset>
        </FormDialog>
      )}
      {deleting && (
        <FormDialog
          open
          destructive
          title={`${t("flags.delete")} · ${deleting.key}`}
          submitLabel={t("flags.delete")}
          onClose={() => setDeleting(null)}
          onSubmit={() => remove.mutateAsync(deleting.key).then(() => toast.success(t("common.done")))}
        >
          {t("flags.deleteHelp")}
        </FormDialog>
      )}
    </>
  );
}

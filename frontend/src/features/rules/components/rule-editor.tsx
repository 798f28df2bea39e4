import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import FormControlLabel from "@mui/material/FormControlLabel";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useToast } from "@/components/ui/toaster";
import { ruleErrors, useSaveRule, useValidateRule, type Rule, type RuleCatalog, type RuleInput, type RuleValidationError } from "@/features/rules/api/rules";
import { ConditionBuilder, type TraceItem } from "@/features/rules/components/condition-builder";
import { ConditionShapeError, fromJson, newGroup, normalizeChoices, toJson, unclaimedErrors, type CatalogField, type ConditionNode } from "@/features/rules/components/conditions";
import { DryRunPanel } from "@/features/rules/components/dry-run-panel";
import { ActionsEditor, TriggerEditor } from "@/features/rules/components/rule-parts";
import { errorMessage } from "@/lib/errors";
import { choiceLabels, fieldLabel, localizeRuleError } from "@/features/rules/components/catalog-labels";
import type { TFunction } from "i18next";

const EMPTY: RuleInput = {
  name: "",
  description: "",
  enabled: false,
  mode: "shadow",
  priority: 100,
  stop_processing: false,
  trigger: { type: "event", event: "" },
  conditions: { all: [] },
  actions: [],
};

/** The editable part of a rule (what POST/PATCH take). */
const pick = (rule: Rule): RuleInput => ({
  name: rule.name, description: rule.description ?? "", enabled: rule.enabled, mode: rule.mode, priority: rule.priority,
  stop_processing: rule.stop_processing, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions ?? [],
});

function treeOf(conditions: unknown): ConditionNode {
  if (conditions == null || (typeof conditions === "object" && !Array.isArray(conditions) && Object.keys(conditions).length === 0)) return newGroup("all");
  try {
    return fromJson(conditions);
  } catch {
    return newGroup("all");
  }
}

/** The catalog's fields with labels and choices in the owner's language (the catalog speaks English). */
export function catalogFields(catalog: RuleCatalog, t: TFunction): CatalogField[] {
  return catalog.fields.map((f) => ({ ...f, label: fieldLabel(t, f.field, f.label), choices: choiceLabels(t, f.field, normalizeChoices(f.choices)) }));
}

/** The whole rule: name and switches, trigger, conditions (builder or JSON), actions, validate, save, dry run. */
export function RuleEditor({ rule, catalog, onSaved }: { rule: Rule | null; catalog: RuleCatalog; onSaved: (rule: Rule) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const save = useSaveRule();
  const validate = useValidateRule();
  const initial: RuleInput = rule ? pick(rule) : EMPTY;
  const [draft, setDraft] = useState<RuleInput>(initial);
  const [tree, setTree] = useState<ConditionNode>(() => treeOf(initial.conditions));
  const [tab, setTab] = useState<"builder" | "json">("builder");
  const [jsonText, setJsonText] = useState("");
  const [jsonError, setJsonError] = useState("");
  const [errors, setErrors] = useState<RuleValidationError[]>([]);
  const [trace, setTrace] = useState<TraceItem[]>([]);
  const [problem, setProblem] = useState<unknown>(null);
  const fields = catalogFields(catalog, t);

  /** The conditions as JSON, from whichever tab is showing (the JSON tab may hold unparsed text). */
  const currentConditions = (): unknown => {
    if (tab === "json") return JSON.parse(jsonText);
    return toJson(tree);
  };
  const set = (change: Partial<RuleInput>) => setDraft((d) => ({ ...d, ...change }));

  const switchTab = (next: "builder" | "json") => {
    if (next === tab) return;
    if (next === "json") {
      setJsonText(JSON.stringify(toJson(tree), null, 2));
      setJsonError("");
      setTab("json");
      return;
    }
    try {
      setTree(fromJson(JSON.parse(jsonText)));
      setJsonError("");
      setTab("builder");
    } catch (error) {
      setJsonError(error instanceof ConditionShapeError ? t("rules.jsonShape", { detail: error.message }) : t("rules.jsonInvalid"));
    }
  };

  const body = (): RuleInput | null => {
    try {
      return { ...draft, conditions: currentConditions() };
    } catch {
      setJsonError(t("rules.jsonInvalid"));
      return null;
    }
  };

  const onValidate = () => {
    const input = body();
    if (!input) return;
    setProblem(null);
    validate.mutate(
      { trigger: input.trigger, conditions: input.conditions, actions: input.actions },
      {
        onSuccess: () => {
          setErrors([]);
          toast.success(t("rules.valid"));
        },
        onError: (error) => {
          setErrors(ruleErrors(error).map((e) => localizeRuleError(t, e)));
          if (!ruleErrors(error).length) setProblem(error);
        },
      },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const input = body();
    if (!input) return;
    setProblem(null);
    save.mutate(
      { id: rule?.id ?? null, body: input },
      {
        onSuccess: (saved) => {
          setErrors([]);
          toast.success(t("rules.saved"));
          onSaved(saved);
        },
        onError: (error) => {
          setErrors(ruleErrors(error).map((e) => localizeRuleError(t, e)));
          if (!ruleErrors(error).length) setProblem(error);
        },
      },
    );
  };

  const fieldError = (path: string) => errors.find((e) => e.path === path)?.detail;
  const orphans = tab === "builder" ? unclaimedErrors(errors, tree) : errors.filter((e) => e.path.startsWith("conditions"));
  const otherErrors = errors.filter((e) => !e.path.startsWith("conditions") && !e.path.startsWith("trigger") && !e.path.startsWith("actions") && !["name", "description", "priority"].includes(e.path));

  return (
    <Box component="form" onSubmit={onSubmit} noValidate aria-label={t("rules.editor")}>
      <Stack spacing={2}>
        <Card>
          <CardContent>
            <Stack spacing={2}>
              <TextField label={t("rules.name")} value={draft.name} onChange={(e) => set({ name: e.target.value })} required error={!!fieldError("name")} helperText={fieldError("name")} />
              <TextField label={t("rules.description")} value={draft.description} onChange={(e) => set({ description: e.target.value })} multiline minRows={2} />
              <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 2, alignItems: { sm: "center" }, flexWrap: "wrap" }}>
                <FormControlLabel control={<Switch checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />} label={t("rules.enabled")} />
                <TextField select size="small" label={t("rules.mode")} value={draft.mode} onChange={(e) => set({ mode: e.target.value as "live" | "shadow" })} helperText={t(`rules.modeHelp.${draft.mode}`)} sx={{ minWidth: 220, maxWidth: 360 }}>
                  <MenuItem value="live">{t("rules.modes.live")}</MenuItem>
                  <MenuItem value="shadow">{t("rules.modes.shadow")}</MenuItem>
                </TextField>
                <TextField size="small" type="number" label={t("rules.priority")} value={draft.priority} onChange={(e) => set({ priority: Number(e.target.value) })} helperText={t("rules.priorityHelp")} sx={{ maxWidth: 200 }} error={!!fieldError("priority")} />
                <FormControlLabel control={<Switch checked={draft.stop_processing} onChange={(e) => set({ stop_processing: e.target.checked })} />} label={t("rules.stopProcessing")} />
              </Stack>
            </Stack>
          </CardContent>
        </Card>

        <Card>
          <CardContent>
            <Typography variant="h3" component="h2" gutterBottom>{t("rules.trigger")}</Typography>
            <TriggerEditor value={draft.trigger} onChange={(trigger) => set({ trigger })} catalog={catalog} errors={errors} />
          </CardContent>
        </Card>

        <Card>
          <CardContent>
            <Typography variant="h3" component="h2" gutterBottom>{t("rules.conditions")}</Typography>
            <Tabs value={tab} onChange={(_, next: "builder" | "json") => switchTab(next)} sx={{ mb: 2 }} aria-label={t("rules.conditions")}>
              <Tab value="builder" label={t("rules.tabBuilder")} />
              <Tab value="json" label={t("rules.tabJson")} />
            </Tabs>
            {tab === "builder" ? (
              <ConditionBuilder value={tree} onChange={setTree} fields={fields} errors={errors} trace={trace} orphanErrors={orphans} />
            ) : (
              <>
                <TextField
                  label={t("rules.tabJson")}
                  value={jsonText}
                  onChange={(e) => setJsonText(e.target.value)}
                  multiline
                  minRows={10}
                  fullWidth
                  error={!!jsonError}
                  helperText={jsonError || t("rules.jsonHelp")}
                  slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: "monospace", fontSize: 13 }, "data-testid": "rule-json" } }}
                />
                {orphans.map((e) => (
                  <Typography key={e.path + e.detail} variant="body2" color="error" role="alert">{`${e.path}: ${e.detail}`}</Typography>
                ))}
              </>
            )}
          </CardContent>
        </Card>

        <Card>
          <CardContent>
            <Typography variant="h3" component="h2" gutterBottom>{t("rules.actions")}</Typography>
            <ActionsEditor value={draft.actions} onChange={(actions) => set({ actions })} catalog={catalog} errors={errors} />
          </CardContent>
        </Card>

        {otherErrors.map((e) => <Alert key={e.path + e.detail} severity="error">{e.detail}</Alert>)}
        {problem != null && <Alert severity="error">{errorMessage(problem, t)}</Alert>}
        {errors.length > 0 && <Alert severity="error" data-testid="rule-invalid">{t("errors.invalid_rule")}</Alert>}
        <Stack direction="row" sx={{ gap: 1, flexWrap: "wrap" }}>
          <Button type="submit" variant="contained" disabled={save.isPending || !draft.name.trim()}>{t("common.save")}</Button>
          <Button variant="outlined" onClick={onValidate} disabled={validate.isPending}>{t("rules.validate")}</Button>
        </Stack>

        <DryRunPanel ruleId={rule?.id ?? null} getRule={body} onTrace={setTrace} />
      </Stack>
    </Box>
  );
}

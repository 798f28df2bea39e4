import AddIcon from "@mui/icons-material/Add";
import DeleteIcon from "@mui/icons-material/DeleteOutlined";
import Alert from "@mui/material/Alert";
import Autocomplete from "@mui/material/Autocomplete";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import IconButton from "@mui/material/IconButton";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useTranslation } from "react-i18next";
import {
  childPath, defaultValue, errorsAt, LIST_OPS, newGroup, newLeaf, newNot, NO_VALUE_OPS, replaceNode,
  type CatalogField, type ConditionNode, type GroupNode, type LeafNode, type NotNode, type RuleError,
} from "@/features/rules/components/conditions";
import { valueLabel } from "@/features/rules/components/catalog-labels";

export type TraceItem = { path: string; field?: string; op?: string; expected?: unknown; actual?: unknown; result: boolean | null };

type Ctx = {
  fields: CatalogField[];
  errors: RuleError[];
  trace: Map<string, TraceItem>;
  root: ConditionNode;
  onChange: (root: ConditionNode) => void;
};


function NodeErrors({ errors }: { errors: RuleError[] }) {
  if (!errors.length) return null;
  return (
    <Box role="alert" data-testid="node-errors" sx={{ mt: 0.5 }}>
      {errors.map((e) => (
        <Typography key={`${e.path}:${e.detail}`} variant="body2" color="error" data-path={e.path}>
          {e.detail}
        </Typography>
      ))}
    </Box>
  );
}

function parseList(text: string, numeric: boolean) {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  return numeric ? items.map(Number) : items;
}

/** The value input that fits the field's type and the operator. */
function ValueInput({ leaf, field, onValue, label }: { leaf: LeafNode; field: CatalogField | undefined; onValue: (value: unknown) => void; label: string }) {
  const { t } = useTranslation();
  if (NO_VALUE_OPS.has(leaf.op)) return null;
  const type = field?.type;
  const numeric = type === "number" || type === "datetime";
  const choices = field?.choices;
  if (LIST_OPS.has(leaf.op) && choices?.length) {
    const selected = Array.isArray(leaf.value) ? (leaf.value as unknown[]).map(String) : [];
    return (
      <Autocomplete
        multiple
        size="small"
        options={choices.map((c) => c.value)}
        getOptionLabel={(v) => choices.find((c) => c.value === v)?.label ?? v}
        value={selected}
        onChange={(_, next) => onValue(next)}
        renderInput={(params) => <TextField {...params} label={label} />}
        sx={{ minWidth: 200, flex: 2 }}
      />
    );
  }
  if (LIST_OPS.has(leaf.op)) {
    return (
      <TextField
        size="small"
        label={label}
        helperText={t("rules.listHelp")}
        value={Array.isArray(leaf.value) ? (leaf.value as unknown[]).join(", ") : ""}
        onChange={(e) => onValue(parseList(e.target.value, numeric))}
        sx={{ flex: 2, minWidth: 160 }}
      />
    );
  }
  if (leaf.op === "between") {
    const pair = Array.isArray(leaf.value) ? (leaf.value as unknown[]) : [0, 0];
    return (
      <Stack direction="row" sx={{ gap: 1, flex: 2 }}>
        {[0, 1].map((i) => (
          <TextField
            key={i}
            size="small"
            type="number"
            label={i === 0 ? t("rules.valueFrom") : t("rules.valueTo")}
            value={String(pair[i] ?? "")}
            onChange={(e) => onValue(i === 0 ? [Number(e.target.value), pair[1]] : [pair[0], Number(e.target.value)])}
            sx={{ flex: 1, minWidth: 90 }}
          />
        ))}
      </Stack>
    );
  }
  if (choices?.length) {
    return (
      <TextField select size="small" label={label} value={String(leaf.value ?? "")} onChange={(e) => onValue(e.target.value)} sx={{ flex: 2, minWidth: 160 }}>
        {choices.map((c) => (
          <MenuItem key={c.value} value={c.value}>
            {c.label}
          </MenuItem>
        ))}
      </TextField>
    );
  }
  return (
    <TextField
      size="small"
      type={numeric ? "number" : "text"}
      label={type === "datetime" ? t("rules.hours") : label}
      value={String(leaf.value ?? "")}
      onChange={(e) => onValue(numeric ? (e.target.value === "" ? "" : Number(e.target.value)) : e.target.value)}
      sx={{ flex: 2, minWidth: 120 }}
    />
  );
}

function LeafEditor({ leaf, path, ctx }: { leaf: LeafNode; path: string; ctx: Ctx }) {
  const { t } = useTranslation();
  const field = ctx.fields.find((f) => f.field === leaf.field);
  const update = (next: Partial<LeafNode>) => ctx.onChange(replaceNode(ctx.root, leaf.id, { ...leaf, ...next }));
  const errors = errorsAt(ctx.errors, path, leaf);
  const trace = ctx.trace.get(path);
  const ops = field?.ops ?? [leaf.op];
  return (
    <Paper variant="outlined" sx={{ p: 1.5, borderColor: errors.length ? "error.main" : undefined }} data-testid="rule-leaf" data-path={path}>
      <Stack direction={{ xs: "column", sm: "row" }} sx={{ gap: 1, alignItems: { sm: "flex-start" } }}>
        <TextField
          select
          size="small"
          label={t("rules.field")}
          value={field ? leaf.field : ""}
          onChange={(e) => {
            const next = ctx.fields.find((f) => f.field === e.target.value);
            const op = next?.ops.includes(leaf.op) ? leaf.op : (next?.ops[0] ?? leaf.op);
            update({ field: e.target.value, op, ...defaultValue(next, op) });
          }}
          sx={{ flex: 3, minWidth: 180 }}
          error={errors.some((e) => e.path === `${path}.field`)}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        >
          {!field && <MenuItem value="">{leaf.field || t("rules.pickField")}</MenuItem>}
          {ctx.fields.map((f) => (
            <MenuItem key={f.field} value={f.field}>
              {f.label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t("rules.op")}
          value={leaf.op}
          onChange={(e) => {
            const op = e.target.value;
            const keep = NO_VALUE_OPS.has(op) === NO_VALUE_OPS.has(leaf.op) && LIST_OPS.has(op) === LIST_OPS.has(leaf.op) && (op === "between") === (leaf.op === "between");
            update(keep ? { op } : { op, ...defaultValue(field, op) });
          }}
          sx={{ flex: 2, minWidth: 140 }}
          error={errors.some((e) => e.path === `${path}.op`)}
        >
          {ops.map((op) => (
            <MenuItem key={op} value={op}>
              {t(`rules.ops.${op}`, { defaultValue: op })}
            </MenuItem>
          ))}
        </TextField>
        <ValueInput leaf={leaf} field={field} label={t("rules.value")} onValue={(value) => update({ value, hasValue: true })} />
        <IconButton aria-label={t("rules.removeCondition")} onClick={() => ctx.onChange(replaceNode(ctx.root, leaf.id, null))} sx={{ alignSelf: { xs: "flex-end", sm: "center" } }}>
          <DeleteIcon />
        </IconButton>
      </Stack>
      {trace && (
        <Stack direction="row" sx={{ gap: 1, mt: 1, alignItems: "center", flexWrap: "wrap" }} data-testid="leaf-trace">
          <Chip size="small" color={trace.result ? "success" : "default"} label={trace.result ? t("rules.traceTrue") : t("rules.traceFalse")} />
          <Typography variant="body2">{t("rules.actualValue", { value: valueLabel(t, leaf.field, trace.actual) })}</Typography>
        </Stack>
      )}
      <NodeErrors errors={errors} />
    </Paper>
  );
}

function AddButtons({ onAdd, ctx }: { onAdd: (node: ConditionNode) => void; ctx: Ctx }) {
  const { t } = useTranslation();
  return (
    <Stack direction="row" sx={{ gap: 1, flexWrap: "wrap" }}>
      <Button size="small" startIcon={<AddIcon />} onClick={() => onAdd(newLeaf(ctx.fields[0]))}>
        {t("rules.addCondition")}
      </Button>
      <Button size="small" startIcon={<AddIcon />} onClick={() => onAdd(newGroup("any"))}>
        {t("rules.addGroup")}
      </Button>
      <Button size="small" startIcon={<AddIcon />} onClick={() => onAdd(newNot())}>
        {t("rules.addNot")}
      </Button>
    </Stack>
  );
}

function GroupEditor({ group, path, ctx, removable }: { group: GroupNode; path: string; ctx: Ctx; removable: boolean }) {
  const { t } = useTranslation();
  const errors = errorsAt(ctx.errors, path, group);
  const set = (next: GroupNode) => ctx.onChange(replaceNode(ctx.root, group.id, next));
  return (
    <Box
      sx={{ borderLeft: 3, borderColor: errors.length ? "error.main" : group.mode === "all" ? "primary.main" : "secondary.main", pl: 1.5, py: 0.5 }}
      data-testid="rule-group"
      data-path={path}
      data-mode={group.mode}
    >
      <Stack direction="row" sx={{ gap: 1, alignItems: "center", mb: 1, flexWrap: "wrap" }}>
        <TextField select size="small" label={t("rules.groupMode")} value={group.mode} onChange={(e) => set({ ...group, mode: e.target.value as "all" | "any" })} sx={{ minWidth: 220 }}>
          <MenuItem value="all">{t("rules.all")}</MenuItem>
          <MenuItem value="any">{t("rules.any")}</MenuItem>
        </TextField>
        {removable && (
          <IconButton aria-label={t("rules.removeGroup")} onClick={() => ctx.onChange(replaceNode(ctx.root, group.id, null))}>
            <DeleteIcon />
          </IconButton>
        )}
      </Stack>
      <Stack spacing={1}>
        {group.children.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {t("rules.emptyGroup")}
          </Typography>
        )}
        {group.children.map((child, index) => (
          <NodeEditor key={child.id} node={child} path={childPath(path, group, index)} ctx={ctx} removable />
        ))}
        <AddButtons ctx={ctx} onAdd={(node) => set({ ...group, children: [...group.children, node] })} />
      </Stack>
      <NodeErrors errors={errors} />
    </Box>
  );
}

function NotEditor({ node, path, ctx }: { node: NotNode; path: string; ctx: Ctx }) {
  const { t } = useTranslation();
  const errors = errorsAt(ctx.errors, path, node);
  return (
    <Box sx={{ borderLeft: 3, borderColor: errors.length ? "error.main" : "warning.main", pl: 1.5, py: 0.5 }} data-testid="rule-not" data-path={path}>
      <Stack direction="row" sx={{ gap: 1, alignItems: "center", mb: 1 }}>
        <Typography variant="subtitle2" component="p">{t("rules.not")}</Typography>
        <IconButton aria-label={t("rules.removeGroup")} onClick={() => ctx.onChange(replaceNode(ctx.root, node.id, null))}>
          <DeleteIcon />
        </IconButton>
      </Stack>
      {node.child ? (
        <NodeEditor node={node.child} path={childPath(path, node)} ctx={ctx} removable />
      ) : (
        <AddButtons ctx={ctx} onAdd={(child) => ctx.onChange(replaceNode(ctx.root, node.id, { ...node, child }))} />
      )}
      <NodeErrors errors={errors} />
    </Box>
  );
}

function NodeEditor({ node, path, ctx, removable }: { node: ConditionNode; path: string; ctx: Ctx; removable: boolean }) {
  if (node.kind === "leaf") return <LeafEditor leaf={node} path={path} ctx={ctx} />;
  if (node.kind === "not") return <NotEditor node={node} path={path} ctx={ctx} />;
  return <GroupEditor group={node} path={path} ctx={ctx} removable={removable} />;
}

/** The visual editor of a rule's conditions, generated from the catalog's fields. */
export function ConditionBuilder({
  value, onChange, fields, errors = [], trace = [], orphanErrors = [],
}: {
  value: ConditionNode;
  onChange: (root: ConditionNode) => void;
  fields: CatalogField[];
  errors?: RuleError[];
  trace?: TraceItem[];
  orphanErrors?: RuleError[];
}) {
  const ctx: Ctx = { fields, errors, trace: new Map(trace.map((item) => [item.path, item])), root: value, onChange };
  return (
    <Box data-testid="condition-builder">
      {orphanErrors.length > 0 && (
        <Alert severity="error" sx={{ mb: 1 }}>
          {orphanErrors.map((e) => <div key={e.path + e.detail}>{e.detail}</div>)}
        </Alert>
      )}
      <NodeEditor node={value} path="conditions" ctx={ctx} removable={false} />
    </Box>
  );
}

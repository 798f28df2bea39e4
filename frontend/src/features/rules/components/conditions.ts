/**
 * The rule condition grammar of SPEC 10.1 as an editable tree, and back. `fromJson(toJson(x))` is
 * the identity for every condition the server accepts, so the builder and the JSON tab round-trip:
 * `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`, leaf `{"field", "op", "value"}`.
 * Every node knows its JSON path (`conditions.all.1.op` style) so validation errors land on it.
 */

export type ConditionJson = { all: ConditionJson[] } | { any: ConditionJson[] } | { not: ConditionJson } | LeafJson;
export type LeafJson = { field: string; op: string; value?: unknown };

export type LeafNode = { kind: "leaf"; id: string; field: string; op: string; value: unknown; hasValue: boolean };
export type GroupNode = { kind: "group"; id: string; mode: "all" | "any"; children: ConditionNode[] };
export type NotNode = { kind: "not"; id: string; child: ConditionNode | null };
export type ConditionNode = LeafNode | GroupNode | NotNode;

export type FieldType = "number" | "string" | "enum" | "boolean" | "datetime" | "list";
export type Choice = { value: string; label: string };
export type CatalogField = { field: string; type: FieldType | string; label: string; ops: string[]; choices?: Choice[] };

let counter = 0;
const nextId = () => `n${(counter += 1)}`;

/** Operators that take no value (SPEC 10.1). */
export const NO_VALUE_OPS = new Set(["is_empty", "is_set", "is_true", "is_false"]);
/** Operators whose value is a list; `between` is a pair. */
export const LIST_OPS = new Set(["in", "not_in"]);

export class ConditionShapeError extends Error {}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function fromJson(json: unknown): ConditionNode {
  if (!isObject(json)) throw new ConditionShapeError("A condition is an object");
  if ("all" in json || "any" in json) {
    const mode = "all" in json ? "all" : "any";
    const children = json[mode];
    if (!Array.isArray(children) || Object.keys(json).length !== 1) throw new ConditionShapeError(`"${mode}" holds a list of conditions`);
    return { kind: "group", id: nextId(), mode, children: children.map(fromJson) };
  }
  if ("not" in json) {
    if (Object.keys(json).length !== 1) throw new ConditionShapeError('"not" stands alone');
    return { kind: "not", id: nextId(), child: fromJson(json.not) };
  }
  if (typeof json.field === "string" && typeof json.op === "string") {
    const extra = Object.keys(json).filter((k) => !["field", "op", "value"].includes(k));
    if (extra.length) throw new ConditionShapeError(`Unknown key "${extra[0]}"`);
    return { kind: "leaf", id: nextId(), field: json.field, op: json.op, value: json.value, hasValue: "value" in json };
  }
  throw new ConditionShapeError("A condition is all, any, not or a {field, op, value} leaf");
}

export function toJson(node: ConditionNode): ConditionJson {
  if (node.kind === "group") return node.mode === "all" ? { all: node.children.map(toJson) } : { any: node.children.map(toJson) };
  if (node.kind === "not") return { not: node.child ? toJson(node.child) : { all: [] } };
  const leaf: LeafJson = { field: node.field, op: node.op };
  if (node.hasValue) leaf.value = node.value;
  return leaf;
}

/** The JSON path of a group's child: `conditions.all.1`; of a not's child: `conditions.not`. */
export const childPath = (parentPath: string, parent: GroupNode | NotNode, index = 0) =>
  parent.kind === "group" ? `${parentPath}.${parent.mode}.${index}` : `${parentPath}.not`;

export type RuleError = { path: string; code?: string; detail: string };

/** The errors that belong to the node at `path`: its own, and (for a leaf) those of its field, op and value. */
export function errorsAt(errors: RuleError[], path: string, node: ConditionNode): RuleError[] {
  return errors.filter((e) => {
    if (e.path === path) return true;
    if (node.kind === "leaf") return e.path.startsWith(`${path}.`);
    if (node.kind === "group") return e.path === `${path}.${node.mode}`;
    return false;
  });
}

/** Errors on `conditions...` that no node of the tree claims (a path the tree does not have). */
export function unclaimedErrors(errors: RuleError[], root: ConditionNode, rootPath = "conditions"): RuleError[] {
  const claimed = new Set<RuleError>();
  const walk = (node: ConditionNode, path: string) => {
    errorsAt(errors, path, node).forEach((e) => claimed.add(e));
    if (node.kind === "group") node.children.forEach((child, i) => walk(child, childPath(path, node, i)));
    if (node.kind === "not" && node.child) walk(node.child, childPath(path, node));
  };
  walk(root, rootPath);
  return errors.filter((e) => (e.path === rootPath || e.path.startsWith(`${rootPath}.`)) && !claimed.has(e));
}

/** A fresh value that fits the field's type and the operator. */
export function defaultValue(field: CatalogField | undefined, op: string): { value: unknown; hasValue: boolean } {
  if (NO_VALUE_OPS.has(op)) return { value: undefined, hasValue: false };
  if (LIST_OPS.has(op)) return { value: [], hasValue: true };
  if (op === "between") return { value: [0, 0], hasValue: true };
  if (field?.type === "number" || field?.type === "datetime") return { value: 0, hasValue: true };
  if (field?.type === "enum" && field.choices?.length) return { value: field.choices[0].value, hasValue: true };
  return { value: "", hasValue: true };
}

export function newLeaf(field: CatalogField | undefined): LeafNode {
  const op = field?.ops[0] ?? "eq";
  return { kind: "leaf", id: nextId(), field: field?.field ?? "", op, ...defaultValue(field, op) };
}
export const newGroup = (mode: "all" | "any" = "all", children: ConditionNode[] = []): GroupNode => ({ kind: "group", id: nextId(), mode, children });
export const newNot = (child: ConditionNode | null = null): NotNode => ({ kind: "not", id: nextId(), child });

/** Replace the node with this id anywhere in the tree (null removes it). */
export function replaceNode(root: ConditionNode, id: string, next: ConditionNode | null): ConditionNode {
  if (root.id === id) return next ?? newGroup();
  if (root.kind === "group") {
    const children = root.children.flatMap((child) => {
      if (child.id === id) return next ? [next] : [];
      return [replaceNode(child, id, next)];
    });
    return { ...root, children };
  }
  if (root.kind === "not" && root.child) {
    if (root.child.id === id) return { ...root, child: next };
    return { ...root, child: replaceNode(root.child, id, next) };
  }
  return root;
}

/** Catalog choices arrive as strings or `{value, label}`. */
export function normalizeChoices(choices: unknown): Choice[] | undefined {
  if (!Array.isArray(choices)) return undefined;
  return choices.map((c) => {
    if (!isObject(c)) return { value: String(c), label: String(c) };
    const value = String(c.value ?? c.event ?? c.key ?? c.id);
    return { value, label: String(c.label ?? value) };
  });
}

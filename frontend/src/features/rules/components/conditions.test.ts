import { describe, expect, it } from "vitest";
import { ConditionShapeError, errorsAt, fromJson, toJson, unclaimedErrors, type ConditionNode, type GroupNode, type NotNode } from "@/features/rules/components/conditions";

// One leaf per field type of the SPEC 10.1 catalog, with the operators of that type.
const NESTED = {
  all: [
    { field: "appointment.price", op: "gte", value: 10000 },
    { field: "appointment.price", op: "between", value: [100, 500] },
    { field: "appointment.title", op: "contains", value: "urgent" },
    { field: "appointment.title", op: "is_empty" },
    { field: "appointment.status", op: "in", value: ["NEW", "IN_REVIEW"] },
    { field: "client.signed_up_via_telegram", op: "is_true" },
    { field: "appointment.created_at", op: "older_than_hours", value: 48 },
    { field: "appointment.tags", op: "not_contains", value: "vip" },
    {
      any: [
        { field: "client.risk_level", op: "eq", value: "high" },
        { not: { all: [{ field: "master.rating", op: "lt", value: 4.5 }, { any: [] }] } },
      ],
    },
    { not: { field: "appointment.has_proof", op: "is_false" } },
  ],
};

describe("condition grammar <-> builder tree", () => {
  it("round-trips nested all/any/not with a leaf of every field type, exactly", () => {
    expect(toJson(fromJson(NESTED))).toEqual(NESTED);
    // Byte for byte, key order included: what the JSON tab shows is what was typed.
    expect(JSON.stringify(toJson(fromJson(NESTED)))).toBe(JSON.stringify(NESTED));
  });

  it("keeps a leaf without a value without one, and a value of null as null", () => {
    expect(toJson(fromJson({ field: "a", op: "is_set" }))).toEqual({ field: "a", op: "is_set" });
    expect(toJson(fromJson({ field: "a", op: "eq", value: null }))).toEqual({ field: "a", op: "eq", value: null });
  });

  it("builds the tree the builder renders", () => {
    const root = fromJson(NESTED) as GroupNode;
    expect(root.kind).toBe("group");
    expect(root.mode).toBe("all");
    expect(root.children).toHaveLength(10);
    const any = root.children[8] as GroupNode;
    expect(any.mode).toBe("any");
    const not = any.children[1] as NotNode;
    expect(not.kind).toBe("not");
    expect((not.child as GroupNode).children[1]).toMatchObject({ kind: "group", mode: "any", children: [] });
  });

  it.each([
    [[], "A condition is an object"],
    [{ all: {} }, '"all" holds a list'],
    [{ all: [], any: [] }, '"all" holds a list'],
    [{ not: {}, extra: 1 }, '"not" stands alone'],
    [{ field: "a", op: "eq", value: 1, regex: ".*" }, 'Unknown key "regex"'],
    [{ field: "a" }, "A condition is all, any, not"],
  ])("refuses %j with a reason instead of guessing", (json, reason) => {
    expect(() => fromJson(json)).toThrow(ConditionShapeError);
    expect(() => fromJson(json)).toThrow(reason);
  });
});

describe("validation errors find their node", () => {
  const root = fromJson({ all: [{ field: "a", op: "eq", value: 1 }, { not: { any: [{ field: "b", op: "zz", value: 2 }] } }] }) as GroupNode;
  const errors = [
    { path: "conditions.all.0.value", code: "invalid_value", detail: "A number" },
    { path: "conditions.all.1.not.any.0.op", code: "unknown_op", detail: "Unknown operator" },
    { path: "conditions.all.1.not.any", code: "too_many", detail: "Too many" },
    { path: "conditions.all.7", code: "x", detail: "Nowhere" },
    { path: "trigger.event", code: "x", detail: "Not conditions" },
  ];

  it("a leaf claims the errors of its field, op and value", () => {
    const leaf = root.children[0];
    expect(errorsAt(errors, "conditions.all.0", leaf).map((e) => e.detail)).toEqual(["A number"]);
    const deep = ((root.children[1] as NotNode).child as GroupNode).children[0] as ConditionNode;
    expect(errorsAt(errors, "conditions.all.1.not.any.0", deep).map((e) => e.detail)).toEqual(["Unknown operator"]);
  });

  it("a group claims the errors on its list", () => {
    const group = (root.children[1] as NotNode).child as GroupNode;
    expect(errorsAt(errors, "conditions.all.1.not", group).map((e) => e.detail)).toEqual(["Too many"]);
  });

  it("errors no node claims are reported, not lost", () => {
    expect(unclaimedErrors(errors, root).map((e) => e.detail)).toEqual(["Nowhere"]);
  });
});

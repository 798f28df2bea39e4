import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import "@/app/routes/admin/rule";
import "@/app/routes/admin/rules";
import "@/features/rules/components/rule-editor";

const catalog = {
  triggers: { events: ["appointment.created", "appointment.priced"], statuses: ["NEW", "AWAITING_PAYMENT"] },
  fields: [
    { field: "appointment.price", type: "number", label: "Price", ops: ["eq", "gte", "between", "in"] },
    { field: "client.risk_level", type: "enum", label: "Client risk", ops: ["eq", "in"], choices: [{ value: "low", label: "Low" }, { value: "high", label: "High" }] },
    { field: "appointment.title", type: "string", label: "Title", ops: ["contains", "is_empty"] },
  ],
  actions: [{ type: "notify", label: "Notify", params: [{ name: "to", type: "list", required: true, choices: ["admins", "client", "master"] }, { name: "message", type: "string", required: true }] }],
  limits: { max_depth: 10, max_leaves: 100, max_bytes: 16384 },
};
const admin = () => makeMe({ id: 9, role: "admin", capabilities: ["admin.access", "rules.manage"] });

/** MUI selects open on mouse down; then the option is clicked. */
async function choose(label: string, option: string, scope: HTMLElement = document.body) {
  // A select's accessible name is its label followed by the value it shows.
  fireEvent.mouseDown(within(scope).getByRole("combobox", { name: new RegExp(`^${label}`) }));
  fireEvent.click(await screen.findByRole("option", { name: option }));
}

describe("rule builder", () => {
  // A long journey through many MUI selects: slow on a busy machine, so it gets more time.
  it("builds a rule from the catalog; the JSON tab shows it and round-trips; errors land on their node", { timeout: 180_000 }, async () => {
    signInAs(admin());
    const posted: unknown[] = [];
    server.use(
      http.get(api("/admin/rules/catalog/"), () => HttpResponse.json(catalog)),
      http.post(api("/admin/rules/"), async ({ request }) => {
        posted.push(await request.json());
        return HttpResponse.json(
          { detail: "Invalid rule.", code: "invalid_rule", errors: [{ path: "conditions.all.1.value", code: "invalid_choice", detail: "Pick a risk level" }] },
          { status: 400 },
        );
      }),
    );
    renderApp("/admin/rules/new");

    fireEvent.change(await screen.findByLabelText(/Название/), { target: { value: "Big orders" } });
    // The catalog speaks English; the builder shows its events, fields and choices in Russian.
    await choose("Событие", "Назначена цена");
    const builder = await screen.findByTestId("condition-builder");
    // Condition 1: price >= 10000 (the first field and op of the catalog).
    fireEvent.click(within(builder).getAllByRole("button", { name: "Условие" }).at(-1)!);
    const first = (await within(builder).findAllByTestId("rule-leaf"))[0];
    await choose("Сравнение", "не меньше", first);
    fireEvent.change(within(first).getByLabelText("Значение"), { target: { value: "10000" } });
    // Condition 2: client risk = High (an enum: its choices are a select).
    fireEvent.click(within(builder).getAllByRole("button", { name: "Условие" }).at(-1)!);
    const second = within(builder).getAllByTestId("rule-leaf")[1];
    await choose("Поле", "Клиент: уровень риска", second);
    await choose("Значение", "Высокий", second);
    // A NOT group holding "title is empty".
    fireEvent.click(within(builder).getAllByRole("button", { name: "НЕ" }).at(-1)!);
    const not = within(builder).getByTestId("rule-not");
    fireEvent.click(within(not).getByRole("button", { name: "Условие" }));
    const third = within(not).getByTestId("rule-leaf");
    await choose("Поле", "Заявка: название", third);
    await choose("Сравнение", "пусто", third);

    const expected = {
      all: [
        { field: "appointment.price", op: "gte", value: 10000 },
        { field: "client.risk_level", op: "eq", value: "high" },
        { not: { field: "appointment.title", op: "is_empty" } },
      ],
    };
    fireEvent.click(screen.getByRole("tab", { name: "JSON" }));
    const json = screen.getByTestId("rule-json") as HTMLTextAreaElement;
    expect(JSON.parse(json.value)).toEqual(expected);

    // Edit in JSON (an `any` group inside), back to the builder, and out again: the same JSON.
    const edited = { all: [...expected.all, { any: [{ field: "appointment.price", op: "between", value: [1, 5] }, { field: "client.risk_level", op: "in", value: ["low", "high"] }] }] };
    fireEvent.change(json, { target: { value: JSON.stringify(edited) } });
    fireEvent.click(screen.getByRole("tab", { name: "Конструктор" }));
    await screen.findByTestId("condition-builder");
    expect(screen.getAllByTestId("rule-group").map((g) => [g.dataset.path, g.dataset.mode])).toEqual([["conditions", "all"], ["conditions.all.3", "any"]]);
    fireEvent.click(screen.getByRole("tab", { name: "JSON" }));
    expect(JSON.parse((screen.getByTestId("rule-json") as HTMLTextAreaElement).value)).toEqual(edited);

    // Broken JSON stays on the JSON tab with a message instead of losing the work.
    fireEvent.change(screen.getByTestId("rule-json"), { target: { value: "{ all: [" } });
    fireEvent.click(screen.getByRole("tab", { name: "Конструктор" }));
    expect(await screen.findByText("Это не JSON: проверьте скобки и кавычки.")).toBeInTheDocument();
    fireEvent.change(screen.getByTestId("rule-json"), { target: { value: JSON.stringify(edited) } });
    fireEvent.click(screen.getByRole("tab", { name: "Конструктор" }));

    // Add a notify action and save: the server's error shows at the leaf its path names.
    fireEvent.click(screen.getByRole("button", { name: "Действие" }));
    fireEvent.change(within(screen.getByTestId("rule-action")).getByLabelText(/Текст/), { target: { value: "Big order" } });
    fireEvent.click(screen.getByRole("button", { name: "Сохранить" }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ name: "Big orders", trigger: { type: "event", event: "appointment.priced" }, conditions: edited, actions: [{ type: "notify", params: { to: [], message: "Big order" } }] });
    const leaves = await screen.findAllByTestId("rule-leaf");
    const bad = leaves.find((l) => l.dataset.path === "conditions.all.1")!;
    expect(await within(bad).findByText("Pick a risk level")).toBeInTheDocument();
    for (const other of leaves.filter((l) => l !== bad)) expect(within(other).queryByTestId("node-errors")).not.toBeInTheDocument();
  });

  it("dry-runs the rule on screen against an appointment and shows each leaf's actual value and result", async () => {
    signInAs(admin());
    const rule = {
      id: 4, name: "Risky", description: "", enabled: false, mode: "shadow", priority: 10, stop_processing: false,
      trigger: { type: "event", event: "appointment.created" },
      conditions: { all: [{ field: "client.risk_level", op: "eq", value: "high" }, { field: "appointment.price", op: "gte", value: 5000 }] },
      actions: [], version: 2, updated_at: "2026-03-01T10:00:00Z", updated_by: null,
    };
    const dryRuns: unknown[] = [];
    server.use(
      http.get(api("/admin/rules/catalog/"), () => HttpResponse.json(catalog)),
      http.get(api("/admin/rules/4/"), () => HttpResponse.json(rule)),
      http.get(api("/admin/rule-runs/"), () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
      http.post(api("/admin/rules/dry-run/"), async ({ request }) => {
        dryRuns.push(await request.json());
        return HttpResponse.json({
          matched: false,
          trace: [
            { path: "conditions.all.0", field: "client.risk_level", op: "eq", expected: "high", actual: "high", result: true },
            { path: "conditions.all.1", field: "appointment.price", op: "gte", expected: 5000, actual: 1200, result: false },
          ],
          actions: [],
        });
      }),
    );
    renderApp("/admin/rules/4");
    const panel = await screen.findByTestId("dry-run");
    fireEvent.change(within(panel).getByLabelText("Номер заявки"), { target: { value: "17" } });
    fireEvent.click(within(panel).getByRole("button", { name: "Проверить на заявке" }));

    await waitFor(() => expect(dryRuns).toHaveLength(1));
    expect(dryRuns[0]).toMatchObject({ appointment_id: 17, rule: { conditions: rule.conditions, trigger: rule.trigger } });
    const result = await within(panel).findByTestId("dry-run-result");
    expect(result).toHaveAttribute("data-matched", "false");
    const rows = within(result).getAllByTestId("trace-row");
    expect(rows.map((r) => [r.dataset.path, r.dataset.result])).toEqual([["conditions.all.0", "true"], ["conditions.all.1", "false"]]);
    expect(within(rows[1]).getByText("1200")).toBeInTheDocument();
    // Fields and enum values in words, not codes.
    expect(within(rows[0]).getByText("Клиент: уровень риска")).toBeInTheDocument();
    expect(within(rows[0]).getAllByText("Высокий")).toHaveLength(2);
    // The builder marks the same leaves.
    const leafTraces = screen.getAllByTestId("leaf-trace");
    expect(leafTraces.map((l) => l.textContent)).toEqual(["выполненоЗначение: Высокий", "не выполненоЗначение: 1200"]);
    expect(screen.getByText(/Запусков пока нет/)).toBeInTheDocument();
  });

  it("the list shows mode, runs and errors, switches a rule on, and says what to do when empty", async () => {
    signInAs(admin());
    const patches: unknown[] = [];
    const rules = [{ id: 4, name: "Risky", enabled: false, mode: "shadow", priority: 10, stop_processing: false, trigger: { type: "event", event: "x" }, conditions: { all: [] }, actions: [], version: 1, updated_at: "2026-03-01T10:00:00Z", updated_by: null, last_run_at: "2026-03-02T09:30:00Z", runs_7d: 12, errors_7d: 2 }];
    let runLogAsked = 0;
    server.use(
      http.get(api("/admin/rules/"), () => HttpResponse.json({ count: 1, next: null, previous: null, results: rules })),
      // The list endpoint carries the figures: the run log is not asked row by row.
      http.get(api("/admin/rule-runs/"), () => {
        runLogAsked += 1;
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
      }),
      http.patch(api("/admin/rules/4/"), async ({ request }) => {
        const body = (await request.json()) as object;
        patches.push(body);
        return HttpResponse.json({ ...rules[0], ...body });
      }),
    );
    renderApp("/admin/rules");
    const row = await screen.findByTestId("rule-row");
    expect(within(row).getByText("Теневой")).toBeInTheDocument();
    await waitFor(() => expect(row.querySelector('[data-column="runs"]')).toHaveTextContent(/^12$/));
    expect(row.querySelector('[data-column="errors"]')).toHaveTextContent(/^2$/);
    expect(row.querySelector('[data-column="last"]')).not.toHaveTextContent("Ещё не запускалось");
    expect(runLogAsked).toBe(0);
    fireEvent.click(within(row).getByRole("switch", { name: "Включить правило «Risky»" }));
    await waitFor(() => expect(patches).toEqual([{ enabled: true }]));
  });
});

// The platform's screens (issue 18) in Chromium against the real backend: analytics on demo data
// (charts drawn, the range's CSV), a rule built in the builder, dry-run on a real request, enabled
// and seen firing on a new one; the SLA policy edited and kept; a risky client's request with the
// risk and countdown chips in a master's queue on a 390 px phone. Every new screen is shot at 1280
// and 390 px (shot() runs axe-core on it). Needs a signed-up admin "root" (run.mjs's first step).
import { readFileSync } from "node:fs";
import { request } from "playwright-core";
import { newUser, openNav, PASSWORD, shot as fullShot, step } from "./helpers.mjs";

/** A signed-in API client (Bearer token from the sign-in answer) for setting the scene quickly. */
async function apiAs(base, username, { register } = {}) {
  const ctx = await request.newContext({ baseURL: base });
  const answer = register
    ? await ctx.post("/api/v1/auth/register/", { data: { username, password: PASSWORD, role: register } })
    : await ctx.post("/api/v1/auth/login/", { data: { username, password: PASSWORD } });
  if (![200, 201].includes(answer.status())) throw new Error(`signing in ${username}: ${answer.status()} ${await answer.text()}`);
  const { access, user } = await answer.json();
  const headers = { Authorization: `Bearer ${access}` };
  const call = async (method, path, data) => {
    const response = await ctx.fetch(`/api/v1${path}`, { method, headers, ...(data ? { data } : {}) });
    if (response.status() >= 400) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return response.status() === 204 ? null : response.json();
  };
  return { user, get: (path) => call("GET", path), post: (path, data) => call("POST", path, data), dispose: () => ctx.dispose() };
}

/** A full-page screenshot from the top: scrolled down, the fixed app bar would be drawn mid-page. */
async function shot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullShot(page, name);
}

const isoDay = (date) => date.toISOString().slice(0, 10);

async function signIn(page, username) {
  await page.goto("/login");
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByRole("button", { name: "Войти" }).click();
  await page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
}

/** Picks an option of an MUI select by the select's accessible name. */
async function choose(scope, page, label, option) {
  await scope.getByRole("combobox", { name: label }).click();
  await page.getByRole("listbox").getByRole("option", { name: option, exact: true }).click();
}

async function fitsPhone(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 390) throw new Error(`${new URL(page.url()).pathname} scrolls sideways on a 390 px phone (${width}px wide)`);
}

/** The lazily loaded charts are drawn: the requests chart has lines of many points, the revenue chart bars. */
async function chartsDrawn(page) {
  const drawn = () => {
    const lines = [...document.querySelectorAll('[data-testid="chart-requests"] svg path')].filter((p) => (p.getAttribute("d") ?? "").split(/[LC]/).length > 10);
    const bars = document.querySelectorAll('[data-testid="chart-revenue"] svg [class*="MuiBarElement"], [data-testid="chart-revenue"] svg rect[height]:not([height="0"])');
    return { lines: lines.length, bars: bars.length };
  };
  try {
    await page.waitForFunction(`(${drawn})().lines >= 3 && (${drawn})().bars >= 3`, null, { timeout: 15_000 });
  } catch {
    throw new Error(`the charts are not drawn: ${JSON.stringify(await page.evaluate(drawn))}`);
  }
}

export async function platformSteps({ browser, base, backend }) {
  const admin = await newUser(browser, base);
  const phone = await newUser(browser, base, { phone: true, width: 390 });
  const rootApi = await apiAs(base, "root");
  const masterApi = await apiAs(base, "platform_master", { register: "master" });
  const clientApi = await apiAs(base, "platform_client", { register: "client" });
  await rootApi.post(`/admin/masters/${masterApi.user.id}/activate/`, { reason: "Проверен" });
  const first = await clientApi.post("/appointments/", { title: "Протечка крана в ванной", description: "Капает из-под смесителя." });
  const ruleName = "Метка «кран» на новых заявках";

  await step("platform: analytics shows demo-like data in charts, and the range downloads as CSV", async () => {
    // Demo data spread over the past 90 days, rolled up into the daily metrics like the nightly job does.
    backend.manage("seed_demo");
    const today = new Date();
    const from = new Date(today.getTime() - 40 * 86_400_000);
    const yesterday = new Date(today.getTime() - 86_400_000);
    backend.manage("metrics_backfill", "--from", isoDay(from), "--to", isoDay(yesterday));

    await signIn(admin.page, "root");
    await openNav(admin.page, "Аналитика");
    await admin.page.getByRole("heading", { name: "Аналитика" }).waitFor();
    const created = admin.page.locator('[data-testid="kpi-card"][data-metric="appointments_created"] [data-testid="kpi-value"]');
    await created.waitFor();
    const value = (await created.textContent()) ?? "";
    if (!/[1-9]/.test(value)) throw new Error(`"Новые заявки" shows "${value}", not a number of demo requests`);
    // The charts are a lazy chunk: a line of many points per series, a bar per day with revenue.
    await chartsDrawn(admin.page);
    await admin.page.getByTestId("funnel-step").first().waitFor();
    await admin.page.getByTestId("analytics-master-row").first().waitFor();
    await shot(admin.page, "admin-analytics");

    // The button fetches the CSV with the session's token and hands it to the browser as a file.
    const [download] = await Promise.all([
      admin.page.waitForEvent("download"),
      admin.page.getByRole("button", { name: "Скачать CSV" }).first().click(),
    ]);
    if (!/^analytics-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/.test(download.suggestedFilename())) throw new Error(`the file is named ${download.suggestedFilename()}`);
    const csv = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    const header = csv[0].split(",");
    if (header[0] !== "date" || !header.includes("appointments_created") || !header.includes("revenue"))
      throw new Error(`the CSV header is ${csv[0]}`);
    if (csv.length < 29) throw new Error(`the CSV of 30 days has ${csv.length - 1} rows`);
    const column = header.indexOf("appointments_created");
    const total = csv.slice(1).reduce((sum, row) => sum + Number(row.split(",")[column] || 0), 0);
    if (!(total > 0)) throw new Error(`the CSV counts ${total} new requests over the range`);

    await signIn(phone.page, "root");
    await phone.page.goto("/admin/analytics");
    await chartsDrawn(phone.page);
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-analytics");
  });

  await step("platform: a rule built in the builder, dry-run on a real request with the trace, enabled, fires on a new request", async () => {
    const page = admin.page;
    await openNav(page, "Правила");
    await page.getByRole("heading", { name: "Правила", exact: true }).waitFor();
    await page.getByRole("link", { name: "Новое правило" }).click();
    const editor = page.getByRole("form", { name: "Редактор правила" });
    await editor.getByRole("textbox", { name: /^Название/ }).fill(ruleName);
    await choose(editor, page, "Событие", "Создана заявка");
    // One condition, from the field picker: the title contains "кран".
    await editor.getByTestId("condition-builder").getByRole("button", { name: "Условие", exact: true }).click();
    const leaf = editor.getByTestId("rule-leaf").first();
    await choose(leaf, page, "Поле", "Заявка: название");
    await choose(leaf, page, "Сравнение", "содержит");
    await leaf.getByLabel("Значение").fill("кран");
    // One action: tag the request.
    await editor.getByTestId("actions-editor").getByRole("button", { name: "Действие", exact: true }).click();
    const action = editor.getByTestId("rule-action").first();
    await choose(action, page, "Действие", "Поставить метку на заявку");
    await action.getByLabel(/Метка/).fill("кран");
    await shot(page, "admin-rule-new");
    await editor.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Правило сохранено").first().waitFor();
    await page.waitForURL(/\/admin\/rules\/\d+$/);
    // The toast sits over the dry-run card for a few seconds.
    await page.getByText("Правило сохранено").first().waitFor({ state: "hidden", timeout: 12_000 });

    // The dry run against the client's real request: every leaf shows its actual value and result.
    const dry = page.getByTestId("dry-run");
    await dry.getByLabel("Номер заявки").fill(String(first.id));
    await dry.getByRole("button", { name: "Проверить на заявке" }).click();
    await dry.locator('[data-testid="dry-run-result"][data-matched="true"]').waitFor();
    const row = dry.locator('[data-testid="trace-row"][data-path="conditions.all.0"]');
    await row.getByText("Протечка крана в ванной").first().waitFor();
    if ((await row.getAttribute("data-result")) !== "true") throw new Error("the trace's leaf is not true");
    await page.getByTestId("leaf-trace").getByText("Значение: Протечка крана в ванной").waitFor();
    await dry.getByText("Поставить метку на заявку: кран").waitFor();
    await shot(page, "admin-rule-dry-run");

    // Enable it, live.
    await editor.getByLabel("Включено").check();
    await choose(editor, page, "Режим", "Рабочий");
    await editor.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Правило сохранено").first().waitFor();
    await page.getByText(/Версия 2/).waitFor();

    // A client's new request: the rule fires (run log "Сработало") and the request carries the tag.
    const fresh = await clientApi.post("/appointments/", { title: "Заменить кран на кухне", description: "Старый сломался." });
    await page.reload();
    await page.locator('[data-testid="run-row"][data-outcome="matched"]').filter({ hasText: String(fresh.id) }).waitFor();
    const seen = await rootApi.get(`/admin/appointments/?q=${encodeURIComponent("Заменить кран")}`);
    const tagged = (seen.results ?? []).find((a) => a.id === fresh.id);
    if (!tagged?.tags?.includes("кран")) throw new Error(`the new request's tags: ${JSON.stringify(tagged?.tags)}`);
    await shot(page, "admin-rule");

    await openNav(page, "Правила");
    const listed = page.locator(`[data-testid="rule-row"][data-name="${ruleName}"]`);
    await listed.waitFor();
    if (!(await listed.getByRole("switch").or(listed.locator('input[type="checkbox"]')).first().isChecked())) throw new Error("the rule is not enabled in the list");
    await shot(page, "admin-rules");

    await phone.page.goto("/admin/rules");
    await phone.page.locator(`[data-testid="rule-row"][data-name="${ruleName}"]`).waitFor();
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-rules");
    await phone.page.getByRole("link", { name: ruleName }).click();
    await phone.page.getByRole("form", { name: "Редактор правила" }).waitFor();
    await phone.page.locator('[data-testid="run-row"]').first().waitFor();
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-rule");
  });

  await step("platform: the admin edits the SLA policy (a stage, a working day, a holiday); a reload keeps it", async () => {
    const page = admin.page;
    await openNav(page, "Сроки (SLA)");
    const form = page.getByRole("form", { name: "Сроки (SLA)" });
    await form.waitFor();
    // Taking a request: 45 minutes around the clock, a warning 15 minutes before.
    const take = form.getByTestId("sla-target-take");
    const on = take.getByRole("switch").or(take.locator('input[type="checkbox"]')).first();
    if (!(await on.isChecked())) await on.check();
    await take.getByLabel("Взять заявку: Минут на этап").fill("45");
    await take.getByLabel("Взять заявку: Предупредить за, мин").fill("15");
    const business = take.getByLabel("Взять заявку: Считать только рабочее время");
    if (await business.isChecked()) await business.uncheck();
    // Saturday: 10:00 to 16:00.
    const saturday = form.getByTestId("sla-day-6");
    const open = saturday.getByLabel("Суббота: Рабочий день");
    if (!(await open.isChecked())) await open.check();
    await saturday.getByLabel("Суббота: С").fill("10:00");
    await saturday.getByLabel("Суббота: До").fill("16:00");
    // A holiday.
    const holiday = `${new Date().getFullYear() + 1}-01-07`;
    await form.getByLabel("Дата").fill(holiday);
    await form.getByRole("button", { name: "Добавить" }).click();
    await form.getByTestId("sla-holidays").getByText(/7 янв/).first().waitFor();
    await form.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Политика сохранена").first().waitFor();
    await page.reload();
    const kept = page.getByRole("form", { name: "Сроки (SLA)" });
    await kept.getByTestId("sla-target-take").waitFor();
    const minutes = await kept.getByLabel("Взять заявку: Минут на этап").inputValue();
    const warn = await kept.getByLabel("Взять заявку: Предупредить за, мин").inputValue();
    const opens = await kept.getByLabel("Суббота: С").inputValue();
    const closes = await kept.getByLabel("Суббота: До").inputValue();
    if (minutes !== "45" || warn !== "15" || opens !== "10:00" || closes !== "16:00")
      throw new Error(`after a reload: take ${minutes}/${warn} min, Saturday ${opens}-${closes}`);
    await kept.getByTestId("sla-holidays").getByText(/7 янв/).first().waitFor();
    const policy = await rootApi.get("/admin/sla/policy/");
    if (!policy.calendar.holidays.includes(holiday)) throw new Error(`the saved holidays: ${policy.calendar.holidays}`);
    await shot(page, "admin-sla");
    await phone.page.goto("/admin/sla");
    await phone.page.getByRole("form", { name: "Сроки (SLA)" }).getByTestId("sla-target-take").waitFor();
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-sla");
  });

  await step("platform: the admin lists the requests past their deadline with the SLA filter", async () => {
    const page = admin.page;
    await openNav(page, "Заявки");
    await page.getByTestId("admin-appointment-row").first().waitFor();
    const filter = page.getByRole("group", { name: "Фильтр по срокам" });
    await filter.getByRole("button", { name: "Срок нарушен" }).click();
    await page.waitForURL(/[?&]sla=breached/);
    // The demo's overdue requests, and only those: every row's chip says the deadline was missed.
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="admin-appointment-row"]')];
      return rows.length > 0 && rows.every((row) => row.querySelector('[data-testid="sla-chip"]')?.textContent?.includes("Срок нарушен"));
    });
    await shot(page, "admin-appointments-breached");
    await phone.page.goto("/admin/appointments?sla=breached");
    await phone.page.getByTestId("admin-appointment-row").first().waitFor();
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-appointments-breached");
  });

  await step("platform: the admin marks a client high-risk on the user page; a master on a 390 px phone sees the risk and countdown chips", async () => {
    const page = admin.page;
    await page.goto(`/admin/users/${clientApi.user.id}?name=platform_client&role=client`);
    await page.getByRole("heading", { name: "platform_client" }).waitFor();
    await page.getByRole("button", { name: "Переопределить уровень" }).click();
    const dialog = page.getByRole("dialog");
    await choose(dialog, page, "Уровень", "Высокий");
    await dialog.locator('[name="reason"]').fill("Дважды не открыл дверь мастеру");
    await dialog.getByRole("button", { name: "Сохранить" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByTestId("score-override").waitFor();
    await shot(page, "admin-user");
    await phone.page.goto(new URL(page.url()).pathname + new URL(page.url()).search);
    await phone.page.getByTestId("score-override").waitFor();
    await fitsPhone(phone.page);
    await shot(phone.page, "phone-admin-user");

    // The request is created after the policy: its "take" clock has the 45 minutes.
    await clientApi.post("/appointments/", { title: "Прочистить засор", description: "Вода не уходит." });
    const master = await newUser(browser, base, { phone: true, width: 390 });
    await signIn(master.page, "platform_master");
    await openNav(master.page, "Новые заявки");
    const card = master.page.getByTestId("appointment-card").filter({ hasText: "Прочистить засор" });
    await card.waitFor();
    await card.getByTestId("risk-chip").filter({ hasText: "Риск: высокий" }).waitFor();
    const chip = card.getByTestId("sla-chip");
    await chip.waitFor();
    const countdown = (await chip.textContent()) ?? "";
    if (!/Осталось|Скоро срок/.test(countdown)) throw new Error(`the SLA chip says "${countdown}"`);
    await fitsPhone(master.page);
    await shot(master.page, "phone-master-queue-risk-sla");
    await master.context.close();
  });

  await admin.context.close();
  await phone.context.close();
  for (const api of [rootApi, masterApi, clientApi]) await api.dispose();
}

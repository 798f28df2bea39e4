// Helpers of the browser journey (run.mjs): steps with a pass/fail record, screenshots with an
// accessibility check, one browser context per role, and the UI moves the journey repeats.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const artifacts = resolve(frontendDir, "../e2e-artifacts");
mkdirSync(artifacts, { recursive: true });

// Evaluated through the devtools protocol: the SPA's Content-Security-Policy (which Django sends
// as nginx does) refuses an injected <script>, and the journey runs under that real policy.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
export const a11yReport = [];

/** axe-core on the current screen: WCAG 2 A/AA rules; serious and critical findings fail the step. */
async function checkA11y(page, name) {
  await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {});
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
  );
  const findings = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  a11yReport.push({ screen: name, findings });
  const blocking = findings.filter((f) => f.impact === "serious" || f.impact === "critical");
  if (blocking.length && !process.env.A11Y_REPORT_ONLY) throw new Error(`accessibility (${name}): ${JSON.stringify(blocking, null, 1)}`);
}

export const PASSWORD = "Str0ng-pass-phrase!";
const TIMEOUT = 15_000;

export const results = [];
export async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, status: "passed" });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, status: "failed", error });
    console.log(`  ✗ ${name}\n${String(error?.stack ?? error).split("\n").slice(0, 8).join("\n")}`);
    throw error;
  }
}

export async function shot(page, name) {
  // Let lists and images finish loading (polling keeps the network busy, so give up after a moment).
  await page.waitForLoadState("networkidle", { timeout: 3000 }).catch(() => {});
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  await checkA11y(page, name);
}

/** A role's browser: its own cookie jar; phones for the client, desktop for staff. */
export async function newUser(browser, baseURL, { phone = false, width = 360 } = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: phone ? { width, height: 800 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: "ru-RU",
  });
  context.setDefaultTimeout(TIMEOUT);
  // No animations: screenshots and contrast checks see finished states, never a half-faded toast.
  await context.addInitScript(() => {
    const style = document.createElement("style");
    style.textContent = "*,*::before,*::after{transition-duration:0s!important;transition-delay:0s!important;animation-duration:0s!important;animation-delay:0s!important}";
    document.addEventListener("DOMContentLoaded", () => document.head.appendChild(style));
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => console.log(`    [page error] ${error.message}`));
  return { context, page };
}

export async function fillAccountForm(page, { username, role }) {
  if (role) await page.getByLabel(role === "master" ? "оказывать услуги" : "заказывать услуги").check();
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('input[name="password_confirm"]').fill(PASSWORD);
}

export async function openNav(page, label) {
  const menu = page.getByRole("button", { name: "Открыть меню" });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("navigation", { name: "Главное меню" }).getByRole("link", { name: label }).first().click();
}

export async function expectStatus(page, label) {
  await page.locator('[data-status]').filter({ hasText: label }).first().waitFor();
}

export async function act(page, name, { dialog = false, fill } = {}) {
  await page.getByTestId("appointment-actions").getByRole("button", { name, exact: true }).click();
  if (dialog || fill) {
    const box = page.getByRole("dialog");
    if (fill) for (const [field, value] of Object.entries(fill)) await box.locator(`[name="${field}"]`).fill(value);
    await box.getByRole("button", { name, exact: true }).click();
    await box.waitFor({ state: "detached" });
  }
}

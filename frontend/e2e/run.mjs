// End-to-end journey in Debian's Chromium against the real backend (see docs/decisions/0021).
// bootstrap admin -> master registers, admin activates -> client registers and creates a request
// -> master takes and prices -> client uploads a real image proof and marks paid -> master
// confirms, starts, completes -> both review -> chat both ways -> admin bans the client, who is
// then locked out. Screenshots of each role's main screens go to e2e-artifacts/ (git-ignored).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { freePort, startBackend } from "./backend.mjs";
import {
  a11yReport,
  act,
  artifacts,
  expectStatus,
  fillAccountForm,
  frontendDir,
  newUser,
  openNav,
  PASSWORD,
  results,
  shot,
  step,
} from "./helpers.mjs";
import { makePng } from "./png.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
async function main() {
  // A port the OS says is free, unless one is asked for: never collide with another run.
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort();
  const backend = await startBackend({ frontendDir, port });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  const base = backend.baseURL;
  let appointmentUrl = "";

  try {
    const admin = await newUser(browser, base);
    const master = await newUser(browser, base);
    const client = await newUser(browser, base, { phone: true });

    await step("first visit offers bootstrap-admin; the admin is created and signed in", async () => {
      await admin.page.goto("/");
      await admin.page.getByRole("heading", { name: "Создание первого администратора" }).waitFor();
      await shot(admin.page, "00-bootstrap");
      await fillAccountForm(admin.page, { username: "root" });
      await admin.page.getByRole("button", { name: "Создать администратора" }).click();
      await admin.page.getByRole("heading", { name: "Здравствуйте, root" }).waitFor();
    });

    await step("a master registers and waits for approval", async () => {
      await master.page.goto("/register");
      await fillAccountForm(master.page, { username: "ivan_master", role: "master" });
      await master.page.getByRole("button", { name: "Создать учётную запись" }).click();
      await master.page.getByText("ждёт проверки администратором").first().waitFor();
    });

    await step("the admin activates the master", async () => {
      await admin.page.reload();
      await openNav(admin.page, "Мастера");
      const row = admin.page.locator('[data-testid="master-row"][data-username="ivan_master"]');
      await row.getByRole("button", { name: "Активировать" }).click();
      await admin.page.getByText("Мастер активирован").waitFor();
      await admin.page.getByRole("tab", { name: "Активен" }).click();
      await row.waitFor();
      await shot(admin.page, "admin-masters");
    });

    await step("the master adds payment details in the profile", async () => {
      await master.page.reload();
      await master.page.getByText("Добавьте реквизиты").waitFor();
      await openNav(master.page, "Профиль");
      const form = master.page.getByRole("form", { name: "Реквизиты для оплаты" });
      await form.locator('[name="method"]').fill("Перевод на карту");
      await form.locator('[name="recipient"]').fill("Иван П.");
      await form.locator('[name="account"]').fill("2200 1234 5678 9012");
      await form.getByRole("button", { name: "Сохранить" }).click();
      await master.page.getByText("Сохранено").first().waitFor();
    });

    await step("a client registers on a phone and creates a request", async () => {
      await client.page.goto("/register");
      await fillAccountForm(client.page, { username: "anna_client", role: "client" });
      await client.page.getByRole("button", { name: "Создать учётную запись" }).click();
      await client.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
      await shot(client.page, "client-dashboard");
      await client.page.getByRole("link", { name: "Новая заявка" }).first().click();
      await client.page.locator('[name="title"]').fill("Починить кран на кухне");
      await client.page.locator('[name="description"]').fill("Капает уже неделю, нужен мастер в выходные.");
      await client.page.getByRole("button", { name: "Отправить заявку" }).click();
      await client.page.getByRole("heading", { name: /Починить кран на кухне/ }).waitFor();
      await expectStatus(client.page, "Новая");
      appointmentUrl = new URL(client.page.url()).pathname;
      const width = await client.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) throw new Error(`the detail page scrolls sideways on a 360 px phone (${width}px wide)`);
    });

    await step("the master takes the request from the queue and prices it", async () => {
      await openNav(master.page, "Новые заявки");
      await master.page.getByTestId("appointment-card").filter({ hasText: "Починить кран на кухне" }).click();
      await master.page.getByRole("heading", { name: /Починить кран на кухне/ }).waitFor();
      await shot(master.page, "master-request");
      await act(master.page, "Взять");
      await expectStatus(master.page, "На рассмотрении");
      await act(master.page, "Назначить цену", { fill: { price: "2500" } });
      await expectStatus(master.page, "Ожидает оплаты");
    });

    await step("the client sees how to pay, uploads a real image proof and marks it paid", async () => {
      await client.page.reload();
      const instructions = client.page.getByTestId("payment-instructions");
      await instructions.getByText("2200 1234 5678 9012").waitFor();
      await client.page.getByTestId("proof-input").setInputFiles({ name: "receipt.png", mimeType: "image/png", buffer: makePng() });
      await client.page.getByRole("img", { name: "Предпросмотр выбранного файла" }).waitFor();
      await client.page.getByRole("button", { name: "Загрузить и отметить оплату" }).click();
      await expectStatus(client.page, "Оплата отправлена");
      await client.page.getByRole("img", { name: "Подтверждение оплаты" }).waitFor();
      await shot(client.page, "client-request-paid");
    });

    await step("the master sees the proof, confirms the payment, starts and completes", async () => {
      await master.page.reload();
      const proof = master.page.getByRole("img", { name: "Подтверждение оплаты" });
      await proof.waitFor();
      await master.page.waitForFunction(() => {
        const img = document.querySelector('img[alt="Подтверждение оплаты"]');
        return img instanceof HTMLImageElement && img.complete && img.naturalWidth === 120;
      });
      await act(master.page, "Подтвердить оплату", { dialog: true });
      await expectStatus(master.page, "Оплачена");
      await act(master.page, "Начать работу");
      await expectStatus(master.page, "В работе");
      await act(master.page, "Завершить", { dialog: true });
      await expectStatus(master.page, "Выполнена");
      await shot(master.page, "master-request-completed");
    });

    await step(
      "both sides review each other",
      async () => {
        await client.page.reload();
        const clientForm = client.page.getByTestId("review-form-review_master");
        await clientForm.locator('label[for$="-5"], label').filter({ hasText: "5 Stars" }).first().click();
        await clientForm.getByRole("button", { name: "Отлично" }).click();
        await clientForm.locator('[name="comment"]').fill("Быстро и аккуратно");
        await clientForm.getByRole("button", { name: "Отправить отзыв" }).click();
        await clientForm.waitFor({ state: "detached" });

        await master.page.reload();
        const masterForm = master.page.getByTestId("review-form-review_client");
        await masterForm.locator("label").filter({ hasText: "4 Stars" }).first().click();
        await masterForm.getByRole("button", { name: "Опоздание" }).click();
        await masterForm.getByRole("button", { name: "Отправить отзыв" }).click();
        await masterForm.waitFor({ state: "detached" });
        // Double-blind: with both reviews in, each side sees both.
        await master.page.getByTestId("appointment-reviews").getByTestId("review").nth(1).waitFor();
        await client.page.reload();
        await client.page.getByTestId("appointment-reviews").getByText("Опоздание").waitFor();
        await client.page.getByRole("link", { name: "ivan_master" }).click();
        await client.page.getByText("5.00").waitFor();
        await client.page.getByText("Быстро и аккуратно").waitFor();
        await shot(client.page, "client-master-profile");
        await client.page.goBack();
      },
    );

    await step("chat works both ways", async () => {
      const clientChat = client.page.getByTestId("chat-panel");
      await clientChat.locator('[name="message"]').fill("Спасибо! Всё работает.");
      await clientChat.locator('[name="message"]').press("Enter");
      await clientChat.getByText("Спасибо! Всё работает.").waitFor();

      const masterChat = master.page.getByTestId("chat-panel");
      await masterChat.getByText("Спасибо! Всё работает.").waitFor({ timeout: 20_000 });
      await masterChat.locator('[name="message"]').fill("Обращайтесь, если что.");
      await masterChat.getByRole("button", { name: "Отправить" }).click();
      await clientChat.getByText("Обращайтесь, если что.").waitFor({ timeout: 20_000 });
      await shot(client.page, "client-chat");
      await shot(master.page, "master-chat");

      // The master writes while the client is elsewhere: the list shows the unread badge.
      await openNav(client.page, "Мои заявки");
      await client.page.getByTestId("appointment-card").first().waitFor();
      await masterChat.locator('[name="message"]').fill("И ещё: гарантия месяц.");
      await masterChat.locator('[name="message"]').press("Enter");
      await masterChat.getByText("И ещё: гарантия месяц.").waitFor();
      await client.page.reload();
      await client.page.getByTestId("unread-badge").waitFor();
      await shot(client.page, "client-my-requests");
      await client.page.getByTestId("appointment-card").first().click();
      await clientChat.getByText("И ещё: гарантия месяц.").waitFor();
    });

    await step("a master declines with a reason; a client cancels a request", async () => {
      const create = async (title) => {
        await client.page.goto("/appointments/new");
        await client.page.locator('[name="title"]').fill(title);
        await client.page.getByRole("button", { name: "Отправить заявку" }).click();
        await client.page.getByRole("heading", { name: new RegExp(title) }).waitFor();
        return new URL(client.page.url()).pathname;
      };
      const declined = await create("Повесить полку");
      await master.page.goto(declined);
      await act(master.page, "Взять");
      await expectStatus(master.page, "На рассмотрении");
      await act(master.page, "Отказаться", { fill: { reason: "Нет нужного инструмента" } });
      await expectStatus(master.page, "Отклонена мастером");
      await client.page.reload();
      await client.page.getByText("Отклонена: Нет нужного инструмента").waitFor();

      await create("Собрать шкаф");
      await act(client.page, "Отменить заявку", { fill: { reason: "Справился сам" } });
      await expectStatus(client.page, "Отменена");
      await client.page.getByText("Отменена: Справился сам").waitFor();
      await client.page.getByTestId("timeline").getByText("Клиент отменил заявку").waitFor();
    });

    await step("the admin sees everything: dashboard, appointments, users, system", async () => {
      await openNav(admin.page, "Главная");
      await admin.page.getByText("Пользователи по ролям").waitFor();
      await shot(admin.page, "admin-dashboard");
      await openNav(admin.page, "Заявки");
      await admin.page.getByTestId("admin-appointment-row").filter({ hasText: "Починить кран на кухне" }).waitFor();
      await shot(admin.page, "admin-appointments");
      await openNav(admin.page, "Система");
      await admin.page.getByRole("heading", { name: "Состояние" }).waitFor();
      await admin.page.getByRole("form", { name: "Настройки" }).waitFor();
      const actions = admin.page.getByRole("form", { name: "Служебные действия" });
      await actions.getByRole("button", { name: "Выполнить" }).click();
      await admin.page.getByTestId("action-result").filter({ hasText: "выполнено" }).waitFor();
      await shot(admin.page, "admin-system");
      await openNav(admin.page, "Флаги функций");
      await admin.page.getByRole("button", { name: "Новый флаг" }).click();
      const dialog = admin.page.getByRole("dialog");
      await dialog.locator('[name="key"]').fill("e2e_new_checkout");
      await dialog.getByRole("button", { name: "Сохранить" }).click();
      await admin.page.getByTestId("flag-row").filter({ hasText: "e2e_new_checkout" }).waitFor();
      await shot(admin.page, "admin-flags");
      await openNav(admin.page, "Отзывы");
      const review = admin.page.getByTestId("review-row").filter({ hasText: "Быстро и аккуратно" });
      await review.getByRole("button", { name: "Скрыть" }).click();
      const hide = admin.page.getByRole("dialog");
      await hide.locator('[name="reason"]').fill("Проверка модерации");
      await hide.getByRole("button", { name: "Скрыть" }).click();
      await review.getByText("Скрыт").waitFor();
      await shot(admin.page, "admin-reviews");
    });

    await step("the admin bans the client, who is locked out at once", async () => {
      await openNav(admin.page, "Пользователи");
      const row = admin.page.locator('[data-testid="user-row"][data-username="anna_client"]');
      await row.getByRole("button", { name: "Заблокировать" }).click();
      const dialog = admin.page.getByRole("dialog");
      await dialog.locator('[name="reason"]').fill("Нарушение правил площадки");
      await dialog.getByRole("button", { name: "Заблокировать" }).click();
      await row.getByText("Заблокирован").waitFor();
      await shot(admin.page, "admin-users");

      await client.page.goto(appointmentUrl);
      await client.page.getByRole("button", { name: "Войти" }).waitFor();
      await client.page.locator('input[name="username"]').fill("anna_client");
      await client.page.locator('input[name="password"]').fill(PASSWORD);
      await client.page.getByRole("button", { name: "Войти" }).click();
      await client.page.getByRole("alert").filter({ hasText: "Учётная запись заблокирована" }).waitFor();
      await shot(client.page, "client-banned");

      await openNav(admin.page, "Журнал");
      await admin.page.getByTestId("audit-row").filter({ hasText: "anna_client" }).first().waitFor();
      await shot(admin.page, "admin-audit");
    });

    await step("keyboard only: skip link, sign in, open a request", async () => {
      const kb = await newUser(browser, base);
      await kb.page.goto("/login");
      await kb.page.locator('input[name="username"]:focus').waitFor();
      await kb.page.keyboard.type("ivan_master");
      await kb.page.keyboard.press("Tab");
      await kb.page.keyboard.type(PASSWORD);
      await kb.page.keyboard.press("Enter");
      await kb.page.getByRole("heading", { name: "Здравствуйте, ivan_master" }).waitFor();
      await kb.page.keyboard.press("Tab");
      const first = await kb.page.evaluate(() => document.activeElement?.textContent);
      if (first !== "Перейти к содержимому") throw new Error(`the first Tab stop is "${first}", not the skip link`);
      // Through the navigation to "My work" and into the request, with Tab and Enter only.
      for (let i = 0; i < 40; i += 1) {
        await kb.page.keyboard.press("Tab");
        const text = await kb.page.evaluate(() => document.activeElement?.textContent ?? "");
        if (text.includes("Мои работы")) break;
      }
      await kb.page.keyboard.press("Enter");
      await kb.page.getByRole("heading", { name: "Мои работы" }).waitFor();
      // Finished work is behind the status filter: a chip, reached and pressed from the keyboard.
      for (let i = 0; i < 40; i += 1) {
        await kb.page.keyboard.press("Tab");
        const text = await kb.page.evaluate(() => document.activeElement?.textContent ?? "");
        if (text === "Выполнена") break;
      }
      await kb.page.keyboard.press("Enter");
      await kb.page.getByTestId("appointment-card").first().waitFor();
      for (let i = 0; i < 40; i += 1) {
        await kb.page.keyboard.press("Tab");
        const isCard = await kb.page.evaluate(() => document.activeElement?.getAttribute("data-testid") === "appointment-card");
        if (isCard) break;
      }
      await kb.page.keyboard.press("Enter");
      await kb.page.getByRole("heading", { name: /Починить кран на кухне/ }).waitFor();
      await kb.context.close();
    });

    await step("the interface switches to English and remembers it", async () => {
      await admin.page.getByRole("button", { name: /Switch to English/ }).click();
      await admin.page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Dashboard" }).click();
      await admin.page.getByText("Users by role").waitFor();
      await admin.page.reload();
      await admin.page.getByText("Users by role").waitFor();
      await shot(admin.page, "admin-dashboard-en");
      await admin.page.getByRole("button", { name: /Переключить на русский/ }).click();
      await admin.page.getByText("Пользователи по ролям").waitFor();
    });

    await step("client and master main screens on their devices", async () => {
      await openNav(master.page, "Мои работы");
      await master.page.getByRole("heading", { name: "Мои работы" }).waitFor();
      await shot(master.page, "master-my-work");
      await openNav(master.page, "Главная");
      await master.page.getByText("Рейтинг").first().waitFor();
      await shot(master.page, "master-dashboard");
    });
  } finally {
    await browser.close();
    await backend.stop();
  }
}

let exitCode = 0;
try {
  await main();
} catch {
  exitCode = 1;
}
const passed = results.filter((r) => r.status === "passed").length;
const failed = results.filter((r) => r.status === "failed").length;
writeFileSync(join(artifacts, "a11y.json"), JSON.stringify(a11yReport, null, 2));
console.log(`\nScreenshots and the accessibility report (a11y.json): ${artifacts}`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed ? 1 : 0));

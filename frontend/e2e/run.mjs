// End-to-end journey in Debian's Chromium against the real backend (see docs/decisions/0021).
// bootstrap admin -> master registers, admin activates -> client registers and creates a request
// -> master takes and prices -> client uploads a real image proof and marks paid -> master
// confirms, starts, completes -> both review -> chat both ways -> admin bans the client, who is
// then locked out -> an admin on a 390 px phone: the menu, acting on a user, every admin list ->
// "Все" shows a master's finished work -> unknown paths answer 404. The steps that need the
// password and notification endpoints of the product backend are in `productSteps`.
// Screenshots of each role's main screens go to e2e-artifacts/ (git-ignored).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, request } from "playwright-core";
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
import { platformSteps } from "./platform.mjs";
import { realtimeSteps } from "./realtime.mjs";
import { messageText, startSmtpSink } from "./smtp.mjs";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
async function main() {
  // A port the OS says is free, unless one is asked for: never collide with another run.
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort();
  const smtp = await startSmtpSink();
  const backend = await startBackend({ frontendDir, port, smtpPort: smtp.port });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // the date and time inputs follow the browser's language, as on a Russian user's machine
    // (Debian's chromium-l10n carries the Russian locale; without it they stay in English)
    env: { ...process.env, LANG: "ru_RU.UTF-8", LANGUAGE: "ru" },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
      "--lang=ru-RU"],
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
      // An empty marketplace: the owner's first steps, registration already the first one to do.
      await admin.page.getByTestId("getting-started").locator('[data-step="registration"]').waitFor();
      await shot(admin.page, "admin-first-steps");
      await noSidewaysScroll(admin.page, 1280);
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
      await shot(master.page, "master-first-steps");
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
        await client.page.getByText("5,0", { exact: true }).waitFor();
        await client.page.getByText("Быстро и аккуратно").waitFor();
        await shot(client.page, "client-master-profile");
        await client.page.goBack();
      },
    );

    await step("chat works both ways", async () => {
      const clientChat = client.page.getByTestId("chat-panel");
      await clientChat.locator('[name="message"]').fill("Спасибо! Всё работает.");
      // On a touch screen Enter is a new line; the button beside the field sends.
      await clientChat.getByRole("button", { name: "Отправить" }).click();
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

    await realtimeSteps({ client, master, appointmentUrl });

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
      await openNav(admin.page, "Настройки");
      await admin.page.getByRole("form", { name: "Настройки" }).locator('[name="support_contact"]').waitFor();
      await shot(admin.page, "admin-settings");
      await openNav(admin.page, "Система");
      await admin.page.getByRole("heading", { name: "Состояние" }).waitFor();
      await admin.page.getByTestId("job-row").filter({ hasText: "Публикация отзывов" }).waitFor();
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
      // The list keeps showing "Все" until the filtered answer arrives: wait for finished work only.
      await kb.page.waitForFunction(() => {
        const chips = [...document.querySelectorAll('[data-testid="appointment-card"] [data-status]')];
        return chips.length > 0 && chips.every((chip) => chip.getAttribute("data-status") === "COMPLETED");
      });
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

    await phoneAdminSteps(browser, base);

    await step("«Все» in the master's work shows finished work too", async () => {
      await openNav(master.page, "Мои работы");
      const filter = master.page.getByRole("group", { name: "Фильтр по статусу" });
      await filter.getByRole("button", { name: "Все", exact: true }).and(master.page.locator('[aria-pressed="true"]')).waitFor();
      const done = master.page.getByTestId("appointment-card").filter({ hasText: "Починить кран на кухне" });
      await done.locator('[data-status="COMPLETED"]').waitFor();
      await filter.getByRole("button", { name: "Выполнена" }).click();
      await done.waitFor();
      await filter.getByRole("button", { name: "Все", exact: true }).click();
    });

    await step("an unknown path answers 404 with the SPA's not-found page; robots.txt and favicon.ico are files", async () => {
      const response = await client.page.goto("/no/such/page");
      if (response.status() !== 404) throw new Error(`/no/such/page answered ${response.status()}, not 404`);
      await client.page.getByRole("heading", { name: "Страница не найдена" }).waitFor();
      await shot(client.page, "client-not-found");
      const known = await client.page.goto(appointmentUrl);
      if (known.status() !== 200) throw new Error(`${appointmentUrl} answered ${known.status()}`);
      const robots = await fetch(`${base}/robots.txt`);
      const robotsText = await robots.text();
      if (robots.status !== 200 || !robotsText.includes("User-agent")) throw new Error(`/robots.txt: ${robots.status} ${robotsText.slice(0, 80)}`);
      const favicon = await fetch(`${base}/favicon.ico`);
      const type = favicon.headers.get("content-type") ?? "";
      if (favicon.status !== 200 || !/^image\//.test(type)) throw new Error(`/favicon.ico: ${favicon.status} ${type}`);
    });

    if (process.env.E2E_SKIP_PRODUCT !== "1") await productSteps({ browser, base, smtp, master });
    await platformSteps({ browser, base, backend });
  } finally {
    await browser.close();
    await backend.stop();
    await smtp.stop();
  }
}

/** An owner on a 390 px phone: the menu reaches its first item, a user is banned from a card, no admin list scrolls sideways. */
async function phoneAdminSteps(browser, base) {
  const phone = await newUser(browser, base, { phone: true, width: 390 });

  await step("the phone menu reaches its first item at 390 px", async () => {
    await phone.page.goto("/login");
    await phone.page.locator('input[name="username"]').fill("root");
    await phone.page.locator('input[name="password"]').fill(PASSWORD);
    await phone.page.getByRole("button", { name: "Войти" }).click();
    await phone.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
    await phone.page.getByRole("button", { name: "Открыть меню" }).click();
    const drawer = phone.page.locator(".MuiDrawer-modal .MuiDrawer-paper");
    const first = drawer.getByRole("navigation", { name: "Главное меню" }).getByRole("link").first();
    await first.waitFor();
    if ((await first.textContent()) !== "Главная") throw new Error(`the first menu item is "${await first.textContent()}"`);
    // Whatever is drawn at the middle of the first item is that item, not the top bar.
    const hit = await first.evaluate((link) => {
      const box = link.getBoundingClientRect();
      const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return { covered: !link.contains(top), top: box.top };
    });
    if (hit.covered) throw new Error(`the first menu item (top ${hit.top}px) is covered`);
    await shot(phone.page, "phone-admin-menu");
    await drawer.getByRole("link", { name: "Пользователи" }).click();
    await phone.page.getByRole("heading", { name: "Пользователи" }).waitFor();
  });

  await step("an admin bans a user from a 390 px phone", async () => {
    const api = await request.newContext({ baseURL: base });
    const signUp = await api.post("/api/v1/auth/register/", { data: { username: "spam_bot", password: PASSWORD, role: "client" } });
    if (signUp.status() !== 201) throw new Error(`registering spam_bot: ${signUp.status()}`);
    await api.dispose();
    await phone.page.reload();
    const card = phone.page.locator('[data-testid="user-row"][data-username="spam_bot"]');
    await card.waitFor();
    await card.getByRole("button", { name: "Заблокировать" }).click();
    const dialog = phone.page.getByRole("dialog");
    await dialog.locator('[name="reason"]').fill("Рассылает рекламу");
    await dialog.getByRole("button", { name: "Заблокировать" }).click();
    await dialog.waitFor({ state: "detached" });
    await card.getByText("Заблокирован").waitFor();
    await card.getByRole("button", { name: "Разблокировать" }).waitFor();
    await noSidewaysScroll(phone.page, 390);
    await shot(phone.page, "phone-admin-users");
  });

  await step("every admin list fits a 390 px phone", async () => {
    for (const [label, name, testId] of [
      ["Заявки", "phone-admin-appointments", "admin-appointment-row"],
      ["Мастера", "phone-admin-masters", null],
      ["Отзывы", "phone-admin-reviews", "review-row"],
      ["Журнал", "phone-admin-audit", "audit-row"],
      ["Система", "phone-admin-system", "job-row"],
      ["Настройки", "phone-admin-settings", null],
    ]) {
      await openNav(phone.page, label);
      if (testId) await phone.page.getByTestId(testId).first().waitFor();
      else await phone.page.getByRole("heading", { name: label }).waitFor();
      await noSidewaysScroll(phone.page, 390);
      await shot(phone.page, name);
    }
    await openNav(phone.page, "Журнал");
    await phone.page.getByTestId("audit-row").first().getByRole("button", { name: "Подробнее" }).click();
    await phone.page.getByRole("dialog").getByText("Технические данные").waitFor();
    await shot(phone.page, "phone-admin-audit-detail");
    await phone.page.getByRole("dialog").getByRole("button", { name: "Закрыть" }).click();
  });
  await phone.context.close();
}

async function noSidewaysScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) throw new Error(`${new URL(page.url()).pathname} scrolls sideways on a ${width} px phone (${scrollWidth}px wide)`);
}

/**
 * Steps that need the product backend (password change and reset, new-request alerts: branch
 * wt-product). They run by default; E2E_SKIP_PRODUCT=1 leaves them out on a branch without it.
 */
async function productSteps({ browser, base, smtp, master }) {
  const NEW_PASSWORD = "An0ther-pass-phrase!";

  await step("an active master is notified of a new request", async () => {
    // A new client (the journey's first one is banned by now) asks for something.
    const client = await newUser(browser, base, { phone: true, width: 390 });
    await client.page.goto("/register");
    await fillAccountForm(client.page, { username: "olga_client", role: "client" });
    await client.page.getByRole("button", { name: "Создать учётную запись" }).click();
    await client.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
    await client.page.goto("/appointments/new");
    await client.page.locator('[name="title"]').fill("Заменить смеситель");
    await client.page.getByRole("button", { name: "Отправить заявку" }).click();
    await client.page.getByRole("heading", { name: /Заменить смеситель/ }).waitFor();
    await client.context.close();
    await master.page.goto("/");
    const bell = master.page.getByTestId("notification-bell");
    await master.page.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="notification-bell"]')?.getAttribute("aria-label") ?? ""));
    await bell.click();
    await master.page.getByRole("dialog", { name: "Уведомления" }).getByText(/Заменить смеситель/).first().waitFor();
    await shot(master.page, "master-notified");
    await master.page.keyboard.press("Escape");
  });

  await step("a master changes their password in the profile and signs in with the new one", async () => {
    await master.page.goto("/profile");
    const form = master.page.getByRole("form", { name: "Сменить пароль" });
    await form.locator('[name="current_password"]').fill("wrong-password");
    await form.locator('[name="new_password"]').fill(NEW_PASSWORD);
    await form.locator('[name="new_password_confirm"]').fill(NEW_PASSWORD);
    await form.getByRole("button", { name: "Сменить пароль" }).click();
    await form.locator('[name="current_password"][aria-invalid="true"]').waitFor();
    await form.locator('[name="current_password"]').fill(PASSWORD);
    await form.getByRole("button", { name: "Сменить пароль" }).click();
    await master.page.getByText("Пароль изменён").first().waitFor();
    await shot(master.page, "master-password-changed");
    const fresh = await newUser(browser, base);
    await fresh.page.goto("/login");
    await fresh.page.locator('input[name="username"]').fill("ivan_master");
    await fresh.page.locator('input[name="password"]').fill(NEW_PASSWORD);
    await fresh.page.getByRole("button", { name: "Войти" }).click();
    await fresh.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
    await fresh.context.close();
  });

  await step("a master resets a forgotten password through the emailed link, on a phone", async () => {
    // An address first: the reset link goes to the profile's email.
    const phone = await newUser(browser, base, { phone: true, width: 390 });
    await phone.page.goto("/login");
    await phone.page.locator('input[name="username"]').fill("ivan_master");
    await phone.page.locator('input[name="password"]').fill(NEW_PASSWORD);
    await phone.page.getByRole("button", { name: "Войти" }).click();
    await phone.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
    await phone.page.goto("/profile");
    const profile = phone.page.getByRole("form", { name: "Профиль" });
    await profile.locator('[name="email"]').fill("ivan@example.com");
    await profile.getByRole("button", { name: "Сохранить" }).click();
    await phone.page.getByText("Сохранено").first().waitFor();
    await phone.context.close();

    const visitor = await newUser(browser, base, { phone: true, width: 390 });
    await visitor.page.goto("/login");
    await visitor.page.getByRole("link", { name: "Забыли пароль?" }).click();
    await visitor.page.locator('[name="email"]').fill("ivan@example.com");
    await visitor.page.getByRole("button", { name: "Прислать ссылку" }).click();
    await visitor.page.getByTestId("reset-sent").waitFor();
    await shot(visitor.page, "visitor-reset-sent");
    const mail = messageText((await smtp.waitFor("ivan@example.com")).raw);
    const link = /https?:\/\/[^\s"<>]+\/reset-password\?[^\s"<>]+/.exec(mail)?.[0];
    if (!link) throw new Error(`no reset link in the email:\n${mail.slice(0, 600)}`);
    await visitor.page.goto(new URL(link).pathname + new URL(link).search);
    await visitor.page.locator('[name="new_password"]').fill(PASSWORD);
    await visitor.page.locator('[name="new_password_confirm"]').fill(PASSWORD);
    await visitor.page.getByRole("button", { name: "Сохранить пароль" }).click();
    await visitor.page.getByTestId("reset-done").waitFor();
    await shot(visitor.page, "visitor-reset-done");
    // The link is used up.
    await visitor.page.goto(new URL(link).pathname + new URL(link).search);
    await visitor.page.locator('[name="new_password"]').fill(NEW_PASSWORD);
    await visitor.page.locator('[name="new_password_confirm"]').fill(NEW_PASSWORD);
    await visitor.page.getByRole("button", { name: "Сохранить пароль" }).click();
    await visitor.page.getByTestId("reset-link-invalid").waitFor();
    await visitor.page.goto("/login");
    await visitor.page.locator('input[name="username"]').fill("ivan_master");
    await visitor.page.locator('input[name="password"]').fill(PASSWORD);
    await visitor.page.getByRole("button", { name: "Войти" }).click();
    await visitor.page.getByRole("heading", { name: /Здравствуйте/ }).waitFor();
    await visitor.context.close();
  });
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

import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { delay, http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Appointment, ChatMessage } from "@/lib/api/types";
import { makeAppointment, makeMe } from "@/testing/data";
import { renderApp, signInAs } from "@/testing/render-app";
import { api, server } from "@/testing/server";
import { setScreen } from "@/testing/viewport";
// The screens under test, loaded before the tests start: lazy route chunks are slow to load on a busy machine.
import "@/app/routes/appointments/appointment";

const master = makeMe({ id: 2, username: "ivan", display_name: "Ivan", role: "master" });
const client = makeMe({ id: 1 });

/** One appointment served by the fake backend; `actions` decide what POSTs answer. */
function serveAppointment(initial: Appointment, actions: Record<string, (body: unknown) => Response | Appointment> = {}) {
  let current = initial;
  const posted: { action: string; body: unknown }[] = [];
  server.use(
    http.get(api(`/appointments/${initial.id}/`), () => HttpResponse.json(current)),
    http.get(api(`/appointments/${initial.id}/events/`), () => HttpResponse.json([])),
    http.get(api(`/appointments/${initial.id}/messages/`), () => HttpResponse.json({ next: null, previous: null, results: [] })),
    http.get(api(`/appointments/${initial.id}/reviews/`), () =>
      HttpResponse.json({
        review_master: { submitted: posted.some((p) => p.action === "review-master"), review: null },
        review_client: { submitted: false, review: null },
        window_closes_at: "2026-03-15T10:00:00Z",
      }),
    ),
    http.post(api(`/appointments/${initial.id}/read/`), () => HttpResponse.json({ unread_count: 0, last_read_message_id: null })),
    http.post(api(`/appointments/${initial.id}/:action/`), async ({ request, params }) => {
      const action = String(params.action);
      if (action === "mark-paid") await delay(300);
      const isForm = (request.headers.get("Content-Type") ?? "").startsWith("multipart/");
      const body = isForm ? Object.fromEntries((await request.formData()).entries()) : await request.json().catch(() => null);
      posted.push({ action, body });
      const handler = actions[action];
      if (!handler) return HttpResponse.json({ detail: "no", code: "permission_denied" }, { status: 403 });
      const answer = handler(body);
      if (answer instanceof Response) return answer;
      current = answer;
      return HttpResponse.json(current);
    }),
  );
  return posted;
}

describe("appointment detail", () => {
  it("offers exactly the actions the backend allows, and follows the answer after one", async () => {
    signInAs(master);
    const posted = serveAppointment(makeAppointment({ allowed_actions: ["take"] }), {
      take: () => makeAppointment({ status: "IN_REVIEW", master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" }, taken_at: "2026-03-01T11:00:00Z", allowed_actions: ["set_price", "decline"] }),
      "set-price": (body) => makeAppointment({ status: "AWAITING_PAYMENT", price: (body as { price: string }).price, allowed_actions: ["decline"] }),
    });
    const user = userEvent.setup();
    renderApp("/appointments/7");

    const actions = await screen.findByTestId("appointment-actions");
    expect(within(actions).getAllByRole("button").map((b) => b.textContent)).toEqual(["Взять"]);
    await user.click(within(actions).getByRole("button", { name: "Взять" }));

    await waitFor(() => expect(within(screen.getByTestId("appointment-actions")).getAllByRole("button").map((b) => b.textContent)).toEqual(["Назначить цену", "Отказаться"]));
    expect(screen.getAllByText("На рассмотрении").length).toBeGreaterThan(0);

    await user.click(screen.getByRole("button", { name: "Назначить цену" }));
    const dialog = await screen.findByRole("dialog");
    const submit = within(dialog).getByRole("button", { name: "Назначить цену" });
    await user.type(within(dialog).getByLabelText(/Цена/), "-5");
    expect(submit).toBeDisabled();
    await user.clear(within(dialog).getByLabelText(/Цена/));
    await user.type(within(dialog).getByLabelText(/Цена/), "1500,50");
    await user.click(submit);
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(posted).toEqual([
      { action: "take", body: {} },
      { action: "set-price", body: { price: "1500.50" } },
    ]);
    expect((await screen.findAllByText("Ожидает оплаты")).length).toBeGreaterThan(0);
  });

  it("explains a lost race in words and reloads the appointment", async () => {
    signInAs(master);
    serveAppointment(makeAppointment({ allowed_actions: ["take"] }), {
      take: () => HttpResponse.json({ detail: "Wrong status.", code: "invalid_transition", status: "IN_REVIEW" }, { status: 409 }),
    });
    const user = userEvent.setup();
    renderApp("/appointments/7");
    await user.click(await screen.findByRole("button", { name: "Взять" }));
    expect(await screen.findByText("Заявка уже изменилась (сейчас: На рассмотрении). Страница обновлена.")).toBeInTheDocument();
  });

  it("lets the client see how to pay, preview a proof, and send it with mark-paid", async () => {
    signInAs(client);
    const awaiting = makeAppointment({
      status: "AWAITING_PAYMENT",
      price: "1500.00",
      master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" },
      allowed_actions: ["upload_payment_proof", "mark_paid", "cancel"],
      payment: {
        proof: null,
        rejection_reason: "",
        review_required: false,
        review_reason: "",
        confirmed_at: null,
        instructions: { source: "master", method: "Card transfer", recipient: "Ivan P.", account: "2200 0000 1111 2222", instructions: "Add the request number", amount: "1500.00", currency: "RUB" },
      },
    });
    const posted = serveAppointment(awaiting, {
      "mark-paid": () => ({
        ...awaiting,
        status: "PAYMENT_PROOF_UPLOADED",
        allowed_actions: ["upload_payment_proof"],
        payment: { ...awaiting.payment, proof: { content_type: "image/png", size: 4, uploaded_at: "2026-03-02T10:00:00Z", url: "/api/v1/appointments/7/payment-proof/" } },
      }),
    });
    let proofDownloads = 0;
    server.use(
      http.get(api("/appointments/7/payment-proof/"), () => {
        proofDownloads += 1;
        return new HttpResponse(new Uint8Array([137, 80, 78, 71]), { headers: { "Content-Type": "image/png" } });
      }),
    );
    const user = userEvent.setup({ applyAccept: false });
    renderApp("/appointments/7");

    const instructions = await screen.findByTestId("payment-instructions");
    expect(instructions).toHaveTextContent("2200 0000 1111 2222");
    expect(instructions).toHaveTextContent("Card transfer");
    expect(screen.getByRole("button", { name: "Я оплатил" })).toBeDisabled();

    const input = screen.getByTestId("proof-input");
    await user.upload(input, new File(["hello"], "notes.txt", { type: "text/plain" }));
    expect(await screen.findByText("Принимаются только файлы JPEG, PNG, WebP и PDF.")).toBeInTheDocument();

    await user.upload(input, new File([new Uint8Array([137, 80, 78, 71])], "receipt.png", { type: "image/png" }));
    expect(await screen.findByRole("img", { name: "Предпросмотр выбранного файла" })).toBeInTheDocument();
    expect(screen.getByText(/receipt\.png/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Загрузить и отметить оплату" }));
    // While the upload runs, a progress bar shows and the buttons are locked.
    expect(await screen.findByRole("progressbar", { name: "Ход загрузки" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Загрузить и отметить оплату" })).toBeDisabled();

    expect(await screen.findByText("Подтверждение отправлено, мастер проверит оплату")).toBeInTheDocument();
    expect(posted.map((p) => p.action)).toEqual(["mark-paid"]);
    expect(posted[0].body).toHaveProperty("file");
    expect(await screen.findByRole("img", { name: "Подтверждение оплаты" })).toBeInTheDocument();
    expect(proofDownloads).toBe(1);
    expect(screen.getAllByText("Оплата отправлена").length).toBeGreaterThan(0);
  });

  it("leaves a review with a rating and flags", async () => {
    signInAs(client);
    const completed = makeAppointment({ status: "COMPLETED", master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" }, allowed_actions: ["review_master"] });
    const posted = serveAppointment(completed, { "review-master": () => ({ ...completed, allowed_actions: [] }) });
    const user = userEvent.setup();
    renderApp("/appointments/7");

    const form = await screen.findByTestId("review-form-review_master");
    const submit = within(form).getByRole("button", { name: "Отправить отзыв" });
    expect(submit).toBeDisabled();
    // jsdom has no layout, so MUI's hover tracking can't run; a plain click on the star's radio is what a keyboard user does.
    fireEvent.click(within(form).getByLabelText("4 Stars"));
    await user.click(within(form).getByRole("button", { name: "Отлично" }));
    await user.type(within(form).getByLabelText("Комментарий"), "Quick and tidy");
    await user.click(submit);

    expect(await screen.findByText("Спасибо за отзыв")).toBeInTheDocument();
    expect(posted).toEqual([{ action: "review-master", body: { rating: 4, comment: "Quick and tidy", flags: ["excellent"] } }]);
    await waitFor(() => expect(screen.queryByTestId("review-form-review_master")).not.toBeInTheDocument());
    // Double-blind: the review is in, sealed until the master reviews too.
    expect(await screen.findByText(/Отзыв оставлен; он откроется/)).toBeInTheDocument();
  });
});

describe("chat panel", () => {
  it("shows the conversation, polls for newer messages with ?after= and sends on Enter", async () => {
    signInAs(client);
    serveAppointment(makeAppointment({ master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" }, status: "IN_REVIEW" }));
    const brief = { id: 2, username: "ivan", display_name: "Ivan", role: "master" };
    const messages: ChatMessage[] = [{ id: 10, sender: brief, text: "Hello, when can I come?", created_at: "2026-03-01T10:00:00Z", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false }];
    const afters: (string | null)[] = [];
    let reads = 0;
    server.use(
      http.get(api("/appointments/7/messages/"), ({ request }) => {
        const after = new URL(request.url).searchParams.get("after");
        afters.push(after);
        const results = messages.filter((m) => after === null || m.id > Number(after));
        return HttpResponse.json({ next: null, previous: null, results });
      }),
      http.post(api("/appointments/7/messages/"), async ({ request }) => {
        const { text } = (await request.json()) as { text: string };
        const message = { id: messages.length + 100, sender: { id: 1, username: "anna", display_name: "Anna", role: "client" }, text, created_at: "2026-03-01T10:05:00Z", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false };
        messages.push(message);
        return HttpResponse.json(message, { status: 201 });
      }),
      http.post(api("/appointments/7/read/"), () => {
        reads += 1;
        return HttpResponse.json({ unread_count: 0, last_read_message_id: 10 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/appointments/7");

    const panel = await screen.findByTestId("chat-panel");
    expect(await within(panel).findByText("Hello, when can I come?")).toBeInTheDocument();
    await waitFor(() => expect(reads).toBeGreaterThan(0));

    messages.push({ id: 11, sender: brief, text: "Tomorrow at 10 works", created_at: "2026-03-01T10:01:00Z", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false });
    expect(await within(panel).findByText("Tomorrow at 10 works", {}, { timeout: 6000 })).toBeInTheDocument();
    expect(afters).toContain("10");

    await user.type(within(panel).getByLabelText("Сообщение"), "Great, see you{Enter}");
    expect(await within(panel).findByText("Great, see you")).toBeInTheDocument();
    expect(within(panel).getByLabelText("Сообщение")).toHaveValue("");
  });
});

describe("the request page on a phone", () => {
  it("puts the description and the next step first and the progress in one line", async () => {
    setScreen("phone");
    signInAs(master);
    serveAppointment(makeAppointment({ status: "IN_REVIEW", master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" }, taken_at: "2026-03-01T11:00:00Z", allowed_actions: ["set_price", "decline"] }));
    const user = userEvent.setup();
    renderApp("/appointments/7");

    const description = await screen.findByTestId("appointment-description");
    const actions = screen.getByTestId("actions-section");
    const progress = screen.getByTestId("compact-progress");
    // Document order is reading order on a phone: what was asked, what to do, then where it stands.
    expect(description.compareDocumentPosition(actions) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(actions.compareDocumentPosition(progress) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(description).toHaveTextContent("Kitchen tap leaks");
    expect(progress).toHaveTextContent("Шаг 2 из 7: На рассмотрении");
    // The seven steps are there on request only.
    const toggle = within(progress).getByRole("button", { name: "Показать все этапы" });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    await user.click(toggle);
    expect(within(progress).getByRole("button", { name: "Скрыть этапы" })).toHaveAttribute("aria-expanded", "true");
    expect(within(progress).getByText("Оплачена")).toBeVisible();
  });

  it("shows no chat to a master who only sees the request in the queue", async () => {
    signInAs(master);
    serveAppointment(makeAppointment({ allowed_actions: ["take"] }));
    server.use(http.get(api("/appointments/7/messages/"), () => HttpResponse.json({ detail: "Not found.", code: "not_found" }, { status: 404 })));
    renderApp("/appointments/7");
    await screen.findByTestId("appointment-actions");
    await waitFor(() => expect(screen.queryByTestId("chat-panel")).not.toBeInTheDocument());
    expect(screen.queryByRole("heading", { name: "Чат" })).not.toBeInTheDocument();
  });

  it("chat on a touch screen: the button sends, Enter makes a new line, no keyboard hint, days as headings", async () => {
    setScreen("phone");
    signInAs(client);
    serveAppointment(makeAppointment({ master: { id: 2, username: "ivan", display_name: "Ivan", role: "master" }, status: "IN_REVIEW" }));
    const brief = { id: 2, username: "ivan", display_name: "Ivan", role: "master" };
    const messages: ChatMessage[] = [
      { id: 10, sender: brief, text: "First day", created_at: "2026-03-01T10:00:00", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false },
      { id: 11, sender: brief, text: "Same day", created_at: "2026-03-01T12:30:00", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false },
      { id: 12, sender: brief, text: "Next day", created_at: "2026-03-02T09:15:00", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false },
    ];
    const sent: string[] = [];
    server.use(
      http.get(api("/appointments/7/messages/"), () => HttpResponse.json({ next: null, previous: null, results: messages })),
      http.post(api("/appointments/7/messages/"), async ({ request }) => {
        const { text } = (await request.json()) as { text: string };
        sent.push(text);
        const message = { id: 13, sender: { id: 1, username: "anna", display_name: "Anna", role: "client" }, text, created_at: "2026-03-02T09:20:00", is_deleted: false, appointment: 7, deleted_at: null, deleted_by_moderator: false };
        messages.push(message);
        return HttpResponse.json(message, { status: 201 });
      }),
    );
    const user = userEvent.setup();
    renderApp("/appointments/7");

    const panel = await screen.findByTestId("chat-panel");
    await within(panel).findByText("Next day");
    // One heading per day, and each bubble shows only its time.
    expect(within(panel).getAllByTestId("chat-day").map((d) => d.textContent)).toEqual(["1 марта", "2 марта"]);
    expect(within(panel).getByText("12:30")).toBeInTheDocument();
    expect(within(panel).queryByTestId("chat-hint")).not.toBeInTheDocument();

    const field = within(panel).getByLabelText("Сообщение");
    await user.type(field, "Line one{Enter}line two");
    expect(field).toHaveValue("Line one\nline two");
    expect(sent).toEqual([]);
    const form = within(panel).getByTestId("chat-form");
    // The send button sits in the same row as the field.
    expect(within(form).getByRole("button", { name: "Отправить" }).parentElement).toBe(field.closest(".MuiTextField-root")!.parentElement);
    await user.click(within(form).getByRole("button", { name: "Отправить" }));
    await waitFor(() => expect(sent).toEqual(["Line one\nline two"]));
    expect(await within(panel).findByText(/Line one/)).toBeInTheDocument();
  });
});


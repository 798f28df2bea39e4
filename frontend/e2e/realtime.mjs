// Realtime (docs/realtime.md): with polling switched off in both browsers, the client's message
// reaches the master's open chat because of the websocket frame alone. The master's page records
// the frames it receives and the chat reads it sends: the read that brings the message must come
// after the frame, and no read may happen before it (no polling, no stray refetch).
import { shot, step } from "./helpers.mjs";

const POLLING_OFF = () => localStorage.setItem("mp.realtime.polling", "off");
const POLLING_ON = () => localStorage.removeItem("mp.realtime.polling");

export async function realtimeSteps({ client, master, appointmentUrl }) {
  await step("realtime: the master's chat shows the client's message from the websocket frame, polling off", async () => {
    const frames = [];
    const reads = [];
    master.page.on("websocket", (socket) => {
      socket.on("framereceived", ({ payload }) => frames.push({ at: Date.now(), frame: JSON.parse(String(payload)) }));
    });
    master.page.on("request", (request) => {
      if (request.method() === "GET" && /\/appointments\/\d+\/messages\//.test(request.url())) reads.push(Date.now());
    });
    for (const { page } of [client, master]) {
      await page.evaluate(POLLING_OFF);
      await page.goto(appointmentUrl);
      await page.getByTestId("chat-panel").waitFor();
    }
    await master.page.locator('[data-testid="live-indicator"][data-live="true"]').waitFor({ timeout: 20_000 });
    await client.page.locator('[data-testid="live-indicator"][data-live="true"]').waitFor({ timeout: 20_000 });
    await master.page.waitForTimeout(4000); // longer than the chat's 3 s poll: a poll would show up here
    const sentAt = Date.now();
    const readsBefore = reads.filter((at) => at >= sentAt).length;

    const text = "Вы уже в пути?";
    const clientChat = client.page.getByTestId("chat-panel");
    await clientChat.locator('[name="message"]').fill(text);
    await clientChat.getByRole("button", { name: "Отправить" }).click();
    await clientChat.getByText(text).waitFor();
    await master.page.getByTestId("chat-panel").getByText(text).waitFor({ timeout: 15_000 });

    const frame = frames.find((f) => f.frame.type === "message.created" && f.at >= sentAt);
    if (!frame) throw new Error(`no message.created frame reached the master: ${JSON.stringify(frames.map((f) => f.frame))}`);
    const readsAfterSend = reads.filter((at) => at >= sentAt);
    if (readsBefore !== 0 || readsAfterSend.length === 0 || readsAfterSend.some((at) => at < frame.at)) {
      throw new Error(`the master's chat was read without the frame: reads ${JSON.stringify(readsAfterSend)}, frame at ${frame.at}`);
    }
    const idle = reads.filter((at) => at < sentAt);
    if (idle.length > 2) throw new Error(`the master's chat polled with polling off (${idle.length} reads)`);
    await shot(master.page, "master-chat-live");
    for (const { page } of [client, master]) await page.evaluate(POLLING_ON);
  });
}

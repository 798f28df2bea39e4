// A tiny SMTP sink for the browser journey: the backend sends its email here (EMAIL_HOST/PORT) and
// the journey reads the messages, e.g. to follow a password reset link. Speaks just enough SMTP
// for Django's smtplib client (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT); never relays.
import { createServer } from "node:net";

export async function startSmtpSink() {
  const messages = [];
  const waiters = [];
  const server = createServer((socket) => {
    socket.setEncoding("utf8");
    let buffer = "";
    let data = null;
    let envelope = { from: "", to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply("220 e2e-smtp ready");
    socket.on("data", (chunk) => {
      buffer += chunk;
      let index;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (data !== null) {
          if (line === ".") {
            const message = { ...envelope, raw: data.join("\r\n") };
            messages.push(message);
            waiters.splice(0).forEach((wake) => wake());
            data = null;
            envelope = { from: "", to: [] };
            reply("250 OK: queued");
          } else data.push(line.startsWith("..") ? line.slice(1) : line);
          continue;
        }
        const command = line.slice(0, 4).toUpperCase();
        if (command === "EHLO") socket.write("250-e2e-smtp\r\n250 8BITMIME\r\n");
        else if (command === "HELO") reply("250 e2e-smtp");
        else if (command === "MAIL") {
          envelope.from = line.slice(10).trim();
          reply("250 OK");
        } else if (command === "RCPT") {
          envelope.to.push(line.slice(8).trim());
          reply("250 OK");
        } else if (command === "DATA") {
          data = [];
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (command === "RSET" || command === "NOOP") reply("250 OK");
        else if (command === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else reply("502 Command not implemented");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    messages,
    /** The next message whose recipients include `address` (waits up to `timeout` ms). */
    async waitFor(address, timeout = 20_000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const found = messages.find((m) => m.to.some((to) => to.includes(address)));
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no email to ${address} within ${timeout} ms`);
        await new Promise((wake) => {
          waiters.push(wake);
          setTimeout(wake, 500);
        });
      }
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The body of a message as text: quoted-printable and soft line breaks undone. */
export function messageText(raw) {
  return raw
    .replace(/=\r\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

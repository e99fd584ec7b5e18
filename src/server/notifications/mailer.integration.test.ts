// The SMTP mailer against servers that misbehave or count: its timeouts apply (a server that never greets does not
// hold a send for nodemailer's default 30 s), and messages share a pooled connection instead of connecting each time.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { smtpMailer } from "./mailer";

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  // the pooled connection stays open until its idle timeout: end it here
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(onConnection: (socket: net.Socket) => void): Promise<{ url: string; connections: () => number }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections += 1;
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, connections: () => connections };
}

/** Just enough SMTP for nodemailer: greets, accepts every command, takes every message. */
function minimalSmtp(socket: net.Socket) {
  let inData = false;
  let buffered = "";
  socket.write("220 test ESMTP\r\n");
  socket.on("data", (chunk) => {
    buffered += chunk.toString("utf8");
    let end: number;
    while ((end = buffered.indexOf("\r\n")) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (inData) {
        if (line === ".") {
          inData = false;
          socket.write("250 queued\r\n");
        }
      } else if (/^DATA/i.test(line)) {
        inData = true;
        socket.write("354 go on\r\n");
      } else if (/^QUIT/i.test(line)) {
        socket.end("221 bye\r\n");
      } else {
        socket.write("250 ok\r\n");
      }
    }
  });
  socket.on("error", () => undefined);
}

const mail = (n: number) => ({
  from: "LessonPay <no-reply@lessonpay.test>",
  to: "ann@example.test",
  subject: `Message ${n}`,
  html: `<p>Message ${n}</p>`,
  text: `Message ${n}`,
  messageId: `<m${n}-${Date.now()}@lessonpay.test>`,
  headers: {},
});

describe("smtpMailer", () => {
  it("gives up on a server that accepts the connection but never greets, after its own timeout", async () => {
    const silent = await listen((socket) => socket.on("error", () => undefined));
    const mailer = smtpMailer(silent.url, { timeoutMs: 300 });
    await expect(mailer.send(mail(1))).rejects.toThrow(/greeting|timeout/i);
  }, 10_000);

  it("sends several messages over one connection", async () => {
    const server = await listen(minimalSmtp);
    const mailer = smtpMailer(server.url, { timeoutMs: 5_000 });
    for (let n = 1; n <= 3; n++) expect((await mailer.send(mail(n))).response).toMatch(/^250/);
    expect(server.connections()).toBe(1);
  });
});

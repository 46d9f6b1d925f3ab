// A real SMTP server on loopback for the browser tests (issue #4): Vartai's outbox delivers the
// login codes here over SMTP, exactly as to a mail provider, and the tests read them back over
// HTTP: GET /messages?to=<address> → [{ to, subject, text }], oldest first.
import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";
import http from "node:http";

const smtpPort = Number(process.env.E2E_SMTP_PORT || 3125);
const httpPort = Number(process.env.E2E_SMTP_HTTP_PORT || 3126);
const messages = [];

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        messages.push({ to, subject: mail.subject || "", text: mail.text || "" });
        callback();
      })
      .catch(callback);
  },
});
smtp.listen(smtpPort, "127.0.0.1");

http
  .createServer((req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${httpPort}`);
    if (url.pathname === "/healthz") return res.end("ok");
    if (url.pathname === "/messages") {
      const to = (url.searchParams.get("to") || "").toLowerCase();
      res.setHeader("content-type", "application/json");
      return res.end(JSON.stringify(messages.filter((m) => !to || m.to.includes(to))));
    }
    res.statusCode = 404;
    res.end();
  })
  .listen(httpPort, "127.0.0.1");

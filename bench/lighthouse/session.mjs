// Logs in to a demo-mode server as a new applicant (the e-mail code read from /api/dev/mailbox),
// fills the first-login contact form, starts a draft, and prints the session cookie and the
// path of the draft's first section page: what Lighthouse needs to measure a page behind a login.
//
// Usage: node session.mjs <base-url>   → prints `<cookie>\t<path>`
const base = process.argv[2];
if (!base) {
  console.error('usage: node session.mjs <base-url>');
  process.exit(2);
}
const jar = new Map();
const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
function keep(res) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return res;
}
async function page(path) {
  const res = keep(await fetch(base + path, { headers: { cookie: cookie() }, redirect: 'manual' }));
  return res.text();
}
function field(html, name) {
  const m = html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`)) ||
    html.match(new RegExp(`value="([^"]*)"[^>]*name="${name}"`));
  if (!m) throw new Error(`no ${name} field`);
  return m[1];
}
async function call(endpoint, form) {
  const res = keep(await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: {
      cookie: cookie(),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
    },
    body: new URLSearchParams(form),
    redirect: 'manual',
  }));
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${endpoint}: ${res.status} ${text.slice(0, 300)}`);
  return { res, text };
}

const email = `lighthouse-${Date.now()}@example.org`;
let csrf = field(await page('/login'), 'csrf');
await call('account/request-code', { email, csrf });
const { text: box } = await call('dev/mailbox', {});
const mail = JSON.parse(box).find((m) => m.recipient === email);
const code = mail && (mail.body.match(/\b\d{6}\b/) || [])[0];
if (!code) throw new Error(`no code for ${email} in the demo mailbox`);
await call('account/verify-code', { code, csrf });
csrf = field(await page('/account'), 'csrf');
await call('account/contact', {
  first_name: 'Olena', surname: 'Kovalenko', phone: '+370 612 34567', csrf,
});
const list = await page('/applications');
const started = await call('applications/start', {
  kind: 'trp_issue', start_key: field(list, 'start_key'), csrf: field(list, 'csrf'),
});
const to = started.res.headers.get('location');
if (!to) throw new Error(`no draft: ${started.text.slice(0, 300)}`);
console.log(`${cookie()}\t${to}/applicant`);

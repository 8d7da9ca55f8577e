// tests/e2e/lib.mjs — what every browser journey needs: a store with the demo
// data and its accounts, a `qiao serve` on a free loopback port, and Debian's
// chromium started headless with the flags this machine needs.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const qiao = process.env.QIAO || 'build/qiao';
export const art = 'tests/e2e/artifacts';
mkdirSync(art, { recursive: true });

// accounts: [login, role, org or null, password]; serveArgs: more options of
// `qiao serve` (e.g. --smtp). Returns { tmp, db, base, server }.
export async function startQiao(accounts, prefix = 'qiao-e2e-', serveArgs = []) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const db = join(tmp, 'q.db');
  const demo = readdirSync('data/demo').filter((f) => f.endsWith('.jsonl')).map((f) => join('data/demo', f));
  execFileSync(qiao, ['import', '--db', db, ...demo], { stdio: 'ignore' });
  for (const [login, role, org, pw] of accounts) {
    execFileSync(qiao, ['user', 'add', '--db', db, '--login', login, '--role', role,
      ...(org ? ['--org', org] : []), '--password-stdin'], { input: pw + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
  }
  const server = spawn(qiao, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--alerts', '0',
    ...serveArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const base = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('server did not start:\n' + log)), 10000);
    server.stderr.on('data', (d) => {
      log += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    server.on('exit', (c) => reject(new Error(`server exited ${c}:\n${log}`)));
  });
  return { tmp, db, base, server };
}

// Without the background-networking flags chromium's own connections are
// refused by this machine's closed network.
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A real SMTP server for a journey: Debian's python3-aiosmtpd on a free
// loopback port, writing each message it receives as a file to dir
// (tests/http/smtp_sink.py, as tests/http/notify.sh). Returns { url, stop }.
export async function startSmtp(dir) {
  const port = await new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
  const py = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'smtp_sink.Sink', dir],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PYTHONPATH: 'tests/http' } });
  let log = '';
  py.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const c = createConnection(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (up) break;
    if (py.exitCode !== null || Date.now() > deadline) throw new Error('the SMTP server did not start:\n' + log);
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (py.exitCode !== null) return;
    py.kill('SIGTERM');
    await new Promise((r) => py.on('exit', r));
  };
  return { url: `smtp://127.0.0.1:${port}`, stop };
}

// The messages the SMTP server of startSmtp received in dir, oldest first,
// each as { to, subject, text } (text: the decoded text/plain part), read
// with python3's email package. Waits up to ms for at least `atLeast`.
export async function readMails(dir, atLeast = 1, ms = 15000) {
  const script = `
import email, email.policy, glob, json, os, sys
out = []
for p in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml")), key=os.path.getmtime):
    m = email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default)
    part = m.get_body(preferencelist=("plain",))
    out.append({"to": str(m["To"]), "subject": str(m["Subject"]), "text": part.get_content() if part else ""})
print(json.dumps(out, ensure_ascii=False))`;
  const deadline = Date.now() + ms;
  for (;;) {
    const mails = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, dir], { encoding: 'utf8' }));
    if (mails.length >= atLeast || Date.now() > deadline) return mails;
    await new Promise((r) => setTimeout(r, 100));
  }
}

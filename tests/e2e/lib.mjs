// tests/e2e/lib.mjs — what every browser journey needs: a store with the demo
// data and its accounts, a `qiao serve` on a free loopback port, and Debian's
// chromium started headless with the flags this machine needs.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const qiao = process.env.QIAO || 'build/qiao';
export const art = 'tests/e2e/artifacts';
mkdirSync(art, { recursive: true });

// accounts: [login, role, org or null, password]. Returns { tmp, db, base, server }.
export async function startQiao(accounts, prefix = 'qiao-e2e-') {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const db = join(tmp, 'q.db');
  const demo = readdirSync('data/demo').filter((f) => f.endsWith('.jsonl')).map((f) => join('data/demo', f));
  execFileSync(qiao, ['import', '--db', db, ...demo], { stdio: 'ignore' });
  for (const [login, role, org, pw] of accounts) {
    execFileSync(qiao, ['user', 'add', '--db', db, '--login', login, '--role', role,
      ...(org ? ['--org', org] : []), '--password-stdin'], { input: pw + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
  }
  const server = spawn(qiao, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--alerts', '0'],
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

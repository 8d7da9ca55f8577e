// tests/e2e/accounts.mjs — the password reset by a one-time link, in a browser
// (playwright-core and Debian's chromium, as journeys.mjs): a user signed in
// on one browser forgets the password on another; 忘记密码 on the sign-in page
// sends a mail through a real SMTP server (Debian's python3-aiosmtpd on a
// loopback port, started here: lib.mjs startSmtp); the link is read from the
// message that server received (its plain-text part); the new password is
// set and signs in; the session of the first browser has ended; the link does
// not work twice.
// Any console error, page error or 5xx fails the test. Screenshots go to
// tests/e2e/artifacts/.  Run: QIAO=build/qiao node tests/e2e/accounts.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { art, startQiao, launchChromium, startSmtp, readMails } from './lib.mjs';

const inbox = mkdtempSync(join(tmpdir(), 'qiao-e2e-inbox-'));
const smtp = await startSmtp(inbox);
const { tmp, db, base, server } = await startQiao([
  ['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123'],
], 'qiao-e2e-', ['--smtp', smtp.url, '--mail-from', 'noreply@qiao.example', '--mail-retry', '1']);
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
sql("UPDATE users SET email = 'xsy@example.org', name = '王经理' WHERE login = 'xsy'");

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

async function newPage() {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    // a refused form (422) and the used link (410) answer so on purpose; chromium
    // logs those statuses as console errors
    if (m.type() === 'error' && !/status of (410|422)/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  return page;
}

async function signIn(page, login, pw) {
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', pw);
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
  check((await page.textContent('.who')) === login, `${login} is not shown as signed in`);
}

try {
  browser = await launchChromium();

  step('xsy is signed in on a first browser');
  const first = await newPage();
  await signIn(first, 'xsy', 'xsy-pass-123');
  await first.goto(base + '/me');
  check(first.url() === base + '/me', 'the dashboard is not shown');

  step('on a second browser: 忘记密码 → the SMTP server receives a reset link for xsy');
  const second = await newPage();
  await second.goto(base + '/login');
  await Promise.all([second.waitForURL(base + '/password/forgot'), second.click('#forgot')]);
  await second.fill('#who', 'xsy');
  await second.click('#send');
  await second.waitForSelector('#msg');
  check((await second.textContent('#msg')).includes('重设密码的链接已发送'), 'no confirmation');
  await second.screenshot({ path: `${art}/accounts-forgot.png`, fullPage: true });
  const mails = (await readMails(inbox, 1)).filter((m) => m.to.includes('xsy@example.org'));
  check(mails.length === 1, `the SMTP server received ${mails.length} mail(s) for xsy@example.org`);
  const mail = mails[0];
  check(/密码/.test(mail.subject), `the mail's subject is not about the password: '${mail.subject}'`);
  const found = mail.text.match(/https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/);
  check(found, `no reset link in the mail's text:\n${mail.text}`);
  check(found[0].startsWith(base + '/password/reset?token='), `the link points elsewhere: ${found[0]}`);
  const link = found[0].slice(base.length);

  step('the link sets a new password (the form says when the two differ)');
  await second.goto(base + link);
  await second.fill('#password', 'xsy-new-pass-1');
  await second.fill('#password2', 'xsy-new-pass-2');
  await second.click('#save');
  check((await second.textContent('#msg')).includes('不一致'), 'a mismatch is not explained');
  await second.fill('#password', 'xsy-new-pass-1');
  await second.fill('#password2', 'xsy-new-pass-1');
  await second.click('#save');
  check((await second.textContent('h1')) === '密码已重设', 'the password was not reset');
  await second.screenshot({ path: `${art}/accounts-reset.png`, fullPage: true });
  await Promise.all([second.waitForURL(base + '/login'), second.click('#to-login')]);
  await signIn(second, 'xsy', 'xsy-new-pass-1');

  step('the first browser\'s session has ended');
  await first.goto(base + '/me');
  check(first.url().startsWith(base + '/login'), `the old session still opens ${first.url()}`);
  check((await first.locator('.who').count()) === 0, 'the first browser still shows a signed-in user');

  step('the link does not work twice');
  const again = await second.goto(base + link);
  check(again.status() === 410, `the used link answered ${again.status()}`);
  check((await second.textContent('h1')) === '链接已失效', 'the used link is not explained');
  await second.screenshot({ path: `${art}/accounts-used-link.png`, fullPage: true });
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  await smtp.stop();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(inbox, { recursive: true, force: true });
}
if (problems.length) {
  console.error('e2e accounts FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e accounts: all passed (screenshots in tests/e2e/artifacts/)');

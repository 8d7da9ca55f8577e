// tests/e2e/notify.mjs — notifications in the browser: a university user with
// two new notifications sees the count in the header, opens the list (on a
// phone-sized screen too), follows one (it is marked read, the count drops),
// marks all read (the count goes), and chooses the daily digest for one kind
// in the mail settings. Any console or page error fails the test.
// Run: QIAO=build/qiao node tests/e2e/notify.mjs   (make e2e)
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { art, qiao, startQiao, launchChromium } from './lib.mjs';

const { tmp, db, base, server } = await startQiao([['uestc', 'university', 'uestc-ic', 'uestc-pass-1']],
  'qiao-e2e-notify-');
for (let i = 0; i < 2; i++)
  execFileSync(qiao, ['notify', 'test', '--db', db, '--login', 'uestc'], { stdio: 'ignore' });

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const count = async (page) => {
  const b = page.locator('header #unread-count');
  return (await b.count()) ? (await b.textContent()).trim() : '';
};
let browser;
try {
  browser = await launchChromium();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });

  step('sign in: the header counts 2 unread');
  await page.goto(base + '/login');
  await page.fill('#login', 'uestc');
  await page.fill('#password', 'uestc-pass-1');
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
  if (await count(page) !== '2') throw new Error(`header count '${await count(page)}', want 2`);

  step('the list, on a phone-sized screen');
  await page.setViewportSize({ width: 390, height: 844 });
  await Promise.all([page.waitForURL(base + '/me/notifications'), page.click('header a.notices')]);
  if ((await page.locator('ul.notices li.unread').count()) !== 2) throw new Error('two unread items expected');
  const when = await page.textContent('ul.notices li time');
  if (!/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/.test(when)) problems.push(`time shown as '${when}'`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push('the notifications page scrolls sideways on a phone');
  await page.screenshot({ path: `${art}/notify-01-list-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  step('follow one: marked read');
  await Promise.all([page.waitForURL(base + '/me/notifications'), page.click('ul.notices li.unread a')]);
  if (await count(page) !== '1') throw new Error(`after following one the count is '${await count(page)}'`);

  step('mark all read');
  await Promise.all([page.waitForURL(base + '/me/notifications'), page.click('main button:has-text("全部标为已读")')]);
  if (await count(page) !== '') throw new Error('a count is still shown');
  if ((await page.locator('ul.notices li.unread').count()) !== 0) throw new Error('unread items left');

  step('mail settings: the daily digest for 账号变更');
  await page.click('a[href="/me/notifications/settings"]');
  await page.check('input[name="account"][value="digest"]');
  await Promise.all([page.waitForURL(/saved=1/), page.click('main button[type="submit"]')]);
  if (!(await page.isChecked('input[name="account"][value="digest"]'))) throw new Error('the choice was not kept');
  const kept = execFileSync('sqlite3', [db, "SELECT mail || digest FROM notify_prefs WHERE login = 'uestc' AND kind = 'account'"],
    { encoding: 'utf8' }).trim();
  if (kept !== '11') problems.push(`the store keeps '${kept}' for account mail, want mail on, digest on`);
  await page.screenshot({ path: `${art}/notify-02-settings.png`, fullPage: true });
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length) {
  console.error('e2e FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e: all passed (screenshots in tests/e2e/artifacts/)');

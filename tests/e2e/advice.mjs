// tests/e2e/advice.mjs — an expert answers an invitation to advise, in the
// browser (playwright-core and Debian's chromium, as interest.mjs):
//   staff (admin) link the expert's account to the person it is, picked by
//   name on the account page; the enterprise (xsy) opens its demand, sees the
//   suggested experts and invites 周启航 with a message (the button then says
//   the invitation waits); the expert (zhou) signs in, sees the notification
//   in the header, follows it to 咨询邀请 and accepts; both sides then see each
//   other's contact person, phone and e-mail; the enterprise is told of the
//   answer. Screenshots at 1280 and 390 px in tests/e2e/artifacts/. Any
//   console error, page error, 5xx or sideways scrolling on a phone fails.
//   Run: QIAO=build/qiao node tests/e2e/advice.mjs
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { art, startQiao, launchChromium } from './lib.mjs';

const users = [
  ['admin', 'admin', null, 'admin-pass-123'],
  ['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123'],
  ['zhou', 'expert', 'uestc-ic', 'zhou-pass-123'],
];
const { tmp, db, base, server } = await startQiao(users, 'qiao-e2e-advice-');
execFileSync('sqlite3', [db, `UPDATE users SET name = '王经理', phone = '13800000001', email = 'wang@example.com' WHERE login = 'xsy';
  UPDATE users SET name = '周启航', phone = '13900000002', email = 'zhou@example.com' WHERE login = 'zhou';`]);

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

async function newPage(width = 1280) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: width > 500 ? 900 : 844 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  return page;
}

async function signIn(page, login, pw) {
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', pw);
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
}

async function shots(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${art}/a-${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push(`${name} scrolls sideways on a phone`);
  await page.screenshot({ path: `${art}/a-${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  browser = await launchChromium();
  const adm = await newPage();
  const ent = await newPage();
  const exp = await newPage();

  step('staff link the expert\'s account to the person it is, by name');
  await signIn(adm, 'admin', 'admin-pass-123');
  await adm.goto(base + '/admin/accounts/zhou');
  check((await adm.textContent('#person')).includes('还没有关联人员'), 'the account says it is linked already');
  await adm.fill('#f-person', '周启航');
  await shots(adm, 'account-link');
  await Promise.all([adm.waitForURL(base + '/admin/accounts/zhou'), adm.click('#link-person')]);
  check((await adm.textContent('#person')).includes('周启航'), 'the account page does not name the person');

  step('the enterprise invites a suggested expert from its demand page');
  await signIn(ent, 'xsy', 'xsy-pass-123');
  await ent.goto(base + '/demands/dem-01');
  const experts = ent.locator('section.matches', { has: ent.locator('h2', { hasText: '可以咨询的专家' }) });
  const zhou = experts.locator('ol.records > li', { has: ent.locator('a[href="/people/p-zhou-qihang"]') });
  check(await zhou.count() === 1, '周启航 is not among the suggested experts');
  check((await zhou.locator('.why').textContent()).includes('共同的关键词'), 'the expert shows no reasons');
  const noAccount = experts.locator('.advice-noaccount');
  check(await noAccount.count() > 0, 'an expert without an account does not say so');
  await zhou.locator('details.advice-form summary').click();
  await zhou.locator('textarea[name="message"]').fill('我们在做时间交织 ADC，想请您评估一下校准方案。');
  await shots(ent, 'invite-form');
  await Promise.all([ent.waitForURL(base + '/demands/dem-01'), zhou.locator('details.advice-form button').click()]);
  check((await zhou.textContent('.advice-live')).includes('已邀请咨询（待回复）'), 'the page does not show the invitation waiting');
  await shots(ent, 'invited');

  step('the expert signs in, sees the notification and the invitation');
  await signIn(exp, 'zhou', 'zhou-pass-123');
  check((await exp.textContent('header #unread-count')).trim() === '1', 'the header does not count the notification');
  await Promise.all([exp.waitForURL(base + '/me/notifications'), exp.click('header a.notices')]);
  const notice = exp.locator('ul.notices li.unread');
  check((await notice.textContent()).includes('咨询邀请'), 'the notification does not speak of the invitation');
  await shots(exp, 'notification');
  await Promise.all([exp.waitForURL(/\/me\/advice/), notice.locator('a').click()]);
  const inv = exp.locator('.advice-received li.advice');
  check(await inv.count() === 1, 'the invitation is not on /me/advice');
  check((await inv.textContent()).includes('校准方案'), 'the message is not shown');
  check(!(await inv.textContent()).includes('13800000001'), 'the inviter\'s phone shows before accepting');
  check(await inv.locator('.hidden-contacts').count() === 1, 'contacts are not said to be hidden');
  await shots(exp, 'invitation');

  step('the expert accepts; both see each other\'s contacts');
  await Promise.all([exp.waitForURL(/\/me\/advice/), inv.locator('form.advice-accept button').click()]);
  const accepted = exp.locator('.advice-received li.advice');
  check((await accepted.locator('.status').textContent()).trim() === '已接受', 'the invitation is not accepted');
  const mine = await accepted.locator('ul.contacts').textContent();
  check(mine.includes('王经理') && mine.includes('13800000001') && mine.includes('wang@example.com'),
    'the expert does not see the enterprise\'s contact');
  await shots(exp, 'accepted');
  await ent.goto(base + '/me');
  check((await ent.textContent('header #unread-count')).trim() === '1', 'the enterprise is not told of the answer');
  await Promise.all([ent.waitForURL(base + '/me/advice'), ent.click('.advice-link a')]);
  const sent = ent.locator('.advice-sent li.advice');
  check((await sent.locator('.status').textContent()).trim() === '已接受', 'the enterprise does not see it accepted');
  const theirs = await sent.locator('ul.contacts').textContent();
  check(theirs.includes('周启航') && theirs.includes('13900000002') && theirs.includes('zhou@example.com'),
    'the enterprise does not see the expert\'s contact');
  await shots(ent, 'sent-accepted');

  if (problems.length) throw new Error(problems.join('\n'));
  console.log('e2e advice: all passed (screenshots in tests/e2e/artifacts/)');
} catch (err) {
  console.error('e2e advice FAILED:', err.message);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}

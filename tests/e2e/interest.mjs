// tests/e2e/interest.mjs — from a match to a conversation, in the browser
// (playwright-core and Debian's chromium, as journeys.mjs):
//   the enterprise (demo account xsy) sees its matches with their reasons,
//   expresses interest in one and marks another 不合适 with a reason (it
//   leaves the list); the university (uestc) sees the waiting interest on its
//   dashboard and accepts; both see each other's contacts; the university
//   proposes a project, the enterprise confirms; signing takes both; the
//   university sees the reason given on its achievement. Screenshots at
//   1280 and 390 px in tests/e2e/artifacts/. Any console error, page error,
//   5xx or sideways scrolling on a phone fails the test.
//   Run: QIAO=build/qiao node tests/e2e/interest.mjs
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { art, startQiao, launchChromium } from './lib.mjs';

const users = [
  ['uestc', 'university', 'uestc-ic', 'uestc-pass-123'],
  ['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123'],
];
const { tmp, db, base, server } = await startQiao(users, 'qiao-e2e-interest-');
execFileSync('sqlite3', [db, `UPDATE users SET name = '王经理', phone = '13800000001', email = 'wang@example.com' WHERE login = 'xsy';
  UPDATE users SET name = '李老师', phone = '13900000002', email = 'li@example.com' WHERE login = 'uestc';`]);

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

// Screenshots of the page at 1280 and at 390 px (and no sideways scrolling there).
async function shots(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${art}/i-${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push(`${name} scrolls sideways on a phone`);
  await page.screenshot({ path: `${art}/i-${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

try {
  browser = await launchChromium();
  const ent = await newPage();
  const uni = await newPage();

  step('the enterprise sees its matches with their reasons');
  await signIn(ent, 'xsy', 'xsy-pass-123');
  await ent.goto(base + '/me');
  const dem = ent.locator('article.mine', { has: ent.locator('h3 a[href="/demands/dem-01"]') });
  const hit = (id) => dem.locator('ol.records > li', { has: ent.locator(`h5 a[href="/achievements/${id}"]`) });
  check(await hit('ach-uestc-02').count() === 1, 'ach-uestc-02 is not among dem-01\'s matches on /me');
  check(await hit('ach-uestc-04').count() === 1, 'ach-uestc-04 is not among dem-01\'s matches on /me');
  check((await hit('ach-uestc-02').locator('.why').textContent()).includes('共同的关键词'), 'the match shows no reasons');
  await shots(ent, 'me-matches');

  step('… expresses interest in one');
  await hit('ach-uestc-02').locator('details.interest-form summary').click();
  await hit('ach-uestc-02').locator('textarea[name="message"]').fill('我们想了解这项 ADC IP 的授权条件和样片测试数据。');
  await Promise.all([ent.waitForURL(/\/interests\/\d+$/), hit('ach-uestc-02').locator('details.interest-form button').click()]);
  const interestUrl = ent.url();
  check((await ent.textContent('.f-status')).trim() === '待回复', 'the new interest is not waiting for an answer');
  check(await ent.locator('.hidden-contacts').count() === 1, 'contacts are not hidden before the answer');
  check(!(await ent.textContent('main')).includes('13900000002'), 'the other side\'s phone shows before accept');
  await shots(ent, 'interest-sent');

  step('… and marks another 不合适 with a reason; it leaves the list');
  await ent.goto(base + '/me');
  await hit('ach-uestc-04').locator('details.dismiss-form summary').click();
  await hit('ach-uestc-04').locator('select[name="reason"]').selectOption('immature');
  await hit('ach-uestc-04').locator('textarea[name="note"]').fill('定位精度还需要实测数据支撑');
  await shots(ent, 'dismiss-form');
  await Promise.all([ent.waitForURL(base + '/me'), hit('ach-uestc-04').locator('details.dismiss-form button').click()]);
  check(await hit('ach-uestc-04').count() === 0, 'the dismissed achievement is still among dem-01\'s matches');
  check((await ent.textContent('.my-dismissals')).includes('定位精度还需要实测数据支撑'), '/me does not list the dismissal');
  await shots(ent, 'me-after-dismissal');

  step('the university sees the waiting interest and accepts it');
  await signIn(uni, 'uestc', 'uestc-pass-123');
  await uni.goto(base + '/me');
  check((await uni.textContent('.my-interests')).includes('1 条意向等待您回复'), 'the dashboard does not count the waiting interest');
  await uni.click('.my-interests a[href="/me/interests"]');
  await shots(uni, 'my-interests');
  await uni.click('a.open');
  check(uni.url() === interestUrl, 'the interest list does not lead to the interest');
  check((await uni.textContent('.thread')).includes('授权条件'), 'the message is not in the thread');
  await Promise.all([uni.waitForURL(interestUrl), uni.click('#btn-accept')]);
  check((await uni.textContent('.f-status')).trim() === '已接受', 'the interest is not accepted');

  step('both see each other\'s contacts');
  check((await uni.textContent('.contacts')).includes('13800000001'), 'the university does not see the enterprise\'s phone');
  await ent.goto(interestUrl);
  check((await ent.textContent('.contacts')).includes('13900000002'), 'the enterprise does not see the university\'s phone');
  check((await ent.textContent('.contacts')).includes('li@example.com'), 'the enterprise does not see the e-mail');
  await shots(ent, 'interest-accepted');

  step('the university proposes a project, the enterprise confirms it');
  await uni.goto(interestUrl);
  await Promise.all([uni.waitForURL(interestUrl), uni.click('#btn-propose')]);
  check((await uni.textContent('.propose')).includes('等待对方确认'), 'the proposer is not told to wait');
  await ent.goto(interestUrl);
  await Promise.all([ent.waitForURL(/\/projects\/proj-int-\d+$/), ent.click('#btn-confirm')]);
  const projectUrl = ent.url();
  check((await ent.textContent('.stages [aria-current="step"]')).trim() === '初步接洽', 'the project does not start at contact');
  await Promise.all([ent.waitForURL(projectUrl), ent.click('#advance')]);        // contact → talks
  check((await ent.textContent('.stages [aria-current="step"]')).trim() === '洽谈中', 'the project is not at talks');

  step('signing takes both: the enterprise proposes, the university confirms');
  await ent.selectOption('#p-to', 'signed');
  await ent.fill('#p-signed_on', '2026-12-01');
  await ent.selectOption('#p-mode', 'license');
  await ent.fill('#p-agreement', '《高速ADC IP许可合同》');
  await Promise.all([ent.waitForURL(projectUrl), ent.click('#advance')]);
  check((await ent.textContent('.stages [aria-current="step"]')).trim() === '洽谈中', 'one party alone signed');
  check((await ent.textContent('.sign-pending')).includes('等待另一方确认'), 'no pending-signing notice');
  await shots(ent, 'sign-proposed');
  await uni.goto(projectUrl);
  check((await uni.inputValue('#p-agreement')) === '《高速ADC IP许可合同》', 'the proposed terms are not filled in');
  await uni.selectOption('#p-to', 'signed');
  await Promise.all([uni.waitForURL(projectUrl), uni.click('#advance')]);
  check((await uni.textContent('.stages [aria-current="step"]')).trim() === '已签约', 'the project is not signed after both');
  await shots(uni, 'project-signed');

  step('the university sees the reason given on its achievement');
  await uni.goto(base + '/achievements/ach-uestc-04');
  const fb = await uni.textContent('.feedback');
  check(fb.includes('技术尚不成熟：1'), 'the reason is not counted on the achievement');
  check(fb.includes('定位精度还需要实测数据支撑'), 'the note is not shown');
  check(!fb.includes('xsy') && !fb.includes('新思源'), 'the feedback says who');
  await shots(uni, 'achievement-feedback');
  await uni.goto(base + '/me');
  check((await uni.textContent('.my-feedback')).includes('技术尚不成熟'), '/me does not show the feedback');

  if (problems.length) throw new Error(problems.join('\n'));
  console.log('e2e interest: all passed (screenshots in tests/e2e/artifacts/)');
} catch (err) {
  console.error('e2e interest FAILED:', err.message);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}

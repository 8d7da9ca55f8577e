// tests/e2e/run.mjs — browser test with playwright-core and Debian's chromium:
// an enterprise user signs in, publishes a demand, sees it listed (also on a
// phone-sized screen), signs out. Any console error or page error fails the
// test. Screenshots go to tests/e2e/artifacts/ (gitignored).
// Run: QIAO=build/qiao node tests/e2e/run.mjs   (make e2e)
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';


const { tmp, base, server } = await startQiao([['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123']]);

const problems = [];
const step = (s) => console.log(`  - ${s}`);
let browser;
try {
  browser = await launchChromium();
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  // The one console message tolerated: chromium reports the 422 answer of the
  // form sent with a mistake on purpose (the page that shows the field errors).
  let expect422 = false;
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (expect422 && /status of 422/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });

  step('home page');
  await page.goto(base + '/');
  await page.screenshot({ path: `${art}/01-home.png`, fullPage: true });

  step('sign in');
  await page.click('a[href="/login"]');
  await page.fill('#login', 'xsy');
  await page.fill('#password', 'xsy-pass-123');
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
  const who = await page.textContent('.who');
  if (who !== 'xsy') throw new Error(`signed-in name shows '${who}'`);
  await page.screenshot({ path: `${art}/02-signed-in.png`, fullPage: true });

  step('publish a demand (first with a mistake, then corrected)');
  await page.goto(base + '/demands');
  await page.click('#new');
  const title = '端侧语音识别芯片低功耗方案（浏览器测试）';
  if (await page.locator('#f-id').count()) throw new Error('the form asks for an id');
  await page.fill('#f-title', title);
  await page.fill('#f-description', '需要一套待机功耗低于1mW的离线语音唤醒与识别方案。');
  await page.fill('#f-keywords', '语音识别，低功耗');
  await page.fill('#f-budget', '三十万');
  await page.check('input[name="modes"][value="cooperate"]');
  expect422 = true;
  await page.click('#submit');
  await page.waitForSelector('#err-budget');
  expect422 = false;
  const err = await page.textContent('#err-budget');
  if (!err || !err.includes('预算应为金额')) throw new Error(`the budget's error is not in Chinese: '${err}'`);
  if ((await page.inputValue('#f-budget')) !== '三十万') throw new Error('what was typed in the budget is lost');
  await page.screenshot({ path: `${art}/03-form-error.png`, fullPage: true });
  await page.fill('#f-budget', '30万');
  await Promise.all([page.waitForURL(/\/demands\/dem-\d{4}-\d{6}$/), page.click('#submit')]);
  const demUrl = new URL(page.url()).pathname;
  if (!(await page.textContent('.f-budget')).includes('30 万元')) throw new Error('the budget is not shown as 30 万元');
  if ((await page.textContent('h1')) !== title) throw new Error('the demand page shows another title');
  await page.screenshot({ path: `${art}/04-demand.png`, fullPage: true });

  step('see it listed');
  await page.goto(base + '/demands');
  const listed = await page.locator(`.records a[href="${demUrl}"]`).count();
  if (listed !== 1) throw new Error('the new demand is not in the list');
  await page.screenshot({ path: `${art}/05-list.png`, fullPage: true });

  step('search for it, on a phone-sized screen');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.fill('form.search input[name="q"]', '语音识别');
  await Promise.all([page.waitForURL(/q=/), page.click('form.search button')]);
  if ((await page.locator('.records li').count()) < 1) throw new Error('search found nothing');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push('the list page scrolls sideways on a phone');
  await page.screenshot({ path: `${art}/06-phone-search.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  step('sign out');
  await Promise.all([page.waitForURL(base + '/'), page.click('nav form button')]);
  if ((await page.locator('a[href="/login"]').count()) !== 1) throw new Error('still signed in');
  await page.goto(base + '/demands/new');
  if (!page.url().startsWith(base + '/login')) throw new Error('the form is reachable signed out');
  await page.screenshot({ path: `${art}/07-signed-out.png`, fullPage: true });
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

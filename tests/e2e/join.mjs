// tests/e2e/join.mjs — joining, in a browser: a new enterprise applies on a
// phone-sized screen (first with a wrong credit code: the message shows
// beside the field), follows its status link; staff approve it in the review
// queue; the enterprise signs in with the account it chose, publishes a
// demand with the existing form and sees its matches on the demand's page.
// Any console or page error fails it (except the 422 of the mistake made on
// purpose). Screenshots at 1280 and 390 px in tests/e2e/artifacts/.
// Run: QIAO=build/qiao node tests/e2e/join.mjs   (make e2e)
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';

const { tmp, base, server } = await startQiao([['staff', 'staff', null, 'staff-pass-12']], 'qiao-e2e-join-');

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser, expect4xx = false;

async function newPage(opts) {
  const ctx = await browser.newContext({ locale: 'zh-CN', ...opts });
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (expect4xx && /status of 4\d\d/.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  return page;
}
async function noSideScroll(page, what) {
  const over = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (over) problems.push(`${what} scrolls sideways on a phone`);
}
async function signIn(page, login, password) {
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
}

try {
  browser = await launchChromium();
  const name = '成都浏览器测试微电子有限公司';
  let statusUrl;

  step('1. a new enterprise applies (phone-sized screen)');
  {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(base + '/');
    await Promise.all([page.waitForURL(base + '/join'), page.click('#join-link')]);
    await page.fill('#f-name', name);
    await page.selectOption('#f-type', 'enterprise');
    await page.fill('#f-credit_code', '91510107MA6CA1B2C4');   // last character wrong
    await page.fill('#f-region', '成都市高新区');
    await page.fill('#f-contact_name', '陈浏览');
    await page.fill('#f-contact_phone', '13812345678');
    await page.fill('#f-contact_email', 'chen@example.cn');
    await page.fill('#f-login', 'e2e-chip');
    await page.fill('#f-password', 'e2e-pass-word');
    await page.fill('#f-password2', 'e2e-pass-word');
    await noSideScroll(page, 'the application form');
    await page.screenshot({ path: `${art}/join-01-form-390.png`, fullPage: true });
    expect4xx = true;
    await page.click('#submit');
    await page.waitForSelector('#err-credit_code');
    expect4xx = false;
    check((await page.textContent('#err-credit_code')).includes('校验位'),
      'the wrong check character is not explained beside the field');
    check(await page.inputValue('#f-name') === name, 'the form lost the name typed');
    await page.screenshot({ path: `${art}/join-02-error-390.png`, fullPage: true });
    await page.fill('#f-credit_code', '91510107ma6ca1b2c5');   // right, in lower case
    await page.fill('#f-password', 'e2e-pass-word');
    await page.fill('#f-password2', 'e2e-pass-word');
    await Promise.all([page.waitForURL(/\/join\/status\/[0-9a-f]{64}/), page.click('#submit')]);
    statusUrl = page.url().replace(/\?.*/, '');
    check((await page.textContent('#status')).includes('审核中'), 'the status page does not say 审核中');
    await page.screenshot({ path: `${art}/join-03-submitted-390.png`, fullPage: true });
    await page.context().close();
  }

  step('2. staff approve it in the review queue (1280 px)');
  {
    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'staff', 'staff-pass-12');
    await page.click('a[href="/admin/applications"]');
    const item = page.locator('li.application.pending', { hasText: name });
    check(await item.count() === 1, 'the application is not in the queue');
    check((await item.textContent()).includes('91510107MA6CA1B2C5'), 'the queue does not show the credit code');
    await page.screenshot({ path: `${art}/join-04-queue-1280.png`, fullPage: true });
    await Promise.all([page.waitForURL(/done=approved/), item.locator('button[id^="approve-"]').click()]);
    check(await page.locator('#done').count() === 1, 'no confirmation after approving');
    check(await page.locator('li.application.approved', { hasText: name }).count() === 1,
      'the application is not shown as approved');
    await page.screenshot({ path: `${art}/join-05-approved-1280.png`, fullPage: true });
    await page.context().close();
  }

  step('3. the applicant sees the result on the status link');
  {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(statusUrl);
    check((await page.textContent('#status')).includes('已通过'), 'the status page does not say 已通过');
    await page.screenshot({ path: `${art}/join-06-status-390.png`, fullPage: true });
    await page.context().close();
  }

  step('4. the enterprise signs in, publishes a demand and sees its matches');
  {
    const page = await newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, 'e2e-chip', 'e2e-pass-word');
    check(await page.textContent('.who') === 'e2e-chip', 'not signed in as e2e-chip');
    await page.goto(base + '/demands/new');
    const title = '高速高精度模数转换（ADC）芯片国产化替代';
    if (await page.locator('#f-id').count()) await page.fill('#f-id', 'e2e-join-dem');
    await page.fill('#f-title', title);
    await page.fill('#f-description', '我司通信设备需要12位以上、采样率1GSPS以上的高速模数转换芯片，寻求国产替代方案与联合研发。');
    await page.fill('#f-keywords', '模数转换; ADC; 芯片');
    await page.fill('#f-budget', '2000000');
    await page.check('input[name="modes"][value="cooperate"]');
    await Promise.all([page.waitForURL(/\/demands\/[^/]+$/), page.click('#submit')]);
    check(await page.textContent('h1') === title, 'the demand page shows another title');
    const matches = page.locator('section.matches ol.records li');
    check(await matches.count() >= 1, 'the new demand has no matches on its page');
    check(await page.locator('section.matches a[href="/achievements/ach-uestc-02"]').count() === 1,
      'the ADC achievement ach-uestc-02 is not among the matches');
    await page.screenshot({ path: `${art}/join-07-demand-matches-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await noSideScroll(page, 'the demand page');
    await page.screenshot({ path: `${art}/join-08-demand-matches-390.png`, fullPage: true });
    await page.context().close();
  }
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length) {
  console.error('join e2e FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('join e2e: all passed (screenshots in tests/e2e/artifacts/)');

// tests/e2e/journeys.mjs — browser journeys over the demo data (playwright-core
// and Debian's chromium, as run.mjs):
//   1. a university user publishes an achievement and finds a matching demand
//      among its matches;
//   2. a visitor searches in traditional script (模數轉換) and finds the
//      simplified records;
//   3. staff open /stats and see the charts;
//   4. a party advances a demo project to signed (a proposal until the other
//      party confirms); it shows on the dashboard and in /stats.
// Any console error, page error or 5xx fails the test. Screenshots go to
// tests/e2e/artifacts/ (gitignored).  Run: QIAO=build/qiao node tests/e2e/journeys.mjs
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';

const users = [
  ['uestc', 'university', 'uestc-ic', 'uestc-pass-123'],
  ['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123'],
  ['staff', 'staff', null, 'staff-pass-123'],
];

const { tmp, base, server } = await startQiao(users);

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

// A fresh browser context (its own cookies) with the error listeners.
async function newPage(opts = {}) {
  const ctx = await browser.newContext({ locale: 'zh-CN', ...opts });
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
  check((await page.textContent('.who')) === login, `${login} is not shown as signed in`);
}

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push(`${what} scrolls sideways on a phone`);
}

async function projectsSigned(page) {
  await page.goto(base + '/stats');
  return Number((await page.textContent('#fig-projects_signed td.num')).trim());
}

try {
  browser = await launchChromium();

  step('1. a university user publishes an achievement and finds a matching demand');
  {
    const page = await newPage();
    await signIn(page, 'uestc', 'uestc-pass-123');
    await page.goto(base + '/achievements/new');
    await page.fill('#f-title', '12位1GSPS高速模数转换器IP（浏览器测试）');
    await page.fill('#f-summary', '时间交织结构的高速ADC，带后台数字校准，可提供IP授权，适合宽带接收机芯片。');
    await page.fill('#f-keywords', '模数转换\nADC\n高速采样\nIP授权');
    await page.fill('#f-chains', '集成电路');
    await page.selectOption('#f-trl', '5');
    await page.check('input[name="modes"][value="license"]');
    await Promise.all([page.waitForURL(/\/achievements\/ach-\d{4}-\d{6}$/), page.click('#submit')]);
    const achPath = new URL(page.url()).pathname;
    const hit = page.locator('.matches a[href="/demands/dem-01"]');
    check(await hit.count() === 1, 'the ADC demand dem-01 is not among the new achievement\'s matches');
    check(await page.locator('.matches details.interest-form summary').count() > 0,
      'no 有意向 / 联系对方 button on the owner\'s matches');
    check(await page.locator('.matches form.start').count() === 0,
      'the owner can still start a project alone from a match');
    await page.screenshot({ path: `${art}/j1-achievement-matches.png`, fullPage: true });
    await page.goto(base + '/me');
    check(await page.locator(`.mine-achievements a[href="${achPath}"]`).count() === 1,
      'the new achievement is not on the dashboard');
    await page.screenshot({ path: `${art}/j1-dashboard.png`, fullPage: true });
    await page.context().close();
  }

  step('2. a visitor searches in traditional script and finds simplified records');
  {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(base + '/');
    await page.fill('form.search input[name="q"]', '模數轉換');
    await Promise.all([page.waitForURL(/q=/), page.click('form.search button')]);
    check(await page.locator('.records a[href="/achievements/ach-uestc-02"]').count() === 1,
      '模數轉換 does not find 超高速模数转换芯片 (ach-uestc-02)');
    await noSideScroll(page, 'the search result');
    await page.screenshot({ path: `${art}/j2-traditional-search.png`, fullPage: true });
    await page.goto(base + '/demands?q=' + encodeURIComponent('模數轉換'));
    check(await page.locator('.records a[href="/demands/dem-01"]').count() === 1,
      '模數轉換 does not find the ADC demand dem-01');
    step('   … and the 繁體 switch shows the page in traditional script');
    await page.click('a.zh');
    check((await page.textContent('h1')).includes('技術需求'), 'the 繁體 page is not converted');
    await page.screenshot({ path: `${art}/j2-hant.png`, fullPage: true });
    await page.context().close();
  }

  step('3. staff open /stats and see the charts');
  let signedBefore;
  {
    const page = await newPage();
    await signIn(page, 'staff', 'staff-pass-123');
    signedBefore = await projectsSigned(page);
    for (const id of ['chart-monthly', 'chart-chain', 'chart-zone', 'chart-funnel']) {
      const svg = page.locator(`svg[aria-labelledby="${id}-t ${id}-d"]`);
      check(await svg.count() === 1, `no chart ${id}`);
      check(await svg.isVisible(), `chart ${id} is not visible`);
      const box = await svg.boundingBox();
      check(box && box.width > 200 && box.height > 50, `chart ${id} is too small: ${JSON.stringify(box)}`);
    }
    check(await page.locator('#chart-monthly-t').textContent() === '月度趋势', 'the trend chart has no title');
    check(await page.locator('svg circle').count() > 0, 'the trend chart draws no points');
    await page.screenshot({ path: `${art}/j3-stats.png`, fullPage: true });
    await page.fill('input[name="from"]', '2023-03-01');
    await page.fill('input[name="to"]', '2023-03-31');
    await Promise.all([page.waitForURL(/from=2023-03-01/), page.click('#filter')]);
    check((await page.textContent('#fig-events_held td.num')).trim() === '2', 'March 2023 does not show 2 events');
    await page.setViewportSize({ width: 390, height: 844 });
    await noSideScroll(page, '/stats');
    await page.screenshot({ path: `${art}/j3-stats-phone.png`, fullPage: true });
    await page.context().close();
  }

  step('4. a party advances a demo project to signed; it shows on the dashboard and in /stats');
  {
    const page = await newPage();
    await signIn(page, 'xsy', 'xsy-pass-123');
    await page.goto(base + '/me');
    await page.click('.my-projects a[href="/projects/proj-adc-xinsiyuan"]');
    check((await page.textContent('.stages [aria-current="step"]')).trim() === '洽谈中', 'the project is not at talks');
    await page.selectOption('#p-to', 'signed');
    await page.fill('#p-signed_on', '2023-05-20');
    await page.selectOption('#p-mode', 'license');
    await page.fill('#p-agreement', '《超高速模数转换芯片IP许可合同》');
    await page.fill('#p-amount', '1200000');
    await page.fill('#p-note', '浏览器测试签约');
    await Promise.all([page.waitForURL(base + '/projects/proj-adc-xinsiyuan'), page.click('#advance')]);
    step('   … one party\'s signing is a proposal; the other party confirms it');
    check((await page.textContent('.stages [aria-current="step"]')).trim() === '洽谈中',
      'one party alone signed the project');
    check((await page.textContent('.sign-pending')).includes('等待另一方确认'), 'no pending-signing notice');
    const other = await newPage();
    await signIn(other, 'uestc', 'uestc-pass-123');
    await other.goto(base + '/projects/proj-adc-xinsiyuan');
    check((await other.inputValue('#p-agreement')) === '《超高速模数转换芯片IP许可合同》',
      'the proposed terms are not filled in for the other party');
    await other.selectOption('#p-to', 'signed');
    await Promise.all([other.waitForURL(base + '/projects/proj-adc-xinsiyuan'), other.click('#advance')]);
    await other.context().close();
    await page.reload();
    check((await page.textContent('.stages [aria-current="step"]')).trim() === '已签约', 'the project is not signed');
    check((await page.textContent('table.history')).includes('xsy'), 'the history does not name xsy');
    check((await page.textContent('table.history')).includes('uestc'), 'the history does not name uestc');
    await page.screenshot({ path: `${art}/j4-project-signed.png`, fullPage: true });
    await page.goto(base + '/me');
    const item = page.locator('.my-projects li', { has: page.locator('a[href="/projects/proj-adc-xinsiyuan"]') });
    check((await item.textContent()).includes('已签约'), 'the dashboard does not show the project as signed');
    await page.screenshot({ path: `${art}/j4-dashboard.png`, fullPage: true });
    await page.context().close();

    const staff = await newPage();
    await signIn(staff, 'staff', 'staff-pass-123');
    const after = await projectsSigned(staff);
    check(after === signedBefore + 1, `/stats shows ${after} signed projects, expected ${signedBefore + 1}`);
    check((await staff.textContent('#fig-contract_amount td.num')).trim() === String(300000 + 1200000),
      'the contract amount does not include the new agreement');
    await staff.screenshot({ path: `${art}/j4-stats.png`, fullPage: true });
    await staff.context().close();
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
  console.error('e2e journeys FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e journeys: all passed (screenshots in tests/e2e/artifacts/)');

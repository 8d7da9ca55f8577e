// tests/e2e/zh.mjs — the 简/繁 switch in a browser (issue #15), at 1280 and at
// 390 pixels wide: an enterprise user opens the form that publishes a demand,
// switches to 繁體 (the link in the page header), sends the form with a
// mistake and reads the field's message in traditional script beside the
// field, with what was typed kept as typed; corrects it and publishes; the
// store holds the text as typed (not converted); a 404 (a record that does not
// exist) and a 403 (a page for staff) read in traditional script; switching
// back gives simplified pages again. Any console error (other than the
// statuses asked for), page error or 5xx fails the test. Screenshots go to
// tests/e2e/artifacts/.  Run: QIAO=build/qiao node tests/e2e/zh.mjs
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { art, qiao, startQiao, launchChromium } from './lib.mjs';

const { tmp, db, base, server } = await startQiao([['xsy', 'enterprise', 'xinsiyuan', 'xsy-pass-123']]);

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

// the statuses this journey asks for on purpose; chromium logs them as console errors
const expected = /status of (403|404|422)/;
async function newPage(width) {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width, height: width < 600 ? 844 : 800 } });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error' && !expected.test(m.text())) problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  return page;
}

async function noSideScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push(`${what} scrolls sideways at ${page.viewportSize().width} px`);
}

// The demand as the store holds it (qiao export), by id.
function stored(id) {
  const out = execFileSync(qiao, ['export', '--db', db, '--kind', 'demand'], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === id);
}

try {
  browser = await launchChromium();
  for (const width of [1280, 390]) {
    const tag = `zh-${width}`;
    step(`at ${width} px: sign in, open the demand form`);
    const page = await newPage(width);
    await page.goto(base + '/login');
    await page.fill('#login', 'xsy');
    await page.fill('#password', 'xsy-pass-123');
    await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
    await page.goto(base + '/demands/new');
    check((await page.textContent('h1')).startsWith('发布'),
      `the form's heading is not simplified: ${await page.textContent('h1')}`);
    check((await page.textContent('a.zh')).trim() === '繁體', 'no 繁體 switch in the header');

    step('   switch to 繁體 on the form');
    await Promise.all([page.waitForURL(base + '/demands/new'), page.click('a.zh')]);
    check((await page.textContent('h1')).startsWith('發佈'), `the heading is not traditional: ${await page.textContent('h1')}`);
    check((await page.textContent('label[for="f-budget"]')).includes('預算'), 'the budget label is not traditional');
    check((await page.textContent('a.zh')).trim() === '簡體', 'the switch does not offer 簡體 back');
    await noSideScroll(page, 'the 繁體 form');
    await page.screenshot({ path: `${art}/${tag}-form.png`, fullPage: true });

    step('   send it with a mistake: the message in traditional script, beside the field');
    const title = `离线语音唤醒芯片低功耗方案（繁体测试 ${width}）`;
    const description = '需要一套待机功耗低于1mW的离线语音唤醒与识别方案，支持国产工艺。';
    await page.fill('#f-title', title);
    await page.fill('#f-description', description);
    await page.fill('#f-keywords', '语音识别，低功耗');
    await page.fill('#f-budget', '三十万');
    await page.check('input[name="modes"][value="cooperate"]');
    const [resp] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('#submit')]);
    check(resp.status() === 422, `the form with a mistake answered ${resp.status()}`);
    await page.waitForSelector('#err-budget');
    const err = (await page.textContent('#err-budget')).trim();
    check(/預算應[為爲]金額/.test(err), `the budget's message is not traditional: '${err}'`);
    check(!/[预应为额]/.test(err), `simplified characters left in the message: '${err}'`);
    check(!/[A-Za-z]{3,}/.test(err), `English in the message: '${err}'`);
    const fb = await page.locator('#f-budget').boundingBox(), eb = await page.locator('#err-budget').boundingBox();
    check(fb && eb && Math.abs(eb.y - (fb.y + fb.height)) < 80 && Math.abs(eb.x - fb.x) < width / 2,
      `the message is not beside the field: field ${JSON.stringify(fb)}, message ${JSON.stringify(eb)}`);
    check((await page.inputValue('#f-title')) === title, `the title is not kept as typed: '${await page.inputValue('#f-title')}'`);
    check((await page.inputValue('#f-description')) === description, 'the description is not kept as typed');
    check((await page.inputValue('#f-budget')) === '三十万', 'the budget is not kept as typed');
    check((await page.textContent('h1')).startsWith('發佈'), 'the refused form is not traditional');
    await noSideScroll(page, 'the refused 繁體 form');
    await page.screenshot({ path: `${art}/${tag}-form-error.png`, fullPage: true });

    step('   corrected and published: the store holds the text as typed');
    await page.fill('#f-budget', '30万');
    await Promise.all([page.waitForURL(/\/demands\/dem-\d{4}-\d{6}$/), page.click('#submit')]);
    const id = new URL(page.url()).pathname.split('/').pop();
    check((await page.textContent('.f-budget')).includes('30 萬元'), 'the budget is not shown as 30 萬元');
    const rec = stored(id);
    check(rec, `the demand ${id} is not in the store`);
    check(rec.title === title, `the stored title was changed: '${rec.title}'`);
    check(rec.description === description, `the stored description was changed: '${rec.description}'`);
    check(rec.budget === 300000, `the stored budget is ${rec.budget}`);
    await page.screenshot({ path: `${art}/${tag}-demand.png`, fullPage: true });

    step('   a record that does not exist: 404 in traditional script');
    const r404 = await page.goto(base + '/demands/dem-2026-999999');
    check(r404.status() === 404, `a missing record answered ${r404.status()}`);
    check((await page.textContent('h1')).includes('找不到頁面'), `the 404 page is not traditional: ${await page.textContent('h1')}`);
    check((await page.textContent('main')).includes('鏈接有誤'), 'the 404 explanation is not traditional');
    await noSideScroll(page, 'the 404 page');
    await page.screenshot({ path: `${art}/${tag}-404.png`, fullPage: true });

    step('   a page for staff: 403 in traditional script');
    const r403 = await page.goto(base + '/stats');
    check(r403.status() === 403, `/stats for an enterprise answered ${r403.status()}`);
    check((await page.textContent('h1')).includes('沒有權限'), `the 403 page is not traditional: ${await page.textContent('h1')}`);
    await noSideScroll(page, 'the 403 page');
    await page.screenshot({ path: `${art}/${tag}-403.png`, fullPage: true });

    step('   switch back to 简体');
    await Promise.all([page.waitForURL(base + '/stats'), page.click('a.zh')]);
    check((await page.textContent('h1')).includes('没有权限'), `the 403 page is not simplified again: ${await page.textContent('h1')}`);
    await page.goto(base + '/demands/new');
    check((await page.textContent('label[for="f-budget"]')).includes('预算'), 'the form is not simplified again');
    check((await page.textContent('a.zh')).trim() === '繁體', 'the switch does not offer 繁體 again');
    await page.screenshot({ path: `${art}/${tag}-back.png`, fullPage: true });
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
  console.error('e2e zh FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e zh: all passed (screenshots in tests/e2e/artifacts/)');

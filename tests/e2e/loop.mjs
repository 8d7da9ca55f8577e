// tests/e2e/loop.mjs — the whole loop of issue #14 by one NEW enterprise, in a
// browser (playwright-core and Debian's chromium, as journeys.mjs): it applies
// to join (申请入驻) with a valid 统一社会信用代码; staff approve; it signs in
// with the account it chose and publishes a demand as a person fills the form
// (50万, keywords separated by 、, no id); its demand's page lists matches with
// their reasons and match levels; it expresses interest in one achievement and
// marks another 不合适 with a reason. The university that owns both (demo
// account uestc) sees the notification, accepts; both see each other's
// contacts (the enterprise's are those of its application); the university
// proposes a project, the enterprise confirms it; signing takes both; the
// university sees the reason given on its other achievement. Each step checks
// what the person sees; screenshots at 1280 and 390 px (no sideways scrolling
// at 390) in tests/e2e/artifacts/loop-*.png. Any console error, page error or
// 5xx fails the test.   Run: QIAO=build/qiao node tests/e2e/loop.mjs
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';

const { tmp, db, base, server } = await startQiao([
  ['staff', 'staff', null, 'staff-pass-123'],
  ['uestc', 'university', 'uestc-ic', 'uestc-pass-123'],
], 'qiao-e2e-loop-');
execFileSync('sqlite3', [db, "UPDATE users SET name = '李老师', phone = '13900000002', email = 'li@uestc.example' WHERE login = 'uestc'"]);

const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

async function newPage() {
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
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

// The page at 1280 and at 390 px (no sideways scrolling there), back to 1280.
async function shots(page, name) {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: `${art}/loop-${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) problems.push(`${name} scrolls sideways at 390 px`);
  await page.screenshot({ path: `${art}/loop-${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const stage = async (page) => (await page.textContent('.stages [aria-current="step"]')).trim();

try {
  browser = await launchChromium();
  const orgName = '成都闭环测试通信技术有限公司';
  const login = 'loop-ent', password = 'loop-pass-word';
  const ent = await newPage();
  const staff = await newPage();
  const uni = await newPage();

  step('1. a new enterprise applies to join (申请入驻)');
  await ent.goto(base + '/');
  await Promise.all([ent.waitForURL(base + '/join'), ent.click('#join-link')]);
  check(await ent.locator('#f-id, input[name="id"]').count() === 0, 'the application asks for an id');
  await ent.fill('#f-name', orgName);
  await ent.selectOption('#f-type', 'enterprise');
  await ent.fill('#f-credit_code', '91510107MA6CA1B2C5');
  await ent.fill('#f-region', '成都市高新区');
  await ent.fill('#f-contact_name', '陈经理');
  await ent.fill('#f-contact_phone', '13812345678');
  await ent.fill('#f-contact_email', 'chen@loop.example');
  await ent.fill('#f-login', login);
  await ent.fill('#f-password', password);
  await ent.fill('#f-password2', password);
  await shots(ent, '01-apply');
  await Promise.all([ent.waitForURL(/\/join\/status\/[0-9a-f]{64}/), ent.click('#submit')]);
  const statusUrl = ent.url().replace(/\?.*/, '');
  check((await ent.textContent('#status')).includes('审核中'), 'the status page does not say 审核中');
  await shots(ent, '02-submitted');

  step('2. staff approve it');
  await signIn(staff, 'staff', 'staff-pass-123');
  await staff.click('a[href="/admin/applications"]');
  const item = staff.locator('li.application.pending', { hasText: orgName });
  check(await item.count() === 1, 'the application is not in the review queue');
  check((await item.textContent()).includes('91510107MA6CA1B2C5'), 'the queue does not show the credit code');
  await Promise.all([staff.waitForURL(/done=approved/), item.locator('button[id^="approve-"]').click()]);
  check(await staff.locator('li.application.approved', { hasText: orgName }).count() === 1, 'not shown as approved');
  await shots(staff, '03-approved');
  await ent.goto(statusUrl);
  check((await ent.textContent('#status')).includes('已通过'), 'the applicant\'s status page does not say 已通过');

  step('3. it signs in and publishes a demand as a person fills the form');
  await signIn(ent, login, password);
  await ent.goto(base + '/demands/new');
  check(await ent.locator('#f-id').count() === 0, 'the demand form asks for an id');
  const title = '高速模数转换与毫米波雷达前端芯片国产化合作';
  await ent.fill('#f-title', title);
  await ent.fill('#f-description', '我司研制车载与通信设备，需要12位以上、1GSPS以上的高速模数转换（ADC）芯片，' +
    '以及77GHz毫米波雷达收发前端芯片，寻求高校成果许可或联合研发。');
  await ent.fill('#f-keywords', '模数转换、ADC、毫米波、雷达');
  await ent.fill('#f-budget', '50万');
  await ent.check('input[name="modes"][value="cooperate"]');
  await ent.check('input[name="modes"][value="license"]');
  await shots(ent, '04-demand-form');
  await Promise.all([ent.waitForURL(/\/demands\/dem-\d{4}-\d{6}$/), ent.click('#submit')]);
  const demandUrl = ent.url();
  check((await ent.textContent('h1')) === title, 'the demand page shows another title');
  check((await ent.textContent('.f-budget')).includes('50 万元'), 'the budget is not shown as 50 万元');

  step('4. its demand\'s page lists matches with reasons and levels');
  const hit = (id) => ent.locator('section.matches ol.records > li', { has: ent.locator(`a[href="/achievements/${id}"]`) });
  check(await hit('ach-uestc-02').count() === 1, 'the ADC achievement ach-uestc-02 is not among the matches');
  check(await hit('ach-uestc-06').count() === 1, 'the radar achievement ach-uestc-06 is not among the matches');
  for (const id of ['ach-uestc-02', 'ach-uestc-06']) {
    const lvl = (await hit(id).locator('.level').textContent()).trim();
    check(/^匹配程度：[高中低]（\d{1,3}\/100）$/.test(lvl), `${id}'s level reads '${lvl}'`);
    const why = (await hit(id).locator('.why').textContent()).trim();
    check(why.length > 4 && !/[A-Za-z]{4,}/.test(why.replace(/ADC|GHz|CMOS/g, '')), `${id}'s reasons read '${why}'`);
  }
  check((await hit('ach-uestc-02').locator('.why').textContent()).includes('模数转换'), 'the ADC match does not name the shared word 模数转换');
  await shots(ent, '05-matches');

  step('5. it expresses interest in one achievement');
  await hit('ach-uestc-02').locator('details.interest-form summary').click();
  await hit('ach-uestc-02').locator('textarea[name="message"]').fill('我们想了解这项 ADC 成果的许可条件和样片测试数据。');
  await Promise.all([ent.waitForURL(/\/interests\/\d+$/), hit('ach-uestc-02').locator('details.interest-form button').click()]);
  const interestUrl = ent.url();
  check((await ent.textContent('.f-status')).trim() === '待回复', 'the interest is not waiting for an answer');
  check(!(await ent.textContent('main')).includes('13900000002'), 'the university\'s phone shows before it accepts');
  await shots(ent, '06-interest-sent');

  step('6. … and marks another 不合适 with a reason');
  await ent.goto(demandUrl);
  await hit('ach-uestc-06').locator('details.dismiss-form summary').click();
  await hit('ach-uestc-06').locator('select[name="reason"]').selectOption('immature');
  await hit('ach-uestc-06').locator('textarea[name="note"]').fill('需要车规级可靠性数据，目前还在样片阶段');
  await Promise.all([ent.waitForNavigation(), hit('ach-uestc-06').locator('details.dismiss-form button').click()]);
  await ent.goto(demandUrl);
  check(await hit('ach-uestc-06').count() === 0, 'the dismissed achievement is still among the matches');
  check(await hit('ach-uestc-02').count() === 1, 'the other match left too');
  await shots(ent, '07-after-dismissal');

  step('7. the university sees the notification and accepts');
  await signIn(uni, 'uestc', 'uestc-pass-123');
  const badge = (await uni.locator('header a.notices').textContent()).trim();
  check(/[1-9]/.test(badge), `the header shows no unread notification: '${badge}'`);
  await Promise.all([uni.waitForURL(base + '/me/notifications'), uni.click('header a.notices')]);
  const notice = uni.locator('ul.notices li.unread', { hasText: '意向' }).first();
  check(await notice.count() === 1, 'no unread notification of the interest');
  const said = await notice.textContent();
  check(said.includes(orgName) && said.includes('超高速模数转换芯片') && said.includes('许可条件'),
    `the notification does not name the enterprise, the achievement and the message: ${said}`);
  await shots(uni, '08-notification');
  await Promise.all([uni.waitForURL(interestUrl), notice.locator('a').first().click()]);
  check((await uni.textContent('.thread')).includes('许可条件'), 'the message is not in the thread');
  check(!(await uni.textContent('main')).includes('13812345678'), 'the enterprise\'s phone shows before accepting');
  await Promise.all([uni.waitForURL(interestUrl), uni.click('#btn-accept')]);
  check((await uni.textContent('.f-status')).trim() === '已接受', 'the interest is not accepted');

  step('8. both see each other\'s contacts');
  const uc = await uni.textContent('.contacts');
  check(uc.includes('13812345678') && uc.includes('chen@loop.example'), `the university does not see the applicant's contacts: ${uc}`);
  await shots(uni, '09-contacts-university');
  await ent.goto(interestUrl);
  const ec = await ent.textContent('.contacts');
  check(ec.includes('13900000002') && ec.includes('li@uestc.example'), `the enterprise does not see the university's contacts: ${ec}`);
  await shots(ent, '10-contacts-enterprise');

  step('9. the university proposes a project, the enterprise confirms it');
  await uni.goto(interestUrl);
  await Promise.all([uni.waitForURL(interestUrl), uni.click('#btn-propose')]);
  check((await uni.textContent('.propose')).includes('等待对方确认'), 'the proposer is not told to wait');
  await ent.goto(interestUrl);
  await Promise.all([ent.waitForURL(/\/projects\/proj-int-\d+$/), ent.click('#btn-confirm')]);
  const projectUrl = ent.url();
  check(await stage(ent) === '初步接洽', 'the project does not start at 初步接洽');
  const h1 = await ent.textContent('h1');
  check(!/proj-|ach-|dem-/.test(h1), `the project's title shows an id: ${h1}`);
  await Promise.all([ent.waitForURL(projectUrl), ent.click('#advance')]);
  check(await stage(ent) === '洽谈中', 'the project is not at 洽谈中');
  await shots(ent, '11-project');

  step('10. signed by both: the enterprise proposes, the university confirms');
  await ent.selectOption('#p-to', 'signed');
  await ent.fill('#p-signed_on', '2026-12-01');
  await ent.selectOption('#p-mode', 'license');
  await ent.fill('#p-agreement', '《高速ADC芯片技术许可合同》');
  await ent.fill('#p-amount', '50万');
  await Promise.all([ent.waitForURL(projectUrl), ent.click('#advance')]);
  check(await stage(ent) === '洽谈中', 'one party alone signed');
  check((await ent.textContent('.sign-pending')).includes('等待另一方确认'), 'no notice that the other party must confirm');
  await uni.goto(projectUrl);
  check((await uni.inputValue('#p-agreement')) === '《高速ADC芯片技术许可合同》', 'the proposed terms are not filled in');
  await uni.selectOption('#p-to', 'signed');
  await Promise.all([uni.waitForURL(projectUrl), uni.click('#advance')]);
  check(await stage(uni) === '已签约', 'the project is not signed after both confirmed');
  await shots(uni, '12-signed');
  await ent.goto(projectUrl);
  check(await stage(ent) === '已签约', 'the enterprise does not see the project signed');

  step('11. the university sees the dismissal reason on its achievement');
  await uni.goto(base + '/achievements/ach-uestc-06');
  const fb = await uni.textContent('.feedback');
  check(fb.includes('技术尚不成熟：1'), `the reason is not counted on the achievement: ${fb}`);
  check(fb.includes('需要车规级可靠性数据'), 'the note is not shown');
  check(!fb.includes(orgName) && !fb.includes(login), 'the feedback says who gave it');
  await shots(uni, '13-feedback');
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length) {
  console.error('e2e loop FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e loop: all passed (screenshots in tests/e2e/artifacts/loop-*.png)');

// tests/e2e/events.mjs — browser journey of a matchmaking event with
// playwright-core and Debian's chromium: staff create an event, two people
// register (giving their slots), one asks the other for a meeting, the other
// accepts, staff build the timetable, and both see the meeting in their
// agenda (also as printed); the event, panel, timetable, grid, agenda and a
// past event at 1280 and 390 px, none scrolling sideways. Any console error, page error or 5xx fails the
// test. Screenshots go to tests/e2e/artifacts/events-*.png (gitignored).
// Run: QIAO=build/qiao node tests/e2e/events.mjs   (make e2e runs every tests/e2e/*.mjs)
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';

// Accounts whose login is a person's id act for that person (docs/web.md).
const accounts = [
  ['admin', 'admin', null, 'admin-pass-1'],
  ['p-wang-haoran', 'enterprise', 'biyiwei', 'wang-pass-123'],
  ['p-zhou-qihang', 'university', 'uestc-ic', 'zhou-pass-123'],
];

const { tmp, base, server } = await startQiao(accounts, 'qiao-e2e-ev-');

const problems = [];
const step = (s) => console.log(`  - ${s}`);
let evUrl;   /* the server gives the event its id */
let browser;
let shot = 0;
const snap = async (page, name) => {
  shot += 1;
  await page.screenshot({ path: `${art}/events-${String(shot).padStart(2, '0')}-${name}.png`, fullPage: true });
};

// One browser context per person, so that each keeps its own session.
async function person(login, password) {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`${login}: console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`${login}: page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${login}: ${r.status()} for ${r.url()}`); });
  await page.goto(`${base}/login`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(base + '/'), page.click('#signin')]);
  const who = await page.textContent('.who');
  if (who !== login) throw new Error(`signed in as '${who}', not ${login}`);
  return page;
}

const expectText = async (page, selector, text, what) => {
  const t = await page.textContent(selector);
  if (!t || !t.includes(text)) throw new Error(`${what}: '${text}' not in ${selector}: '${t}'`);
};

try {
  browser = await launchChromium();

  step('staff create an event');
  const staff = await person('admin', 'admin-pass-1');
  await staff.click('a[href="/events"]');
  await staff.click('#new-event');
  if (await staff.locator('#f-id').count()) throw new Error('the event form asks for an id');
  await staff.fill('#f-title', '集成电路企业家沙龙（浏览器测试）');
  await staff.selectOption('#f-type', 'salon');
  await staff.fill('#f-starts', '2030-05-20 14:00');
  await staff.fill('#f-ends', '2030年5月20日 17:00');
  await staff.fill('#f-venue', '电子科大科技园(天府园)会议室');
  await staff.fill('#f-organisers', '电子科技大学集成电路科学与工程学院');
  await staff.fill('input[name="organisers"] >> nth=1', '成都市科学技术局');
  await staff.fill('#f-chains', '集成电路');
  await staff.fill('#f-capacity', '20');
  await staff.fill('#f-slot_minutes', '20');
  await staff.fill('#f-slots', '4');
  await staff.fill('#f-tables', '2');
  await Promise.all([staff.waitForURL(/\/events\/ev-\d{4}-\d{6}\?done=created$/), staff.click('#submit')]);
  evUrl = staff.url().replace(/\?done=created$/, '');
  await expectText(staff, 'h1', '集成电路企业家沙龙（浏览器测试）', 'the event page');
  await expectText(staff, '.f-starts', '2030年5月20日 14:00', 'the start in Beijing time');
  await snap(staff, 'created');

  step('two people register with their slots');
  const wang = await person('p-wang-haoran', 'wang-pass-123');
  await wang.goto(evUrl);
  if ((await wang.locator('#register input[name="slot"]').count()) !== 4) throw new Error('not one checkbox per slot');
  await expectText(wang, '#register', '第1段 14:00–14:20', 'slot times');
  await Promise.all([wang.waitForURL(/done=registered/), wang.click('#register-submit')]);
  await expectText(wang, '#reg-status', '已报名', 'wang registered');
  await snap(wang, 'wang-registered');
  const zhou = await person('p-zhou-qihang', 'zhou-pass-123');
  await zhou.goto(evUrl);
  await zhou.uncheck('#register input[name="slot"][value="1"]');
  await Promise.all([zhou.waitForURL(/done=registered/), zhou.click('#register-submit')]);
  await expectText(zhou, '#registered', '2', 'two registered');

  step('wang asks zhou for a meeting');
  await wang.goto(evUrl);
  await wang.selectOption('#req-to', 'p-zhou-qihang');
  await wang.fill('#req-message', '想了解高速ADC的授权条件和流片情况。');
  await wang.selectOption('#req-priority', '3');
  await Promise.all([wang.waitForURL(/done=requested/), wang.click('#request-submit')]);
  await expectText(wang, '#mine', '待答复', 'the request is pending');
  await snap(wang, 'wang-requested');

  step('zhou accepts');
  await zhou.goto(evUrl);
  await expectText(zhou, '#incoming', '想了解高速ADC的授权条件', 'the incoming request');
  await snap(zhou, 'zhou-incoming');
  await Promise.all([zhou.waitForURL(/done=accepted/), zhou.click('#incoming button.accept')]);
  await expectText(zhou, '#mine', '已接受', 'the meeting is accepted');

  step('staff build the timetable');
  await staff.goto(evUrl);
  await Promise.all([staff.waitForURL(`${evUrl}/timetable`), staff.click('#build-timetable')]);
  await expectText(staff, '#scheduled', '1', 'one meeting scheduled');
  await snap(staff, 'timetable');
  await staff.goto(`${evUrl}/grid`);
  await expectText(staff, '#grid', '王浩然', 'the grid');
  await snap(staff, 'grid');

  step('both see the meeting in their agenda');
  for (const [page, other, name] of [[wang, '周启航', 'wang'], [zhou, '王浩然', 'zhou']]) {
    await page.goto(evUrl);
    await page.click('#agenda-link');
    await page.waitForSelector('#agenda');
    await expectText(page, '#agenda', other, `${name}'s agenda`);
    const time = await page.textContent('#agenda tbody tr td:nth-child(2)');
    if (!/^1[45]:[0-5]0–1[45]:[0-5]0$/.test(time || '')) throw new Error(`${name}'s meeting time '${time}'`);
    await snap(page, `${name}-agenda`);
    await page.emulateMedia({ media: 'print' });
    if (await page.isVisible('header')) throw new Error('the header is printed');
    await snap(page, `${name}-agenda-print`);
    await page.emulateMedia({ media: 'screen' });
  }
  const ics = await wang.request.get(`${evUrl}/agenda.ics`);
  if (!ics.headers()['content-type'].startsWith('text/calendar')) throw new Error('ICS content type');
  if (!(await ics.text()).includes('SUMMARY:会谈：周启航')) throw new Error('the ICS lacks the meeting');

  step('on a phone-sized screen (390 px) and a desktop (1280 px): nothing scrolls sideways');
  // A participant's event page, and the organiser's pages: the panel, the
  // last timetable, the grid, an agenda and a past (read-only) event.
  const pages = [
    [zhou, evUrl, 'event'],
    [staff, evUrl, 'panel'],
    [staff, `${evUrl}/timetable`, 'last-timetable'],
    [staff, `${evUrl}/grid`, 'grid-page'],
    [wang, `${evUrl}/agenda`, 'agenda-page'],
    [staff, `${base}/events/ev-20230310-park`, 'past-event'],
  ];
  for (const [page, url, name] of pages) {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      const r = await page.goto(url);
      if (!r || r.status() !== 200) throw new Error(`${name}: status ${r && r.status()}`);
      const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth,
        document.documentElement.clientWidth]);
      if (sw > cw) problems.push(`${name} at ${width} px scrolls sideways (${sw} > ${cw})`);
      await page.screenshot({ path: `${art}/events-${name}-${width}.png`, fullPage: true });
    }
  }
  await staff.setViewportSize({ width: 390, height: 844 });
  await staff.goto(evUrl);
  await expectText(staff, '#organiser', '已接受', 'the panel counts requests by state');
  await expectText(staff, '#organiser', '候补名单', 'the panel has the waiting list');
  await staff.goto(`${base}/events/ev-20230310-park`);
  await expectText(staff, '#past-note', '活动已结束', 'the past event says it has ended');
  if (await staff.locator('form[action^="/events/ev-20230310-park/"]').count())
    throw new Error('a past event shows a form that changes it');
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length) {
  console.error('e2e events FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('e2e events: all passed (screenshots in tests/e2e/artifacts/events-*.png)');

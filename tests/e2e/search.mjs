// tests/e2e/search.mjs — searching with facets on a 390-px phone: the facets
// block sits folded above the results, opens, a chain and a transfer mode are
// chosen in its form and submitted (no JavaScript of ours on the page), the
// count narrows to what the options said, the next page and the sort link
// keep the filters; the search help is one tap away; a query of function
// words asks for better words. Screenshots in tests/e2e/artifacts/.
// Run: QIAO=build/qiao node tests/e2e/search.mjs   (make e2e)
import { rmSync } from 'node:fs';
import { art, startQiao, launchChromium } from './lib.mjs';

const { tmp, base, server } = await startQiao([], 'qiao-e2e-search-');
const problems = [];
const step = (s) => console.log(`  - ${s}`);
const check = (cond, msg) => { if (!cond) throw new Error(msg); };
let browser;

try {
  browser = await launchChromium();
  const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 },
                                         javaScriptEnabled: false });
  const page = await ctx.newPage();
  page.on('response', (r) => { if (r.status() >= 500) problems.push(`${r.status()} for ${r.url()}`); });
  const over = async (what) => {
    if (await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1))
      problems.push(`${what} scrolls sideways on a phone`);
  };

  step('1. a search on a phone: facets folded above the results');
  await page.goto(base + '/achievements?q=' + encodeURIComponent('芯片'));
  const details = page.locator('details.facets');
  check(await details.count() === 1, 'no facets block');
  check(await details.getAttribute('open') === null, 'the facets block is open with nothing chosen');
  const boxes = await page.evaluate(() => {
    const d = document.querySelector('details.facets').getBoundingClientRect();
    const r = document.querySelector('ul.records').getBoundingClientRect();
    return { facets: d.top, results: r.top, width: d.width };
  });
  check(boxes.facets < boxes.results, 'the facets are not above the results');
  check(boxes.width <= 390, 'the facets block is wider than the phone');
  const total0 = await page.textContent('p.count');
  await page.screenshot({ path: `${art}/search-01-folded-390.png`, fullPage: true });
  await over('the search page');

  step('2. open the block, choose a chain and a transfer mode, submit');
  await page.click('details.facets summary');
  const opt = await page.locator('select[name="chain"] option[value="智能终端"]').textContent();
  const want = /（(\d+)）/.exec(opt)[1];
  await page.selectOption('select[name="chain"]', '智能终端');
  await page.screenshot({ path: `${art}/search-02-open-390.png`, fullPage: true });
  await over('the open facets block');
  await Promise.all([page.waitForURL(/chain=/), page.click('form.facets button[type="submit"]')]);
  const url = new URL(page.url());
  check(url.searchParams.get('q') === '芯片', 'the form lost the search text');
  check(url.searchParams.get('chain') === '智能终端', 'the chain is not in the address');
  const total1 = await page.textContent('p.count');
  check(total1 === `共 ${want} 条`, `the option said ${want}, the page says ${total1} (before: ${total0})`);
  check(await page.locator('details.facets[open]').count() === 1, 'a chosen filter leaves the block folded');
  const modeOpt = page.locator('select[name="mode"] option[value="license"]');
  check(await modeOpt.count() === 1, 'transfer mode 许可 is not offered');
  check((await modeOpt.textContent()).startsWith('许可'), 'transfer modes are not in Chinese');
  await page.screenshot({ path: `${art}/search-03-filtered-390.png`, fullPage: true });

  step('3. the sort link keeps the filter');
  await Promise.all([page.waitForURL(/sort=newest/), page.click('p.sorts a:has-text("最新发布")')]);
  check(new URL(page.url()).searchParams.get('chain') === '智能终端', 'the sort link dropped the chain');
  check(await page.textContent('p.count') === total1, 'sorting changed the count');

  step('4. the search help, and a query of function words');
  await Promise.all([page.waitForURL(/\/help\/search$/), page.click('p.search-help a')]);
  check((await page.textContent('h1')) === '怎样搜索', 'the help page has another title');
  await over('the help page');
  await page.screenshot({ path: `${art}/search-04-help-390.png`, fullPage: true });
  await page.goto(base + '/achievements?q=' + encodeURIComponent('的 和'));
  check((await page.textContent('p.error')).includes('请输入更具体的词语'), 'a vague query is not answered');
  await ctx.close();
} catch (e) {
  problems.push(String(e && e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.on('exit', r));
  rmSync(tmp, { recursive: true, force: true });
}
if (problems.length) {
  console.error('search e2e FAILED:\n' + problems.join('\n'));
  process.exit(1);
}
console.log('search e2e: all passed (screenshots in tests/e2e/artifacts/)');

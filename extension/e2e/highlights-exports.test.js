// Trust in highlights and exports (issue 16, items 1–4), in Chromium against the real server: a highlight made on a
// trending card's AI summary anchors on the paper page's summary box; an orphan (the page's text changed) clears as
// soon as the text is back; with 1 paper saved among 18 or more seen, the export holds that 1 paper; and a search
// that saved papers miss offers its match in everything seen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { closedUi } from './closed-ui.js';
import { launchDevice, openExtensionPage, registerUser, routeHuggingFace, screenshot, signIn, accessTokenOf } from './harness.js';
import { card, selectInAbstract } from './papers-page.js';
import { createTestServer, poll, restClient } from './server.js';

const user = { username: 'ada', password: 'correct-horse-battery' };
/** On the trending page this paper's card shows its AI summary; the paper page fixture is this paper. */
const PAPER = '2412.20138';
const SUMMARY_PHRASE = 'simulates real-world trading firms';
const ABSTRACT_PHRASE = 'automated problem-solving using';

/** @type {Awaited<ReturnType<typeof createTestServer>>} */
let server;
/** @type {Awaited<ReturnType<typeof launchDevice>>} */
let device;
/** @type {ReturnType<typeof restClient>} */
let rest;
/** While true, the paper page is served with its abstract revised, so a highlight in it cannot be found. */
let revised = false;

before(async () => {
  server = await createTestServer();
  await server.start();
  await registerUser(server.url, user);
  device = await launchDevice();
  await (await signIn(device.context, server.url, user)).close();
  rest = restClient(server.url, await accessTokenOf(device.context));
  await routeHuggingFace(device.context, { [`/papers/${PAPER}`]: 'hf-paper-page.html' }, {
    // Not a typo fix that fuzzy anchoring would still find: the sentence is rewritten (in the page's data too).
    edit: (html) => (revised ? html.replaceAll('automated problem-solving using', 'a rewritten opening that keeps no words') : html),
  });
});

after(async () => {
  await device?.close();
  await server?.dispose();
});

/** The user's personal library as the server holds it. */
async function serverLibrary() {
  return rest.objects((await rest.me()).personalLibraryId);
}

/**
 * Selects `phrase` in the paper page's text the way a mouse drag ends, so the selection toolbar appears.
 * @param {import('playwright-core').Page} page @param {string} phrase
 */
async function selectOnPaperPage(page, phrase) {
  await page.evaluate((phrase) => {
    for (const paragraph of document.querySelectorAll('main p')) {
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf(phrase);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + phrase.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        const rect = range.getBoundingClientRect();
        document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: rect.right, clientY: rect.bottom }));
        return;
      }
    }
    throw new Error(`“${phrase}” is not on the page`);
  }, phrase);
  await page.locator('.papernotes-selection-toolbar:not([hidden])').waitFor();
}

/** @param {import('playwright-core').Page} page */
const paintedTexts = (page) => page.locator('mark.papernotes-hl').evaluateAll((marks) => marks
  .filter((mark) => mark.getClientRects().length > 0).map((mark) => mark.textContent));

test('a highlight on a trending card\'s AI summary anchors on the paper page, and an orphan clears once its text is back', async () => {
  const trending = await device.context.newPage();
  await trending.goto('https://huggingface.co/papers/trending', { waitUntil: 'domcontentloaded' });
  await trending.waitForSelector('article .papernotes-card-controls');
  const ui = await closedUi(trending);
  await selectInAbstract(trending, PAPER, SUMMARY_PHRASE);
  await ui.toolbar.click('button.highlight');
  await poll(async () => [...(await serverLibrary()).values()].some((data) => data?.target?.field === 'summary'),
    { message: 'the summary highlight on the server' });
  assert.deepEqual(await card(trending, PAPER).locator('mark.papernotes-hl').evaluateAll((marks) =>
    marks.filter((m) => m.getClientRects().length > 0).map((m) => m.textContent)), [SUMMARY_PHRASE]);

  const paperPage = await device.context.newPage();
  await paperPage.goto(`https://huggingface.co/papers/${PAPER}`, { waitUntil: 'domcontentloaded' });
  await poll(async () => (await paintedTexts(paperPage)).includes(SUMMARY_PHRASE), { message: 'the summary highlight on the paper page' });
  const pageUi = await closedUi(paperPage);
  assert.equal(await pageUi.inContentScript((find, paperId) =>
    find({ paperId, selector: '.orphans' })?.hidden, PAPER), true, 'nothing reported missing on the paper page');

  // A highlight in the abstract; then the abstract changes (a revised version) and it cannot be found.
  await selectOnPaperPage(paperPage, ABSTRACT_PHRASE);
  await pageUi.toolbar.click('button.highlight');
  await poll(async () => (await paintedTexts(paperPage)).includes(ABSTRACT_PHRASE), { message: 'the abstract highlight painted' });
  revised = true;
  await paperPage.reload({ waitUntil: 'domcontentloaded' });
  const panel = await openExtensionPage(device.context, 'sidepanel.html');
  await panel.locator('#orphans .orphan-reattach').waitFor();
  assert.match(await panel.textContent('#orphans'), new RegExp(ABSTRACT_PHRASE));
  assert.doesNotMatch(await panel.textContent('#orphans'), new RegExp(SUMMARY_PHRASE), 'the summary highlight is no orphan');
  await screenshot(panel, 'sidepanel-orphan');

  revised = false;
  await paperPage.reload({ waitUntil: 'domcontentloaded' });
  await poll(async () => (await paintedTexts(paperPage)).includes(ABSTRACT_PHRASE), { message: 'the abstract highlight painted again' });
  await panel.locator('#orphans').waitFor({ state: 'hidden' });
  assert.equal(await panel.locator('.badge-orphan').count(), 0);
  await Promise.all([trending.close(), paperPage.close(), panel.close()]);
});

test('with 1 paper saved among 18 or more seen, the count says so, the export holds 1 entry, and a search offers what was only seen', async () => {
  const trending = await device.context.newPage();
  await trending.setViewportSize({ width: 1280, height: 1400 });
  await trending.goto('https://huggingface.co/papers/trending', { waitUntil: 'domcontentloaded' });
  await trending.waitForSelector('article .papernotes-card-controls');
  // The one paper saved: clipped (it carries the highlights of the first test too).
  await (await closedUi(trending)).controls(PAPER).click('button.clip');
  await poll(async () => (await serverLibrary()).get(`item:${PAPER}`)?.clippedAt, { message: 'the clip on the server' });
  // Down the listing a screen at a time, each screen's cards recorded as seen before the next, until 18 are.
  const library = () => serverLibrary();
  const seenIds = async () => [...(await library()).entries()]
    .filter(([key, data]) => key.startsWith('item:') && data?.seenAt).map(([key]) => key.slice(5));
  for (let index = 0; index < 50 && (await seenIds()).length < 18;) {
    await trending.evaluate((i) => document.querySelectorAll('article')[i].scrollIntoView({ block: 'start' }), index);
    const inView = await trending.evaluate(() => [...document.querySelectorAll('article')].map((article, i) => {
      const rect = article.getBoundingClientRect();
      return rect.top >= 0 && rect.bottom <= innerHeight ? i : -1;
    }).filter((i) => i >= 0));
    assert.ok(inView.length > 0, `cards in view from card ${index}`);
    const ids = await trending.evaluate((indexes) => indexes.map((i) => document.querySelectorAll('article')[i]
      .querySelector('h3 > a').getAttribute('href').replace('/papers/', '')), inView);
    await poll(async () => { const seen = await seenIds(); return ids.every((id) => seen.includes(id)); },
      { message: `seenAt on the server for ${ids}` });
    index = Math.max(...inView) + 1;
  }
  const seenPapers = await seenIds();
  assert.ok(seenPapers.length >= 18, `${seenPapers.length} papers seen`);
  const seen = seenPapers.length + (seenPapers.includes(PAPER) ? 0 : 1);

  const panel = await openExtensionPage(device.context, 'sidepanel.html');
  await panel.getByText(`1 saved · ${seen} seen`).waitFor();
  assert.equal(await panel.locator('#papers .paper').count(), 1);
  assert.equal(await panel.textContent('.export-what'), 'Export the 1 paper shown:');
  const [download] = await Promise.all([panel.waitForEvent('download'),
    panel.click('.export-button[data-format="bibtex"]')]);
  const bibtex = await readFile(await download.path(), 'utf8');
  assert.equal((bibtex.match(/^@\w+\{/gm) ?? []).length, 1, bibtex);
  assert.match(bibtex, /2412\.20138/);

  // A paper merely seen: "Saved" has no match, and says where one is.
  const onlySeen = /** @type {string} */ (seenPapers.find((id) => id !== PAPER));
  const title = await trending.locator(`h3 > a[href="/papers/${onlySeen}"]`).first().textContent();
  await panel.fill('#query', /** @type {string} */ (title).trim());
  await panel.getByText('No saved paper matches.').waitFor();
  await panel.click('button.show-seen');
  await panel.locator(`#papers .paper[data-paper-id="${onlySeen}"]`).waitFor();
  assert.equal(await panel.inputValue('#scope'), 'seen');
  await screenshot(panel, 'sidepanel-search-everything-seen');
  await Promise.all([trending.close(), panel.close()]);
});

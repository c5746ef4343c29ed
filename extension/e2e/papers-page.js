// What a user does on the Hugging Face trending page, and what the tests read back from it. Cards are found by their
// title link (`h3 > a[href="/papers/<id>"]`); each card shows one of its two copies (hf-min.css hides the other).
import { routeHuggingFace } from './harness.js';

/**
 * Opens the trending fixture on its real URL and waits for the extension's controls.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function openTrending(context) {
  await routeHuggingFace(context);
  const page = await context.newPage();
  await page.goto('https://huggingface.co/papers/trending', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('article .papernotes-card-controls');
  // Proof that later changes arrive without a reload: a reload would drop this.
  await page.evaluate(() => { /** @type {any} */ (window).loadedOnce = true; });
  return page;
}

/** @param {import('playwright-core').Page} page */
export const stillSamePageLoad = (page) => page.evaluate(() => /** @type {any} */ (window).loadedOnce === true);

/** The card of one paper. @param {import('playwright-core').Page} page @param {string} paperId */
export const card = (page, paperId) => page.locator('article', { has: page.locator(`h3 > a[href="/papers/${paperId}"]`) });

/**
 * The host of a card's controls, for screenshots; what is inside (a closed shadow root) is reached through
 * closed-ui.js. @param {import('playwright-core').Page} page @param {string} paperId
 */
export const controlsHost = (page, paperId) => card(page, paperId).locator('.papernotes-card-controls');

/**
 * Paper ids of the cards, in page order, with how much of each is in the viewport (0..1).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ paperId: string, visible: number }[]>}
 */
export function cardsWithVisibility(page) {
  return page.evaluate(() => [...document.querySelectorAll('article')].map((article) => {
    const link = article.querySelector('h3 > a[href^="/papers/"]');
    const rect = article.getBoundingClientRect();
    const shown = Math.max(0, Math.min(rect.bottom, innerHeight) - Math.max(rect.top, 0));
    return { paperId: (link?.getAttribute('href') ?? '').replace('/papers/', ''), visible: rect.height ? shown / rect.height : 0 };
  }));
}

/**
 * Selects `phrase` in the visible abstract of a card the way a mouse drag ends (selection, then mouseup), so the
 * selection toolbar appears.
 * @param {import('playwright-core').Page} page @param {string} paperId @param {string} phrase
 */
export async function selectInAbstract(page, paperId, phrase) {
  await card(page, paperId).scrollIntoViewIfNeeded();
  const found = await page.evaluate(({ paperId, phrase }) => {
    const link = [...document.querySelectorAll(`h3 > a[href="/papers/${paperId}"]`)].find((a) => a.getClientRects().length > 0);
    const paragraph = link?.parentElement?.nextElementSibling?.querySelector('p') ?? link?.parentElement?.nextElementSibling;
    if (!paragraph) return false;
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent.indexOf(phrase);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      const rect = range.getBoundingClientRect();
      document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: rect.right, clientY: rect.bottom }));
      return true;
    }
    return false;
  }, { paperId, phrase });
  if (!found) throw new Error(`“${phrase}” is not in the abstract of ${paperId}`);
  await page.locator('.papernotes-selection-toolbar:not([hidden])').waitFor();
}

/**
 * A phrase of a card's abstract (words `from`..`from + count`), taken from the page so the test needs no copy of it.
 * @param {import('playwright-core').Page} page @param {string} paperId @param {number} from @param {number} count
 */
export async function abstractPhrase(page, paperId, from, count) {
  const text = await page.evaluate((paperId) => {
    const link = [...document.querySelectorAll(`h3 > a[href="/papers/${paperId}"]`)].find((a) => a.getClientRects().length > 0);
    const paragraph = link?.parentElement?.nextElementSibling?.querySelector('p') ?? link?.parentElement?.nextElementSibling;
    // One text node, so the phrase can be selected inside it.
    return [...(paragraph?.childNodes ?? [])].find((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim().length > 80)?.textContent ?? '';
  }, paperId);
  const words = text.trim().split(/\s+/);
  if (words.length < from + count) throw new Error(`The abstract of ${paperId} is too short`);
  return words.slice(from, from + count).join(' ');
}

/**
 * Texts of the highlights painted on a card, by kind (a note's mark carries `papernotes-hl--note`).
 * @param {import('playwright-core').Page} page @param {string} paperId
 */
export function paintedMarks(page, paperId) {
  return card(page, paperId).locator('mark.papernotes-hl').evaluateAll((marks) => marks
    .filter((mark) => mark.getClientRects().length > 0)
    .map((mark) => ({ text: mark.textContent, note: mark.classList.contains('papernotes-hl--note') })));
}

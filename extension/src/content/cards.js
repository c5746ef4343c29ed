// Finds the papers on a Hugging Face Papers page: listing cards (trending, daily, search) and the paper page itself.
import { normalizeText } from '../shared/anchoring.js';

/** New-style (2403.12345) and old-style (hep-th/9901001) arXiv ids, without a version suffix. */
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\/?$/;

/**
 * @typedef {object} FoundPaper
 * @property {string} paperId
 * @property {'card' | 'page'} kind
 * @property {Element} root       the whole card (its `article`), or the paper page's title block
 * @property {Element} title      the field element whose text is the title
 * @property {Element | null} abstract  the field element whose text is the paper's abstract, when the page shows it
 * @property {Element | null} summary   the field element whose text is Hugging Face's AI-generated summary, when the
 *   page shows it (trending cards show it in place of the abstract; the paper page shows both)
 */

/**
 * The text fields of a paper, each anchored on its own: a highlight on a card's AI summary is found again in the
 * paper page's summary box, not searched for in the abstract.
 * @typedef {'title' | 'abstract' | 'summary'} FieldName
 */
/** @type {readonly FieldName[]} */
export const FIELDS = Object.freeze(['title', 'abstract', 'summary']);

/**
 * The arXiv id a link points to, or null for other Papers pages (trending, a date, a search).
 * @param {string | null} href
 */
export function paperIdFromHref(href) {
  if (!href) return null;
  let url;
  try {
    url = new URL(href, 'https://huggingface.co');
  } catch {
    return null;
  }
  if (url.hostname !== 'huggingface.co') return null;
  return PAPER_PATH.exec(url.pathname)?.[1] ?? null;
}

/**
 * True when the element takes up space on screen. Each listing card holds a desktop and a mobile copy of the paper and
 * CSS hides one; linkedom has no layout, where everything counts as visible.
 * @param {Element} element
 */
export function isRendered(element) {
  return typeof element.getClientRects !== 'function' || element.getClientRects().length > 0;
}

/**
 * Every paper on the page, once each, in page order: cards by their visible copy, then the paper page's own paper.
 * @param {Document} document
 * @param {{ isVisible?: (element: Element) => boolean, pathname?: string }} [options] `pathname` defaults to the
 *   document's own
 * @returns {FoundPaper[]}
 */
export function findPapers(document, { isVisible = isRendered, pathname = document.location?.pathname } = {}) {
  /** @type {Map<Element, HTMLAnchorElement[]>} card root → its title links (one per copy) */
  const groups = new Map();
  for (const link of document.querySelectorAll('h3 > a[href]')) {
    if (!paperIdFromHref(link.getAttribute('href')) || link.closest('[data-papernotes-ui]')) continue;
    const heading = link.parentElement;
    const root = heading.closest('article') ?? heading.parentElement;
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root).push(/** @type {HTMLAnchorElement} */ (link));
  }
  /** @type {FoundPaper[]} */
  const papers = [];
  for (const [root, links] of groups) {
    const link = links.find((candidate) => isVisible(candidate.parentElement)) ?? links[0];
    const title = link.parentElement;
    const paperId = paperIdFromHref(link.getAttribute('href'));
    const text = cardText(title);
    const isSummary = !!text && aiSummaries(document).get(paperId) === normalizeText(text.textContent);
    papers.push({ paperId, kind: 'card', root, title, abstract: isSummary ? null : text, summary: isSummary ? text : null });
  }
  const page = paperOfPage(document, pathname);
  if (page) papers.push(page);
  return papers;
}

/**
 * The paragraph a listing card shows right after its title (`h3` then `div > p`), if any: the abstract, or on
 * trending cards often the AI summary.
 * @param {Element} title
 */
function cardText(title) {
  const next = title.nextElementSibling;
  if (!next) return null;
  if (next.tagName === 'P') return next;
  const paragraph = next.firstElementChild;
  return next.childElementCount === 1 && paragraph?.tagName === 'P' ? paragraph : null;
}

/**
 * On `/papers/<id>`: the paper's `h1` title and the paragraph under its "Abstract" heading (skipping the site's
 * AI-generated summary box, which is not the paper's text).
 * @param {Document} document
 * @param {string | undefined} pathname
 * @returns {FoundPaper | null}
 */
function paperOfPage(document, pathname) {
  const paperId = paperIdFromHref(pathname ?? null);
  const title = document.querySelector('main h1') ?? document.querySelector('h1');
  if (!paperId || !title) return null;
  const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent.trim() === 'Abstract');
  let abstract = null;
  let summary = null;
  if (heading) {
    // The paragraphs between "Abstract" and the next heading (the comments follow under "Community").
    // Read in document order from one query (linkedom's compareDocumentPosition cannot tell before from after).
    const ordered = [...heading.parentElement.querySelectorAll('h2, p')];
    const from = ordered.indexOf(heading) + 1;
    const to = ordered.findIndex((element, index) => index >= from && element.tagName === 'H2');
    const after = ordered.slice(from, to === -1 ? undefined : to);
    // The summary box is labelled by its first child; the abstract's own container starts with that box instead.
    const inSummaryBox = (/** @type {Element} */ p) => {
      const label = p.parentElement?.firstElementChild;
      return !!label && label !== p && /^AI-generated summary$/i.test(label.textContent.trim());
    };
    abstract = after.find((p) => !inSummaryBox(p)) ?? null;
    summary = after.find(inSummaryBox) ?? null;
  }
  return { paperId, kind: 'page', root: title.parentElement, title, abstract, summary };
}

/** @type {{ source: string, summaries: Map<string, string> }} the last page data read, kept while it is unchanged */
let summaryCache = { source: '', summaries: new Map() };

/**
 * Paper id → normalised AI summary, from the data Hugging Face embeds in the page (`SVELTE_HYDRATER` `data-props`).
 * A card whose text equals its paper's AI summary shows the summary, not the abstract. Pages re-render often, so the
 * parse is kept while the embedded data stays the same.
 * @param {Document} document
 */
function aiSummaries(document) {
  const sources = [...document.querySelectorAll('[data-props]')].map((e) => e.getAttribute('data-props') ?? '')
    .filter((props) => props.includes('ai_summary'));
  const source = sources.join('\u0000');
  if (source === summaryCache.source) return summaryCache.summaries;
  /** @type {Map<string, string>} */
  const summaries = new Map();
  /** @param {any} value */
  const visit = (value) => {
    if (Array.isArray(value)) { value.forEach(visit); return; }
    if (!value || typeof value !== 'object') return;
    if (typeof value.id === 'string' && typeof value.ai_summary === 'string') {
      summaries.set(value.id, normalizeText(value.ai_summary));
    }
    Object.values(value).forEach(visit);
  };
  for (const props of sources) {
    try {
      visit(JSON.parse(props));
    } catch {
      // Not JSON (a page change we do not know yet): cards then count as showing their abstract.
    }
  }
  summaryCache = { source, summaries };
  return summaries;
}

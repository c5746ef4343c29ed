// Finds the papers on a Hugging Face Papers page: listing cards (trending, daily, search) and the paper page itself.

/** New-style (2403.12345) and old-style (hep-th/9901001) arXiv ids, without a version suffix. */
const PAPER_PATH = /^\/papers\/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?\/?$/;

/**
 * @typedef {object} FoundPaper
 * @property {string} paperId
 * @property {'card' | 'page'} kind
 * @property {Element} root       the whole card (its `article`), or the paper page's title block
 * @property {Element} title      the field element whose text is the title
 * @property {Element | null} abstract  the field element whose text is the abstract, when the page shows one
 */

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
    papers.push({ paperId: paperIdFromHref(link.getAttribute('href')), kind: 'card', root, title,
      abstract: cardAbstract(title) });
  }
  const page = paperOfPage(document, pathname);
  if (page) papers.push(page);
  return papers;
}

/**
 * The abstract paragraph a listing card shows right after its title (`h3` then `div > p`), if any.
 * @param {Element} title
 */
function cardAbstract(title) {
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
  if (heading) {
    const paragraphs = [...heading.parentElement.querySelectorAll('p')].filter((p) =>
      (heading.compareDocumentPosition(p) & 4) && !/^\s*AI-generated summary/i.test(p.parentElement.textContent));
    abstract = paragraphs[0] ?? null;
  }
  return { paperId, kind: 'page', root: title.parentElement, title, abstract };
}

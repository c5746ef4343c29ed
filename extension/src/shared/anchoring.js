// Text anchoring over a field's normalised text (SPEC §1): describe a range as W3C selectors, and find it again after
// the page changed. The order mirrors Hypothesis: position+quote agree → quote search → fuzzy (approx-string-match).
import approxSearch from 'approx-string-match';

/** Characters of context kept on each side of a quote; enough to tell repeated phrases apart. */
export const CONTEXT_LENGTH = 32;

/**
 * @typedef {import('./messages.js').Selector} Selector
 * @typedef {{ start: number, end: number, method: 'exact' | 'quote' | 'fuzzy' | 'position' }} Anchor
 */

/**
 * The field text every selector offset refers to: whitespace runs collapsed to one space, ends trimmed. Clients and the
 * server compute it from the title's or abstract's text content, so offsets agree whatever the markup.
 * @param {string} raw
 */
export function normalizeText(raw) {
  return raw.replace(/\s+/g, ' ').trim();
}

/**
 * Selectors for `text.slice(start, end)`.
 * @param {string} text normalised field text
 * @param {number} start
 * @param {number} end
 * @returns {Selector[]}
 */
export function describeRange(text, start, end) {
  if (!(start >= 0 && end > start && end <= text.length)) throw new RangeError(`bad range ${start}..${end}`);
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
      suffix: text.slice(end, end + CONTEXT_LENGTH),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}

/**
 * Finds the selectors' range in `text`, or null when it cannot be anchored (the caller reports it as orphaned).
 * @param {string} text normalised field text
 * @param {Selector[]} selectors
 * @returns {Anchor | null}
 */
export function anchorSelectors(text, selectors) {
  const quote = /** @type {Extract<Selector, {type: 'TextQuoteSelector'}> | undefined} */ (
    selectors.find((s) => s.type === 'TextQuoteSelector'));
  const position = /** @type {Extract<Selector, {type: 'TextPositionSelector'}> | undefined} */ (
    selectors.find((s) => s.type === 'TextPositionSelector'));
  if (!quote || !quote.exact) {
    // A bare position cannot be checked against anything; trust it only while it still fits the text.
    if (position && position.start >= 0 && position.end > position.start && position.end <= text.length) {
      return { start: position.start, end: position.end, method: 'position' };
    }
    return null;
  }
  if (position && text.slice(position.start, position.end) === quote.exact) {
    return { start: position.start, end: position.end, method: 'exact' };
  }
  const hint = position?.start ?? null;
  const exactMatch = bestCandidate(text, quote, hint, exactOccurrences(text, quote.exact));
  if (exactMatch) return { ...exactMatch, method: 'quote' };
  const fuzzyMatch = bestCandidate(text, quote, hint, fuzzyOccurrences(text, quote.exact));
  return fuzzyMatch ? { ...fuzzyMatch, method: 'fuzzy' } : null;
}

/** @param {string} text @param {string} exact */
function exactOccurrences(text, exact) {
  const found = [];
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
    found.push({ start: at, end: at + exact.length, errors: 0 });
  }
  return found;
}

/**
 * Approximate matches allowing one error per five characters; quotes under eight characters are too short to tell
 * a typo fix from a different word, so they anchor exactly or not at all.
 * @param {string} text @param {string} exact
 */
function fuzzyOccurrences(text, exact) {
  if (exact.length < 8) return [];
  return approxSearch(text, exact, Math.floor(exact.length / 5));
}

/**
 * Picks the candidate whose quote, surrounding context and position agree best with the selector.
 * @param {string} text
 * @param {{ exact: string, prefix?: string, suffix?: string }} quote
 * @param {number | null} hint expected start
 * @param {{ start: number, end: number, errors: number }[]} candidates
 */
function bestCandidate(text, quote, hint, candidates) {
  let best = null;
  let bestScore = -Infinity;
  for (const candidate of candidates) {
    const score = 50 * (1 - candidate.errors / quote.exact.length)
      + 20 * contextSimilarity(text.slice(Math.max(0, candidate.start - (quote.prefix?.length ?? 0)), candidate.start),
        quote.prefix ?? '', 'end')
      + 20 * contextSimilarity(text.slice(candidate.end, candidate.end + (quote.suffix?.length ?? 0)),
        quote.suffix ?? '', 'start')
      + (hint === null ? 0 : 2 * (1 - Math.min(1, Math.abs(candidate.start - hint) / Math.max(1, text.length))));
    if (score > bestScore) {
      bestScore = score;
      best = { start: candidate.start, end: candidate.end };
    }
  }
  return best;
}

/**
 * 1 when `actual` carries the expected context, falling towards 0 with each edit; empty context counts as agreement.
 * @param {string} actual text next to the candidate
 * @param {string} expected stored prefix or suffix
 * @param {'start' | 'end'} edge the side that touches the quote, where a truncated context is aligned
 */
function contextSimilarity(actual, expected, edge) {
  if (!expected) return 1;
  if (!actual) return 0;
  if (actual === expected) return 1;
  const aligned = edge === 'end' ? expected.slice(-actual.length) : expected.slice(0, actual.length);
  const [match] = approxSearch(actual, aligned, aligned.length);
  return match ? (1 - match.errors / expected.length) : 0;
}

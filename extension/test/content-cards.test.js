import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { findPapers, paperIdFromHref } from '../src/content/cards.js';
import { normalizeText } from '../src/shared/anchoring.js';

const trendingPath = new URL('../../tests/fixtures/hf-trending-2026.html', import.meta.url);
const searchPath = new URL('../../tests/fixtures/hf-search-seed.html', import.meta.url);
const searchExpected = JSON.parse(readFileSync(new URL('../../tests/fixtures/hf-search-seed.expected.json',
  import.meta.url), 'utf8'));

/** The ids the trending page's own embedded data lists, in order. */
function embeddedTrendingIds(document) {
  const hydrater = document.querySelector('div.SVELTE_HYDRATER[data-target="DailyPapers"]');
  return JSON.parse(hydrater.getAttribute('data-props')).dailyPapers.map((entry) => entry.paper.id);
}

/** Hides what hf-min.css hides at desktop width: the mobile copy of each card. */
const desktopVisible = (element) => !element.closest('.md\\:hidden');

test('the trending page yields its 50 papers, once each, with the ids of its embedded data', () => {
  const { document } = parseHTML(readFileSync(trendingPath, 'utf8'));
  const papers = findPapers(document, { pathname: '/papers/trending' });
  assert.equal(papers.length, 50);
  assert.deepEqual(papers.map((p) => p.paperId), embeddedTrendingIds(document));
  assert.ok(papers.every((p) => p.kind === 'card' && p.root.tagName === 'ARTICLE'));
});

test('each trending card is read from its visible copy, with its title and the abstract or the AI summary it shows', () => {
  const { document } = parseHTML(readFileSync(trendingPath, 'utf8'));
  const hydrater = document.querySelector('div.SVELTE_HYDRATER[data-target="DailyPapers"]');
  const byId = new Map(JSON.parse(hydrater.getAttribute('data-props')).dailyPapers.map((e) => [e.paper.id, e.paper]));
  const papers = findPapers(document, { isVisible: desktopVisible, pathname: '/papers/trending' });
  for (const paper of papers) {
    assert.ok(desktopVisible(paper.title), `${paper.paperId} read from the hidden copy`);
    assert.equal(normalizeText(paper.title.textContent), normalizeText(byId.get(paper.paperId).title));
    const { ai_summary: aiSummary, summary: abstract } = byId.get(paper.paperId);
    // A card shows the AI summary when the paper has one (62 of the 100 copies), else the abstract: each is its own field.
    if (aiSummary) {
      assert.equal(paper.abstract, null, `${paper.paperId} shows its summary, not its abstract`);
      assert.equal(normalizeText(paper.summary.textContent), normalizeText(aiSummary));
    } else {
      assert.equal(paper.summary, null);
      assert.equal(normalizeText(paper.abstract.textContent), normalizeText(abstract));
    }
  }
  assert.ok(papers.filter((p) => p.summary).length > 20 && papers.filter((p) => p.abstract).length > 10);
});

test('the seed search page yields its 79 papers with their ids and titles despite the query highlight markup', () => {
  const { document } = parseHTML(readFileSync(searchPath, 'utf8'));
  const papers = findPapers(document, { isVisible: desktopVisible, pathname: '/papers' });
  assert.ok(document.querySelector('h3 span.highlight'), 'fixture has highlighted titles');
  assert.deepEqual(papers.map((p) => p.paperId), searchExpected.map((p) => p.id));
  assert.deepEqual(papers.map((p) => normalizeText(p.title.textContent)), searchExpected.map((p) => p.title));
  assert.deepEqual(papers.map((p) => normalizeText(p.abstract.textContent)),
    searchExpected.map((p) => normalizeText(p.abstract)));
});

test('a paper page yields its title, the abstract and the AI summary, each as its own field', () => {
  const { document } = parseHTML(`<html><body><main><section><h1>Attention Is All You Need</h1>
    <div class="pb-8 pr-4 md:pr-16"><h2>Abstract</h2>
      <div class="rounded-xl bg-blue-50"><span>AI-generated summary</span><p>Transformers are good.</p></div>
      <p class="text-gray-600">The dominant sequence transduction models are based on recurrent networks.</p></div>
    <h3><a href="/papers/2305.00001">A related paper</a></h3></section></main></body></html>`);
  const papers = findPapers(document, { pathname: '/papers/1706.03762' });
  const page = papers.find((p) => p.kind === 'page');
  assert.equal(page.paperId, '1706.03762');
  assert.equal(page.title.textContent, 'Attention Is All You Need');
  assert.match(page.abstract.textContent, /^The dominant sequence/);
  assert.equal(page.summary.textContent, 'Transformers are good.');
  assert.deepEqual(papers.map((p) => p.paperId), ['2305.00001', '1706.03762']);
});

test('paper ids come from paper links only, old-style ids included', () => {
  assert.equal(paperIdFromHref('/papers/2403.12345'), '2403.12345');
  assert.equal(paperIdFromHref('https://huggingface.co/papers/2403.12345v2#community'), '2403.12345');
  assert.equal(paperIdFromHref('/papers/hep-th/9901001'), 'hep-th/9901001');
  for (const other of ['/papers/trending', '/papers/date/2026-10-04', '/papers?q=x', '/kandinskylab',
    'https://example.com/papers/2403.12345', null]) {
    assert.equal(paperIdFromHref(other), null, String(other));
  }
});

import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { PageIntegration, SEEN_CLASS } from '../src/content/page-integration.js';
import { describeRange, normalizeText } from '../src/shared/anchoring.js';
import { FieldText, MARK_ATTRIBUTE } from '../src/shared/anchoring-dom.js';
import { asTrusted, userEvent } from './trusted-events.js';

const searchHtml = readFileSync(new URL('../../tests/fixtures/hf-search-seed.html', import.meta.url), 'utf8');
const expected = JSON.parse(readFileSync(new URL('../../tests/fixtures/hf-search-seed.expected.json', import.meta.url),
  'utf8'));
const desktopVisible = (element) => !element.closest('.md\\:hidden');
/** Lets promise callbacks (MutationObserver records, message answers) run; timers stay under the test's control. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A worker stand-in: records what the content script sends and answers `get-page-state` from `state`. */
function fakeWorker(state, answers = {}) {
  const sent = [];
  const listeners = { message: [], state: [] };
  return {
    sent, state,
    ofType: (type) => sent.filter((m) => m.type === type),
    bridge: {
      send: async (message) => {
        sent.push(message);
        return message.type === 'get-page-state' ? structuredClone(state) : answers[message.type];
      },
      onMessage: (listener) => (listeners.message.push(listener), () => listeners.message.splice(0)),
      onStateChanged: (listener) => (listeners.state.push(listener), () => listeners.state.splice(0)),
    },
    push: (message) => listeners.message.forEach((l) => l(message)),
    bumpRevision: (paperIds) => listeners.state.forEach((l) => l({ paperIds })),
  };
}

/** An annotation on the first occurrence of `phrase` in a paper's abstract (per the seed's expected text). */
function annotationOn(paperIndex, phrase, extra = {}) {
  const paper = expected[paperIndex];
  const text = normalizeText(paper.abstract);
  const start = text.indexOf(phrase);
  assert.notEqual(start, -1);
  return { id: `ann-${paperIndex}-${start}`, paperId: paper.id, kind: 'highlight', color: 'yellow', body: '',
    target: { field: 'abstract', selectors: describeRange(text, start, start + phrase.length) }, ...extra };
}

async function open(t, state = { items: {}, annotations: [], signedIn: true }, answers = {}) {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const { window, document } = parseHTML(searchHtml);
  window.location = { href: 'https://huggingface.co/papers?q=learning', pathname: '/papers' };
  const worker = fakeWorker(state, answers);
  const observed = new Set();
  const integration = new PageIntegration(window, {
    bridge: worker.bridge, isVisible: desktopVisible, now: () => new Date('2026-11-27T10:00:00Z'),
    createObserver: () => ({ observe: (el) => observed.add(el), unobserve: (el) => observed.delete(el),
      disconnect: () => observed.clear() }),
  });
  t.after(() => integration.destroy());
  integration.start();
  await settle();
  return { window, document, worker, integration, observed };
}

/** The closed root of a card's controls, as only the content script holds it. */
const controlsOf = (article, integration) => integration.views.get(article).controls.root;
const articleOf = (document, paperId) => document.querySelector(`h3 > a[href="/papers/${paperId}"]`).closest('article');

const trendingHtml = readFileSync(new URL('../../tests/fixtures/hf-trending-2026.html', import.meta.url), 'utf8');
const paperPageHtml = readFileSync(new URL('../../tests/fixtures/hf-paper-page.html', import.meta.url), 'utf8');

/** A page of the real fixtures at its URL, with the integration running against a worker holding `annotations`. */
async function openPage(t, html, url, annotations) {
  const { window, document } = parseHTML(html);
  window.location = { href: url, pathname: new URL(url).pathname };
  window.getSelection = () => null;
  Object.defineProperty(document, 'location', { value: window.location });
  const worker = fakeWorker({ items: {}, annotations, signedIn: true });
  const integration = new PageIntegration(window, { bridge: worker.bridge, isVisible: desktopVisible,
    createObserver: () => ({ observe() {}, unobserve() {}, disconnect() {} }) });
  t.after(() => integration.destroy());
  integration.start();
  await settle();
  return { document, worker, integration };
}

test('a highlight on a trending card\'s AI summary is a summary highlight, and anchors in the paper page\'s summary box', async (t) => {
  const trending = await openPage(t, trendingHtml, 'https://huggingface.co/papers/trending', []);
  const summary = trending.integration.views.get(articleOf(trending.document, '2412.20138')).paper.summary;
  const field = new FieldText(summary);
  const start = field.text.indexOf('simulates real-world trading firms');
  const node = field.nodes[field.nodeOf[start]];
  const offset = field.offsetOf[start];
  const target = trending.integration.resolveSelection({ rangeCount: 1, isCollapsed: false, getRangeAt: () => ({
    startContainer: node, startOffset: offset, endContainer: node, endOffset: offset + 34,
    getBoundingClientRect: () => ({}) }) });
  assert.equal(target.field, 'summary');
  const made = trending.integration.createAnnotation(target, '');
  // Recorded before summaries were told apart: the same text said to be on the abstract.
  const legacy = { ...made, id: 'legacy', target: { ...made.target, field: 'abstract' } };

  const page = await openPage(t, paperPageHtml, 'https://huggingface.co/papers/2412.20138', [made, legacy]);
  const painted = (id) => [...page.document.querySelectorAll(`[${MARK_ATTRIBUTE}="${id}"]`)].map((m) => m.textContent).join('');
  assert.equal(painted(made.id), 'simulates real-world trading firms');
  assert.equal(painted('legacy'), 'simulates real-world trading firms');
  const reports = page.worker.ofType('report-orphans');
  assert.deepEqual(reports.map((r) => [r.annotationIds, r.anchoredIds.sort()]), [[[], [made.id, 'legacy'].sort()]]);
});

test('an orphan is reported again as anchored when the text comes back, and not reported again while nothing changes', async (t) => {
  const annotation = annotationOn(3, expected[3].abstract.split(' ').slice(2, 8).join(' '));
  const { worker, integration } = await open(t, { items: {}, annotations: [annotation], signedIn: true });
  assert.deepEqual(worker.ofType('report-orphans').map((r) => r.anchoredIds), [[annotation.id]]);
  const moved = structuredClone(annotation);
  moved.target.selectors[0].exact = 'words this abstract does not hold at all, anywhere';
  worker.state.annotations = [moved];
  await integration.refreshState();
  worker.state.annotations = [annotation];
  await integration.refreshState();
  await integration.refreshState();
  assert.deepEqual(worker.ofType('report-orphans').map((r) => [r.annotationIds, r.anchoredIds]),
    [[[], [annotation.id]], [[annotation.id], []], [[], [annotation.id]]]);
});

test('every card on the search page gets one row of controls and is watched for being seen', async (t) => {
  const { document, worker, integration, observed } = await open(t);
  const articles = document.querySelectorAll('article');
  assert.equal(articles.length, 79);
  for (const article of articles) assert.equal(article.querySelectorAll('.papernotes-card-controls').length, 1);
  assert.equal(observed.size, 79);
  assert.deepEqual(worker.ofType('get-page-state')[0].paperIds, expected.map((p) => p.id));
});

test('the page is captured once after it settles, with its URL and HTML', async (t) => {
  const { worker, integration } = await open(t);
  assert.equal(worker.ofType('capture-page').length, 0);
  mock.timers.tick(1500);
  const [capture, ...more] = worker.ofType('capture-page');
  assert.equal(more.length, 0);
  assert.equal(capture.url, 'https://huggingface.co/papers?q=learning');
  assert.ok(capture.html.includes('/papers/2501.00079'));
});

test('stored highlights are painted; one whose text is gone is reported orphaned and shown on the card', async (t) => {
  const exact = annotationOn(0, 'geometric mean speedup');
  const note = annotationOn(7, 'value-aware model learning', { kind: 'note', body: 'Compare with **MuZero**' });
  const gone = annotationOn(1, expected[1].abstract.split(' ').slice(3, 9).join(' '));
  const fuzzy = annotationOn(2, expected[2].abstract.split(' ').slice(5, 14).join(' '));
  // The stored quote differs slightly from the page (as after a revised abstract); the other quote no longer exists.
  const quote = fuzzy.target.selectors[0];
  quote.exact = `${quote.exact.slice(0, 10)}x${quote.exact.slice(11)}`;
  gone.target.selectors[0].exact = 'a sentence that this abstract never contained at all';
  const { document, worker, integration } = await open(t, { items: {}, annotations: [exact, note, gone, fuzzy],
    signedIn: true });

  const marked = (ann) => [...document.querySelectorAll(`[${MARK_ATTRIBUTE}="${ann.id}"]`)]
    .map((m) => m.textContent).join('');
  assert.equal(marked(exact), 'geometric mean speedup');
  assert.equal(marked(note), 'value-aware model learning');
  assert.ok(document.querySelector(`[${MARK_ATTRIBUTE}="${note.id}"]`).className.includes('papernotes-hl--note'));
  assert.equal(normalizeText(marked(fuzzy)), expected[2].abstract.split(' ').slice(5, 14).join(' '));
  assert.equal(marked(gone), '');
  assert.deepEqual(worker.ofType('report-orphans').filter((m) => m.annotationIds.length)
    .map(({ textVersion, url, ...report }) => report),
  [{ type: 'report-orphans', paperId: expected[1].id, annotationIds: [gone.id], anchoredIds: [] }]);
  assert.deepEqual(worker.ofType('report-orphans').filter((m) => m.anchoredIds.length).map((m) => m.anchoredIds),
    [[exact.id], [fuzzy.id], [note.id]], 'what anchored is reported too, so its orphan state clears');
  const warning = controlsOf(articleOf(document, expected[1].id), integration).querySelector('.orphans');
  assert.equal(warning.hidden, false);
  assert.match(warning.textContent, /1 highlight not found/);
});

test('papers seen on an earlier visit are dimmed, papers seen during this visit are not', async (t) => {
  const items = {
    [expected[0].id]: { paperId: expected[0].id, seenAt: '2026-11-20T08:00:00Z' },
    [expected[1].id]: { paperId: expected[1].id, seenAt: '2026-11-27T10:00:05Z' },
  };
  const { document, integration, observed } = await open(t, { items, annotations: [], signedIn: true });
  assert.ok(articleOf(document, expected[0].id).classList.contains(SEEN_CLASS));
  assert.ok(!articleOf(document, expected[1].id).classList.contains(SEEN_CLASS));
  assert.ok(!articleOf(document, expected[2].id).classList.contains(SEEN_CLASS));
  assert.ok(!observed.has(articleOf(document, expected[0].id)), 'an already seen paper is not tracked again');
});

test('clip, status, tags and collections on a card send their changes and show them at once', async (t) => {
  const paperId = expected[3].id;
  const state = { items: { [paperId]: { paperId, status: 'reading', tags: ['rl'] } }, annotations: [], signedIn: true,
    collections: [{ id: 'lib-thursday', name: 'Papers for Thursday', role: 'editor' }], memberships: {} };
  const { window, document, worker, integration } = await open(t, state);
  const controls = controlsOf(articleOf(document, paperId), integration);

  controls.querySelector('.clip').dispatchEvent(userEvent(window, 'click'));
  const [clip] = worker.ofType('update-item');
  assert.deepEqual(clip, { type: 'update-item', paperId, patch: { clippedAt: '2026-11-27T10:00:00.000Z' } });
  assert.equal(controls.querySelector('.clip').getAttribute('aria-pressed'), 'true');

  controls.querySelector('option[value="to-read"]').selected = true;
  controls.querySelector('select').dispatchEvent(userEvent(window, 'change'));
  assert.deepEqual(worker.ofType('update-item')[1].patch, { status: 'to-read', force: true },
    'moving a status back is deliberate');

  const input = controls.querySelector('.tag-input');
  input.value = 'survey';
  const enter = userEvent(window, 'keydown');
  Object.defineProperty(enter, 'key', { value: 'Enter' });
  input.dispatchEvent(enter);
  assert.deepEqual(worker.ofType('update-item')[2].patch, { tags: ['rl', 'survey'] });
  assert.deepEqual([...controls.querySelectorAll('.tag')].map((t) => t.firstChild.textContent), ['rl', 'survey']);
  controls.querySelector('button[data-tag="rl"]').dispatchEvent(userEvent(window, 'click', { bubbles: true }));
  assert.deepEqual(worker.ofType('update-item')[3].patch, { tags: ['survey'] });

  const box = controls.querySelector('.menu input[value="lib-thursday"]');
  box.checked = true;
  box.dispatchEvent(userEvent(window, 'change', { bubbles: true }));
  assert.deepEqual(worker.ofType('add-to-collection'), [{ type: 'add-to-collection', paperId, libraryId: 'lib-thursday' }]);
  assert.equal(controls.querySelector('.collection-count').textContent, '(1)');
});

test('a script on the page can neither reach the controls nor act through them with events it dispatches', async (t) => {
  const paperId = expected[3].id;
  const note = annotationOn(3, expected[3].abstract.split(' ').slice(2, 6).join(' '), { kind: 'note', body: 'private' });
  const state = { items: { [paperId]: { paperId, status: 'reading', tags: ['rl'] } }, annotations: [note], signedIn: true,
    collections: [{ id: 'lib-thursday', name: 'Papers for Thursday', role: 'editor' }], memberships: {} };
  const { window, document, worker, integration } = await open(t, state);
  const article = articleOf(document, paperId);
  assert.equal(article.querySelector('.papernotes-card-controls').shadowRoot, null, 'a closed root');
  const before = worker.sent.length;
  // What a script could do if it had the root anyway (or events that bubble from the light DOM):
  const controls = controlsOf(article, integration);
  controls.querySelector('.clip').dispatchEvent(new window.Event('click'));
  controls.querySelector('option[value="new"]').selected = true;
  controls.querySelector('select').dispatchEvent(new window.Event('change'));
  const input = controls.querySelector('.tag-input');
  input.value = 'injected';
  const enter = new window.Event('keydown');
  Object.defineProperty(enter, 'key', { value: 'Enter' });
  input.dispatchEvent(enter);
  input.dispatchEvent(new window.Event('blur'));
  controls.querySelector('button[data-tag="rl"]').dispatchEvent(new window.Event('click', { bubbles: true }));
  const box = controls.querySelector('.menu input[value="lib-thursday"]');
  box.checked = true;
  box.dispatchEvent(new window.Event('change', { bubbles: true }));
  document.querySelector(`[${MARK_ATTRIBUTE}="${note.id}"]`).dispatchEvent(new window.Event('click', { bubbles: true }));

  assert.deepEqual(worker.sent.slice(before).filter((m) => m.type !== 'get-page-state'), []);
  assert.equal(controls.querySelector('select').value, 'reading', 'the forced choice is put back');
  assert.equal(controls.querySelector('.menu input[value="lib-thursday"]').checked, false, 'the forced tick is put back');
  assert.equal(integration.editor.isOpen, false, 'the note did not open');
});

test('a selection in an abstract becomes a highlight with quote and position selectors, painted at once', async (t) => {
  const { window, document, worker, integration } = await open(t);
  const paragraph = articleOf(document, expected[0].id).querySelector('.md\\:flex p');
  const textNode = paragraph.firstChild;
  const start = textNode.data.indexOf('geometric mean speedup');
  const selection = { rangeCount: 1, isCollapsed: false, getRangeAt: () => ({
    startContainer: textNode, startOffset: start, endContainer: textNode, endOffset: start + 22,
    getBoundingClientRect: () => ({ top: 0, left: 0, bottom: 10, width: 50 }) }),
    removeAllRanges() { this.isCollapsed = true; } };
  window.getSelection = () => selection;
  const target = integration.resolveSelection(selection);
  assert.equal(target.paperId, expected[0].id);
  assert.equal(target.field, 'abstract');
  const annotation = integration.createAnnotation(target, '');
  const [put] = worker.ofType('put-annotation');
  assert.equal(put.annotation, annotation);
  const [quote, position] = annotation.target.selectors;
  assert.equal(quote.exact, 'geometric mean speedup');
  assert.equal(new FieldText(paragraph).text.slice(position.start, position.end), 'geometric mean speedup');
  assert.equal(document.querySelector(`[${MARK_ATTRIBUTE}="${annotation.id}"]`).textContent, 'geometric mean speedup');
  assert.ok(selection.isCollapsed, 'the selection is cleared once highlighted');
});

test('a highlight the worker refuses (a collection the user only views) is taken off the page again', async (t) => {
  const { window, document, worker, integration } = await open(t, undefined,
    { 'put-annotation': { ok: false, error: 'You can only view “Survey”.' } });
  const paragraph = articleOf(document, expected[0].id).querySelector('.md\\:flex p');
  const textNode = paragraph.firstChild;
  const start = textNode.data.indexOf('geometric mean speedup');
  window.getSelection = () => null;
  Object.defineProperty(document, 'location', { value: window.location });
  const annotation = integration.createAnnotation({ paperId: expected[0].id, field: 'abstract',
    ...new FieldText(paragraph).offsetsOf({ container: textNode, offset: start }, { container: textNode, offset: start + 22 }),
    text: new FieldText(paragraph).text, rect: null }, '');
  assert.ok(document.querySelector(`[${MARK_ATTRIBUTE}="${annotation.id}"]`), 'shown at once');
  const reads = worker.ofType('get-page-state').length;
  await settle();
  await settle();
  assert.equal(worker.ofType('get-page-state').length, reads + 1, 'the refusal re-reads what the worker holds');
  assert.equal(document.querySelector(`[${MARK_ATTRIBUTE}="${annotation.id}"]`), null);
});

test('a selection outside any title or abstract offers nothing', async (t) => {
  const { document, integration } = await open(t);
  const heading = document.querySelector('h1').firstChild;
  const selection = { rangeCount: 1, isCollapsed: false, getRangeAt: () => ({ startContainer: heading, startOffset: 0,
    endContainer: heading, endOffset: 5, getBoundingClientRect: () => ({}) }) };
  assert.equal(integration.resolveSelection(selection), null);
});

test('a period tab replacing the listing gets the new cards controls, state and a new capture', async (t) => {
  const { window, document, worker, integration } = await open(t);
  mock.timers.tick(1500);
  const grid = document.querySelector('div.grid');
  const replacement = parseHTML(searchHtml.replaceAll('2501.', '2502.')).document.querySelector('div.grid');
  grid.replaceWith(replacement);
  window.location = { href: 'https://huggingface.co/papers/week/2025-W44', pathname: '/papers/week/2025-W44' };
  await settle(); // MutationObserver records
  mock.timers.tick(150); // the watcher's debounce
  await settle();
  assert.equal(document.querySelectorAll('.papernotes-card-controls').length, 79);
  assert.ok(worker.ofType('get-page-state').at(-1).paperIds.every((id) => id.startsWith('2502.')));
  mock.timers.tick(1500);
  assert.equal(worker.ofType('capture-page').length, 2);
});

test('the worker\'s state revision re-reads the state; a change to other papers is ignored', async (t) => {
  const { worker, integration } = await open(t);
  const reads = () => worker.ofType('get-page-state').length;
  const before = reads();
  worker.bumpRevision(['9999.99999']);
  worker.bumpRevision([expected[5].id]);
  worker.bumpRevision(undefined);
  await settle();
  assert.equal(reads(), before + 2);
});

/** Lays the articles out one under another, 300 px each, with the window scrolled by `scrollY` (linkedom has no layout). */
function layOut(window, document, scrollY) {
  window.innerHeight = 800;
  [...document.querySelectorAll('article')].forEach((article, index) => {
    article.getBoundingClientRect = () => ({ top: index * 300 - scrollY, bottom: index * 300 + 300 - scrollY, left: 0, right: 800 });
  });
}

test('the mark-read shortcut marks the focused paper read while it is on screen, and says so with Undo', async (t) => {
  const { window, document, worker, integration } = await open(t);
  window.getSelection = () => null;
  layOut(window, document, 4 * 300);
  const article = articleOf(document, expected[4].id);
  Object.defineProperty(document, 'activeElement', { value: article.querySelector('.papernotes-card-controls'),
    configurable: true });
  worker.push({ type: 'command', command: 'mark-read' });
  assert.deepEqual(worker.ofType('update-item'), [{ type: 'update-item', paperId: expected[4].id,
    patch: { status: 'read' } }]);
  assert.equal(integration.toast.host.hidden, false);
  assert.match(integration.toast.text.textContent, /^Marked read: “/);
  assert.equal(integration.toast.undoButton.hidden, false);
});

test('the clip shortcut acts on the card in view, not on a card focused earlier and scrolled away, and confirms it', async (t) => {
  const { window, document, worker, integration } = await open(t);
  window.getSelection = () => null;
  Object.defineProperty(document, 'activeElement', { value: articleOf(document, expected[0].id)
    .querySelector('.papernotes-card-controls'), configurable: true });
  // Scrolled down so that card 6 fills the screen; card 0, focused, is far above.
  layOut(window, document, 6 * 300 - 200);
  worker.push({ type: 'command', command: 'clip-paper' });
  const [clip] = worker.ofType('update-item');
  assert.equal(clip.paperId, expected[6].id);
  assert.ok(clip.patch.clippedAt);
  assert.equal(integration.toast.host.hidden, false);
  assert.match(integration.toast.text.textContent, /^Clipped “/);
});

test('unclipping a paper that has a status says it stays in My library; Undo clips it again', async (t) => {
  const paperId = expected[2].id;
  const { window, document, worker, integration } = await open(t, { items: { [paperId]: { paperId, status: 'reading',
    tags: [], clippedAt: '2026-11-20T10:00:00Z' } }, annotations: [], signedIn: true });
  const controls = integration.views.get(articleOf(document, paperId)).controls;
  controls.toggleClip('LOOPer');
  assert.match(integration.toast.text.textContent, /Unclipped “LOOPer”\. It stays in My library while it has a reading status or tags\./);
  integration.toast.undoButton.dispatchEvent(asTrusted(new window.Event('click')));
  assert.deepEqual(worker.ofType('update-item').map((m) => m.patch), [{ clippedAt: null }, { clippedAt: '2026-11-20T10:00:00Z' }]);
});

test('destroying removes every control and mark and restores the page', async (t) => {
  const exact = annotationOn(0, 'geometric mean speedup');
  const before = parseHTML(searchHtml).document.querySelector('div.grid').innerHTML;
  const { document, integration } = await open(t, { items: { [expected[0].id]: { paperId: expected[0].id,
    seenAt: '2020-01-01T00:00:00Z' } }, annotations: [exact], signedIn: true });
  assert.ok(document.querySelector(`[${MARK_ATTRIBUTE}]`));
  integration.destroy();
  assert.equal(document.querySelectorAll('[data-papernotes-ui]').length, 0);
  assert.equal(document.querySelector('div.grid').innerHTML, before);
});

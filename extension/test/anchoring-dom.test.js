import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { FieldText, MARK_ATTRIBUTE, paintHighlight, unpaintHighlight } from '../src/shared/anchoring-dom.js';
import { normalizeText } from '../src/shared/anchoring.js';

function field(html) {
  const { document } = parseHTML(`<html><body><h3 id="f">${html}</h3></body></html>`);
  return document.getElementById('f');
}

test('field text equals the normalised text content, whatever the markup', () => {
  const title = field(`\n  <a href="/papers/1">Deep <span class="highlight">Learning</span>\n for   Code</a> `);
  assert.equal(new FieldText(title).text, normalizeText(title.textContent));
  assert.equal(new FieldText(title).text, 'Deep Learning for Code');
});

test('our own UI inside a field is not part of its text', () => {
  const title = field('Deep Learning<span data-papernotes-ui="">Clip</span> for Code');
  assert.equal(new FieldText(title).text, 'Deep Learning for Code');
});

test('a selection across markup maps to normalised offsets, trimmed of edge spaces', () => {
  const title = field('<a>Deep <span class="highlight">Learning</span>\n for   Code</a>');
  const [deep, span, rest] = title.firstChild.childNodes;
  // From inside "Deep " (its trailing space) to the middle of "\n for   Code" ("for" included).
  const offsets = new FieldText(title).offsetsOf({ container: deep, offset: 4 }, { container: rest, offset: 5 });
  assert.deepEqual(offsets, { start: 5, end: 17 });
  assert.equal('Deep Learning for Code'.slice(5, 17), 'Learning for');
  // Element boundaries: before the span's first child up to after the whole link.
  assert.deepEqual(new FieldText(title).offsetsOf({ container: span, offset: 0 }, { container: title, offset: 1 }),
    { start: 5, end: 22 });
});

test('a selection outside the field holds none of its text', () => {
  const { document } = parseHTML('<html><body><p id="before">x</p><h3 id="f">Title</h3></body></html>');
  const title = document.getElementById('f');
  const before = document.getElementById('before').firstChild;
  assert.equal(new FieldText(title).offsetsOf({ container: before, offset: 0 }, { container: before, offset: 1 }), null);
});

test('painting wraps exactly the anchored text in marks and unpainting restores the field', () => {
  const title = field('<a>Deep <span class="highlight">Learning</span>\n for   Code</a>');
  const before = title.innerHTML;
  const marks = paintHighlight(title, 5, 17, { id: 'a1', className: 'papernotes-hl--note' });
  assert.equal(marks.length, 2);
  assert.equal(marks.map((m) => m.textContent).join('|'), 'Learning|\n for');
  assert.ok(marks.every((m) => m.getAttribute(MARK_ATTRIBUTE) === 'a1' && m.className.includes('papernotes-hl--note')));
  assert.equal(new FieldText(title).text, 'Deep Learning for Code', 'painting never changes the text');
  unpaintHighlight(marks);
  assert.equal(title.innerHTML, before);
});

test('overlapping highlights nest and both keep their text', () => {
  const title = field('Scaling laws for neural language models');
  const first = paintHighlight(title, 0, 12, { id: 'a' });
  const second = paintHighlight(title, 8, 23, { id: 'b' });
  assert.equal(first.map((m) => m.textContent).join(''), 'Scaling laws');
  assert.equal(second.map((m) => m.textContent).join(''), 'laws for neural');
  assert.equal(new FieldText(title).text, 'Scaling laws for neural language models');
});

test('a range outside the text paints nothing', () => {
  assert.deepEqual(paintHighlight(field('Short'), 2, 40, { id: 'x' }), []);
});

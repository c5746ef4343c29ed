import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorSelectors, describeRange, normalizeText } from '../src/shared/anchoring.js';

const abstract = normalizeText(`While polyhedral compilers have shown success in implementing advanced code transformations,
  they still face challenges. On the PolyBench benchmarks, LOOPer achieves a geometric mean speedup of 1.84x over
  Tiramisu and 1.42x over Pluto, two state-of-the-art polyhedral autoschedulers.`);

/** Selectors for the first occurrence of `phrase` in `text`. */
function select(text, phrase) {
  const start = text.indexOf(phrase);
  assert.notEqual(start, -1, `fixture lacks "${phrase}"`);
  return describeRange(text, start, start + phrase.length);
}

test('normalised text collapses whitespace runs and trims the ends', () => {
  assert.equal(normalizeText('  Deep\n\t learning   models \n'), 'Deep learning models');
});

test('describing a range gives a quote with context and a position', () => {
  const [quote, position] = select(abstract, 'geometric mean speedup');
  assert.equal(quote.type, 'TextQuoteSelector');
  assert.equal(quote.exact, 'geometric mean speedup');
  assert.ok(quote.prefix.endsWith('LOOPer achieves a '));
  assert.ok(quote.suffix.startsWith(' of 1.84x'));
  assert.deepEqual(position, { type: 'TextPositionSelector', start: abstract.indexOf('geometric'),
    end: abstract.indexOf('geometric') + 22 });
});

test('an unchanged text anchors exactly where the position says', () => {
  const selectors = select(abstract, 'geometric mean speedup');
  const anchor = anchorSelectors(abstract, selectors);
  assert.equal(anchor.method, 'exact');
  assert.equal(abstract.slice(anchor.start, anchor.end), 'geometric mean speedup');
});

test('text inserted before the quote shifts it, and the quote is found at its new place', () => {
  const selectors = select(abstract, 'geometric mean speedup');
  const edited = `Revised version. ${abstract}`;
  const anchor = anchorSelectors(edited, selectors);
  assert.equal(anchor.method, 'quote');
  assert.equal(edited.slice(anchor.start, anchor.end), 'geometric mean speedup');
  assert.equal(anchor.start, selectors[1].start + 'Revised version. '.length);
});

test('a repeated phrase is told apart by its context', () => {
  const text = 'The model is fast. We compare baselines. The model is accurate and the model is small.';
  const start = text.indexOf('the model is small') + 4;
  const selectors = describeRange(text, start, start + 'model'.length);
  const edited = `Abstract: ${text}`;
  const anchor = anchorSelectors(edited, selectors);
  assert.equal(anchor.start, start + 'Abstract: '.length);
});

test('a slightly reworded quote anchors fuzzily on the changed words', () => {
  const selectors = select(abstract, 'LOOPer achieves a geometric mean speedup of 1.84x over Tiramisu');
  const edited = abstract.replace('geometric mean speedup of 1.84x', 'geometric-mean speed-up of 1.85x');
  const anchor = anchorSelectors(edited, selectors);
  assert.equal(anchor.method, 'fuzzy');
  assert.equal(edited.slice(anchor.start, anchor.end), 'LOOPer achieves a geometric-mean speed-up of 1.85x over Tiramisu');
});

test('a quote whose text is gone is orphaned, not placed somewhere else', () => {
  const selectors = select(abstract, 'two state-of-the-art polyhedral autoschedulers');
  const edited = abstract.replace('two state-of-the-art polyhedral autoschedulers', 'several baselines');
  assert.equal(anchorSelectors(edited, selectors), null);
});

test('a short quote does not anchor fuzzily on a similar word', () => {
  const selectors = select(abstract, 'Pluto');
  assert.equal(anchorSelectors(abstract.replace('Pluto', 'Plato'), selectors), null);
});

test('a position alone anchors only while it fits the text', () => {
  assert.deepEqual(anchorSelectors('short text', [{ type: 'TextPositionSelector', start: 0, end: 5 }]),
    { start: 0, end: 5, method: 'position' });
  assert.equal(anchorSelectors('short', [{ type: 'TextPositionSelector', start: 3, end: 50 }]), null);
  assert.equal(anchorSelectors('short', []), null);
});

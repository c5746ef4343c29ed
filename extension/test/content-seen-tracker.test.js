import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { SeenTracker } from '../src/content/seen-tracker.js';

/** A stand-in for IntersectionObserver that the test drives, as the browser would on scrolling. */
function fakeObserver() {
  const observed = new Set();
  let callback;
  return {
    observed,
    create(cb) {
      callback = cb;
      return { observe: (el) => observed.add(el), unobserve: (el) => observed.delete(el), disconnect: () => observed.clear() };
    },
    scroll(element, ratio) {
      callback([{ target: element, isIntersecting: ratio > 0, intersectionRatio: ratio }]);
    },
  };
}

function setup() {
  mock.timers.enable({ apis: ['setTimeout'] });
  const io = fakeObserver();
  const seen = [];
  const tracker = new SeenTracker({ onSeen: (ids) => seen.push(ids), createObserver: (cb) => io.create(cb) });
  const cards = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' } };
  for (const [id, card] of Object.entries(cards)) tracker.observe(card, `2601.0000${id}`);
  return { io, seen, tracker, cards };
}

test('a card half in view for a second is reported seen, once', (t) => {
  t.after(() => mock.timers.reset());
  const { io, seen, tracker, cards } = setup();
  io.scroll(cards.a, 0.6);
  mock.timers.tick(999);
  assert.deepEqual(seen, []);
  mock.timers.tick(1);
  mock.timers.tick(250); // the batch window
  assert.deepEqual(seen, [['2601.0000a']]);
  io.scroll(cards.a, 0);
  io.scroll(cards.a, 1);
  mock.timers.tick(5000);
  assert.deepEqual(seen, [['2601.0000a']]);
  assert.ok(!io.observed.has(cards.a), 'a reported card is no longer observed');
  tracker.destroy();
});

test('a card scrolled past in under a second, or less than half shown, is not seen', (t) => {
  t.after(() => mock.timers.reset());
  const { io, seen, tracker, cards } = setup();
  io.scroll(cards.a, 0.8);
  mock.timers.tick(600);
  io.scroll(cards.a, 0.2);
  io.scroll(cards.b, 0.4);
  mock.timers.tick(3000);
  assert.deepEqual(seen, []);
  tracker.destroy();
});

test('cards that stay in view together are reported in one batch', (t) => {
  t.after(() => mock.timers.reset());
  const { io, seen, tracker, cards } = setup();
  io.scroll(cards.a, 1);
  mock.timers.tick(100);
  io.scroll(cards.b, 0.5);
  mock.timers.tick(1100);
  mock.timers.tick(250);
  assert.deepEqual(seen, [['2601.0000a', '2601.0000b']]);
  tracker.destroy();
});

test('destroying the tracker cancels pending dwells and stops observing', (t) => {
  t.after(() => mock.timers.reset());
  const { io, seen, tracker, cards } = setup();
  io.scroll(cards.c, 1);
  tracker.destroy();
  mock.timers.tick(5000);
  assert.deepEqual(seen, []);
  assert.equal(io.observed.size, 0);
});

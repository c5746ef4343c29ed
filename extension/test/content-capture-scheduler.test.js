import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureScheduler } from '../src/content/capture-scheduler.js';

function setup() {
  mock.timers.enable({ apis: ['setTimeout'] });
  const captures = [];
  const scheduler = new CaptureScheduler({ capture: () => captures.push(captures.length), delayMs: 1000 });
  return { captures, scheduler };
}

test('a burst of scans on one page is one capture', (t) => {
  t.after(() => mock.timers.reset());
  const { captures, scheduler } = setup();
  scheduler.papersFound(['1', '2']);
  mock.timers.tick(500);
  scheduler.papersFound(['1', '2']);
  mock.timers.tick(1000);
  scheduler.papersFound(['1', '2']);
  mock.timers.tick(5000);
  assert.equal(captures.length, 1);
});

test('new cards appearing are captured again, and so is every navigation', (t) => {
  t.after(() => mock.timers.reset());
  const { captures, scheduler } = setup();
  scheduler.papersFound(['1', '2']);
  mock.timers.tick(1000);
  scheduler.papersFound(['1', '2', '3']);
  mock.timers.tick(1000);
  assert.equal(captures.length, 2);
  scheduler.navigated();
  scheduler.papersFound(['1']);
  mock.timers.tick(1000);
  assert.equal(captures.length, 3);
  scheduler.destroy();
});

test('destroying drops a pending capture', (t) => {
  t.after(() => mock.timers.reset());
  const { captures, scheduler } = setup();
  scheduler.papersFound(['1']);
  scheduler.destroy();
  mock.timers.tick(5000);
  assert.equal(captures.length, 0);
});

test('a pending capture goes out at once when flushed, and only once', (t) => {
  t.after(() => mock.timers.reset());
  const { captures, scheduler } = setup();
  scheduler.flush();
  assert.equal(captures.length, 0, 'nothing pending, nothing sent');
  scheduler.papersFound(['1', '2']);
  scheduler.flush();
  assert.equal(captures.length, 1);
  mock.timers.tick(5000);
  scheduler.papersFound(['1', '2']);
  mock.timers.tick(5000);
  assert.equal(captures.length, 1);
});

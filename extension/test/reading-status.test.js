import { test } from 'node:test';
import assert from 'node:assert/strict';
import { needsForce, STATUSES, STATUS_RANK } from '../src/shared/reading-status.js';

test('statuses follow the server’s order, archived above read', () => {
  assert.deepEqual(STATUSES.map(([status]) => status), ['new', 'to-read', 'reading', 'read', 'archived']);
  assert.ok(STATUS_RANK.archived > STATUS_RANK.read);
});

test('only a move down the order needs force; un-archiving is a move down', () => {
  assert.equal(needsForce('archived', 'read'), true);
  assert.equal(needsForce('archived', 'new'), true);
  assert.equal(needsForce('read', 'to-read'), true);
  assert.equal(needsForce('read', 'archived'), false);
  assert.equal(needsForce('new', 'reading'), false);
  assert.equal(needsForce(undefined, 'new'), false);
  assert.equal(needsForce('reading', undefined), false);
});

// Senders spell message types through MessageType (shared/messages.js), so a renamed type cannot leave a sender
// talking to nobody.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { MessageType } from '../src/shared/messages.js';

const sources = ['content', 'sidepanel', 'options', 'background']
  .flatMap((folder) => readdirSync(new URL(`../src/${folder}/`, import.meta.url))
    .filter((name) => name.endsWith('.js')).map((name) => `${folder}/${name}`));

test('no extension module writes a message type as a bare string', () => {
  const types = new Set(Object.values(MessageType));
  const bare = sources.flatMap((path) => [...readFileSync(new URL(`../src/${path}`, import.meta.url), 'utf8')
    .matchAll(/type\s*(?::|===|!==)\s*'([a-z-]+)'/g)]
    .filter(([, type]) => types.has(type)).map(([match]) => `${path}: ${match}`));
  assert.deepEqual(bare, []);
});

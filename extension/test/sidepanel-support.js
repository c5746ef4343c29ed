// A side-panel context over linkedom for the tests of the panel's parts: the real sidepanel.html, a worker that
// records messages and answers what a test says, and a render that only counts.
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { elementBuilder } from '../src/shared/page-ui.js';
import { createPanelState } from '../src/sidepanel/panel-state.js';

const html = readFileSync(new URL('../src/sidepanel/sidepanel.html', import.meta.url), 'utf8');

/** @param {Record<string, (message: any) => any>} [answers] the worker's answer by message type (default `{ ok: true }`) */
export function panelContext(answers = {}) {
  const { window, document } = parseHTML(html);
  const sent = /** @type {any[]} */ ([]);
  const renders = { count: 0 };
  const ctx = {
    window, document, el: elementBuilder(document), state: createPanelState(),
    send: async (/** @type {any} */ message) => {
      sent.push(message);
      return (answers[message.type] ?? (() => ({ ok: true })))(message);
    },
    render: async () => { renders.count++; },
  };
  return { ctx: /** @type {any} */ (ctx), window, document, sent, renders };
}

/** @param {Partial<import('../src/sidepanel/library-view.js').Entry>} fields */
export const entry = (fields = {}) => ({
  paperId: '2412.20138', title: 'LOOPer: a learned polyhedral optimizer', abstract: '', authors: '', status: 'new',
  tags: [], starred: false, saved: true, note: '', sortKey: '', annotations: [], ...fields,
});

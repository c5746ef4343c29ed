// Content script entry (bundled as an IIFE into dist/content.js) on huggingface.co/papers*.
import { PageIntegration } from './page-integration.js';
import { replaceOlderCopies } from './replacement.js';

const INSTANCE = '__paperNotesContent';

if (!(/** @type {any} */ (globalThis))[INSTANCE]) { // injected twice into this world: the first copy keeps running
  const integration = new PageIntegration(window);
  /** @type {any} */ (globalThis)[INSTANCE] = integration;
  replaceOlderCopies(document, integration);
  integration.start();
}

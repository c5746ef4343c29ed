// Content script entry (bundled as an IIFE into dist/content.js) on huggingface.co/papers*.
import { PageIntegration } from './page-integration.js';

const INSTANCE = '__paperNotesContent';
/** Dispatched on the document by a fresh injection, so a copy left over from before an extension reload stops. */
const REPLACED_EVENT = 'papernotes-content-replaced';

if (!(/** @type {any} */ (globalThis))[INSTANCE]) { // injected twice into this world: the first copy keeps running
  document.dispatchEvent(new CustomEvent(REPLACED_EVENT));
  const integration = new PageIntegration(window);
  /** @type {any} */ (globalThis)[INSTANCE] = integration;
  document.addEventListener(REPLACED_EVENT, () => integration.destroy(), { once: true });
  integration.start();
}

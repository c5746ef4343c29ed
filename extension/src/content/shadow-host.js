// Our page UI lives in closed shadow roots: Hugging Face's CSS cannot reach in and ours cannot leak out, and the
// page's scripts cannot reach in either (`host.shadowRoot` is null for them), so they can neither read the notes,
// tags and collection names shown there nor find our buttons to click. Only the object that created a root holds it.
// Colours come from custom properties set on the host by content.css (light, and `html.dark`), which inherit into
// the shadow tree.
import { UI_ATTRIBUTE } from '../shared/anchoring-dom.js';

/** Shared by every shadow root: a reset, the font and the focus ring. */
export const BASE_CSS = `
:host { all: initial; display: block; font: 13px/1.4 "Source Sans Pro", ui-sans-serif, system-ui, -apple-system,
  "Segoe UI", sans-serif; color: var(--pn-fg); }
:host([hidden]) { display: none !important; }
*, *::before, *::after { box-sizing: border-box; }
button, input, select, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus { outline: none; }
:focus-visible { outline: 2px solid var(--pn-focus); outline-offset: 1px; }
.btn { display: inline-flex; align-items: center; gap: 4px; height: 28px; padding: 0 10px; border-radius: 8px;
  border: 1px solid var(--pn-border); background: var(--pn-button-bg); white-space: nowrap; }
.btn:hover { background: var(--pn-button-hover); }
.btn[aria-pressed="true"] { border-color: var(--pn-accent); color: var(--pn-accent); background: var(--pn-accent-soft); }
.btn.primary { background: var(--pn-accent); border-color: var(--pn-accent); color: var(--pn-on-accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
svg { width: 14px; height: 14px; flex: none; }
`;

/**
 * A host element with a closed shadow root holding `css` and the markup `html`; keep `root`, it cannot be found again.
 * @param {Document} document
 * @param {string} className a `papernotes-*` class for content.css
 * @param {string} css
 * @param {string} html static markup (never user text: that goes in with textContent)
 */
export function createShadowHost(document, className, css, html) {
  const host = document.createElement('div');
  host.className = `papernotes-host ${className}`;
  host.setAttribute(UI_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML = `<style>${BASE_CSS}${css}</style>${html}`;
  return { host, root };
}

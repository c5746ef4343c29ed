// Offers Highlight and Note next to a text selection inside a paper's title, abstract or AI summary.
import { createShadowHost } from './shadow-host.js';
import { trusted } from './trusted.js';

/**
 * @typedef {object} SelectionTarget  a selection resolved to one field of one paper
 * @property {string} paperId
 * @property {import('./cards.js').FieldName} field
 * @property {number} start  normalised offsets
 * @property {number} end
 * @property {string} text   the field's normalised text, which the offsets index
 * @property {DOMRect} rect  where the selection is on screen
 */

const CSS = `
:host { position: absolute; z-index: 2147483000; }
.toolbar { display: flex; gap: 2px; padding: 3px; border-radius: 10px; border: 1px solid var(--pn-border);
  background: var(--pn-popover-bg); box-shadow: 0 6px 20px var(--pn-shadow); }
.btn { border-color: transparent; background: none; }
.swatch { width: 10px; height: 10px; border-radius: 3px; background: var(--pn-hl-yellow); border: 1px solid var(--pn-hl-edge); }
`;

const HTML = `<div class="toolbar" role="toolbar" aria-label="Annotate selection">
  <button type="button" class="btn highlight"><span class="swatch" aria-hidden="true"></span>Highlight</button>
  <button type="button" class="btn note">Note</button>
</div>`;

export class SelectionToolbar {
  /**
   * @param {Window} window
   * @param {(selection: Selection) => SelectionTarget | null} resolve  maps the selection to a field, or null
   * @param {{ onHighlight: (target: SelectionTarget) => void, onNote: (target: SelectionTarget) => void }} actions
   */
  constructor(window, resolve, actions) {
    this.window = window;
    this.resolve = resolve;
    this.actions = actions;
    /** @type {SelectionTarget | null} */
    this.target = null;
    const { host, root } = createShadowHost(window.document, 'papernotes-selection-toolbar', CSS, HTML);
    this.host = host;
    this.root = root;
    this.host.hidden = true;
    // Pressing a button must not clear the page selection before the click lands.
    root.addEventListener('mousedown', (event) => event.preventDefault());
    // Showing the toolbar reveals nothing, but acting from it takes the user's own click (trusted.js).
    root.querySelector('.highlight').addEventListener('click', trusted(() => this.#act('onHighlight')));
    root.querySelector('.note').addEventListener('click', trusted(() => this.#act('onNote')));
    this.onPointerUp = () => this.window.setTimeout(() => this.refresh(), 0);
    this.onKeyUp = (/** @type {KeyboardEvent} */ event) => {
      if (event.key === 'Escape') this.hide();
      else if (event.shiftKey || event.key.startsWith('Arrow')) this.refresh();
    };
    this.onSelectionChange = () => {
      if (this.window.getSelection()?.isCollapsed) this.hide();
    };
    window.document.addEventListener('mouseup', this.onPointerUp);
    window.document.addEventListener('keyup', this.onKeyUp);
    window.document.addEventListener('selectionchange', this.onSelectionChange);
  }

  /** The current selection as a target, without showing anything (for the keyboard shortcut). */
  current() {
    const selection = this.window.getSelection();
    return selection && !selection.isCollapsed ? this.resolve(selection) : null;
  }

  /** Shows the toolbar above the selection when it lies in a field, hides it otherwise. */
  refresh() {
    this.target = this.current();
    if (!this.target) {
      this.hide();
      return;
    }
    const { rect } = this.target;
    if (!this.host.isConnected) this.window.document.body.append(this.host);
    const top = rect.top + this.window.scrollY - 42;
    this.host.style.top = `${Math.max(this.window.scrollY + 4, top)}px`;
    this.host.style.left = `${Math.max(4, rect.left + this.window.scrollX + rect.width / 2 - 80)}px`;
    this.host.hidden = false;
  }

  hide() {
    this.host.hidden = true;
    this.target = null;
  }

  destroy() {
    this.window.document.removeEventListener('mouseup', this.onPointerUp);
    this.window.document.removeEventListener('keyup', this.onKeyUp);
    this.window.document.removeEventListener('selectionchange', this.onSelectionChange);
    this.host.remove();
  }

  /** @param {'onHighlight' | 'onNote'} action */
  #act(action) {
    const target = this.target;
    this.hide();
    if (target) this.actions[action](target);
  }
}

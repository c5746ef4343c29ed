// The row of controls under each card (and under a paper page's title): clip, reading status, tags, collections,
// and a warning when some of the paper's highlights could not be placed.
import { MessageType } from '../shared/messages.js';
import { needsForce, STATUSES } from '../shared/reading-status.js';
import { createShadowHost } from './shadow-host.js';
import { trusted } from './trusted.js';

/** @typedef {import('../shared/messages.js').Item} Item */
/** @typedef {import('../shared/messages.js').ReadingStatus} ReadingStatus */
/** @typedef {NonNullable<import('../shared/messages.js').PageState['collections']>[number]} Collection */

/**
 * @typedef {object} CardState
 * @property {Item | undefined} item
 * @property {Collection[]} collections
 * @property {string[]} memberOf        collection library ids holding this paper
 * @property {string[]} orphanQuotes    quotes of annotations that could not be anchored here
 */

/** Kept for importers of this module; the list lives in shared/reading-status.js. */
export { STATUSES };

const BOOKMARK = '<svg viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M6 3h12a1 1 0 0 1 1 1v17l-7-4-7 4V4a1 1 0 0 1 1-1z"/></svg>';

const CSS = `
:host { margin: 0; border-top: 1px solid var(--pn-border); background: var(--pn-bar-bg); }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 8px 16px; }
select { height: 28px; border-radius: 8px; border: 1px solid var(--pn-control-border); background: var(--pn-button-bg);
  padding: 0 6px; }
.tags { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; min-width: 0; }
.tag { display: inline-flex; align-items: center; gap: 2px; height: 22px; padding: 0 4px 0 8px; border-radius: 999px;
  border: 1px solid var(--pn-border); background: var(--pn-chip-bg); font-size: 12px; }
.tag button { border: 0; background: none; padding: 0 4px; border-radius: 999px; color: var(--pn-muted); line-height: 1; }
.tag button:hover { color: var(--pn-fg); }
.tag-input { width: 84px; height: 24px; border: 1px dashed var(--pn-control-border); border-radius: 999px; background: none;
  padding: 0 8px; font-size: 12px; }
.tag-input::placeholder { color: var(--pn-muted); }
/* Opens upwards: cards clip what overflows them (overflow: hidden), and the row sits at a card's bottom. It is
   placed against the whole row, not its button, so on a narrow screen it cannot run past the card's right edge. */
.bar { position: relative; }
details { position: static; }
summary { list-style: none; }
summary::-webkit-details-marker { display: none; }
.menu { position: absolute; z-index: 30; bottom: calc(100% - 4px); left: 12px; min-width: min(200px, calc(100% - 24px));
  max-width: calc(100% - 24px); max-height: 150px; overflow: auto; overflow-wrap: anywhere;
  padding: 6px; border-radius: 10px; border: 1px solid var(--pn-border); background: var(--pn-popover-bg);
  box-shadow: 0 8px 24px var(--pn-shadow); }
.menu label { display: flex; align-items: center; gap: 8px; padding: 4px 6px; border-radius: 6px; cursor: pointer; }
.menu label:hover { background: var(--pn-button-hover); }
.menu .empty { padding: 4px 6px; color: var(--pn-muted); }
.orphans { color: var(--pn-warning); font-size: 12px; margin-left: auto; }
`;

const HTML = `<div class="bar" role="group" aria-label="PaperNotes">
  <button type="button" class="btn clip" aria-pressed="false">${BOOKMARK}<span class="clip-label">Clip</span></button>
  <label class="visually-hidden" for="status">Reading status</label>
  <select id="status" class="status">${STATUSES.map(([v, l]) => `<option value="${v}">${l}</option>`).join('')}</select>
  <details class="collections"><summary class="btn">Collections <span class="collection-count"></span></summary>
    <div class="menu" role="group" aria-label="Collections"></div></details>
  <div class="tags" role="list" aria-label="Tags"></div>
  <input class="tag-input" type="text" placeholder="+ tag" aria-label="Add a tag" maxlength="64" enterkeyhint="done">
  <span class="orphans" role="status" hidden></span>
</div>`;

export class CardControls {
  /**
   * @param {Document} document
   * @param {string} paperId
   * @param {(message: import('../shared/messages.js').Message) => void} send  to the worker
   * @param {() => Date} [now]
   * @param {{ show: (text: string, options?: { undo?: () => void }) => void } | null} [toast]  says what a click did,
   *   with Undo
   */
  constructor(document, paperId, send, now = () => new Date(), toast = null) {
    this.toast = toast;
    this.paperId = paperId;
    this.send = send;
    this.now = now;
    const { host, root } = createShadowHost(document, 'papernotes-card-controls', CSS, HTML);
    this.host = host;
    this.root = root;
    /** @type {CardState} */
    this.state = { item: undefined, collections: [], memberOf: [], orphanQuotes: [] };
    const $ = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
    this.clipButton = $('.clip');
    this.statusSelect = /** @type {HTMLSelectElement} */ ($('.status'));
    this.tagList = $('.tags');
    this.tagInput = /** @type {HTMLInputElement} */ ($('.tag-input'));
    this.collectionMenu = $('.menu');
    // Only the user's own input acts (trusted.js); a change a script forced is put back by the next update.
    this.clipButton.addEventListener('click', trusted(() => this.toggleClip()));
    this.statusSelect.addEventListener('change', (event) => {
      if (event.isTrusted) this.setStatus(/** @type {ReadingStatus} */ (this.statusSelect.value));
      else this.update({});
    });
    this.tagInput.addEventListener('keydown', (event) => this.#onTagKey(event));
    this.tagInput.addEventListener('blur', trusted(() => this.addTag(this.tagInput.value)));
    this.tagList.addEventListener('click', trusted((event) => {
      const button = /** @type {HTMLElement} */ (event.target).closest?.('button[data-tag]');
      if (button) this.removeTag(button.getAttribute('data-tag'));
    }));
    this.details = /** @type {HTMLDetailsElement} */ ($('details'));
    // The menu closes on a click elsewhere or Escape, like a native select. Seen from the document, a path into a
    // closed shadow root stops at its host, so "inside" is anywhere in this row.
    this.onOutsidePointer = (/** @type {Event} */ event) => {
      if (!event.composedPath().includes(this.host)) this.details.open = false;
    };
    this.details.addEventListener('toggle', () => {
      const doc = this.host.ownerDocument;
      if (this.details.open) doc.addEventListener('pointerdown', this.onOutsidePointer, true);
      else doc.removeEventListener('pointerdown', this.onOutsidePointer, true);
    });
    this.details.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !this.details.open) return;
      this.details.open = false;
      /** @type {HTMLElement} */ (this.details.querySelector('summary')).focus();
    });
    this.collectionMenu.addEventListener('change', (event) => {
      if (!event.isTrusted) return this.update({});
      const box = /** @type {HTMLInputElement} */ (event.target);
      this.setCollection(box.value, box.checked);
    });
  }

  /** @param {Partial<CardState>} state */
  update(state) {
    this.state = { ...this.state, ...state };
    const { item, collections, memberOf, orphanQuotes } = this.state;
    const clipped = !!item?.clippedAt;
    this.clipButton.setAttribute('aria-pressed', String(clipped));
    this.clipButton.querySelector('.clip-label').textContent = clipped ? 'Clipped' : 'Clip';
    this.clipButton.title = clipped ? 'Remove from your library' : 'Save to your library';
    const status = item?.status ?? 'new';
    // Selecting an option deselects the others in a single select.
    /** @type {HTMLOptionElement} */ (this.statusSelect.querySelector(`option[value="${status}"]`)).selected = true;
    this.#renderTags(item?.tags ?? []);
    this.#renderCollections(collections, memberOf);
    const orphans = /** @type {HTMLElement} */ (this.root.querySelector('.orphans'));
    orphans.hidden = orphanQuotes.length === 0;
    orphans.textContent = `${orphanQuotes.length} highlight${orphanQuotes.length === 1 ? '' : 's'} not found in this text`;
    orphans.title = orphanQuotes.map((quote) => `“${quote}”`).join('\n');
  }

  /**
   * Clips the paper (and queues it to read when it had no status), or unclips it; says so, with Undo. An unclipped
   * paper with a reading status or tags stays in the library, and the message says why.
   * @param {string} [title] the paper's title, for the message
   */
  toggleClip(title) {
    const item = this.state.item;
    const clipping = !item?.clippedAt;
    const patch = clipping
      ? { clippedAt: this.now().toISOString(), ...(!item?.status || item.status === 'new' ? { status: /** @type {const} */ ('to-read') } : {}) }
      : { clippedAt: null };
    this.#patch(patch);
    const undoPatch = clipping
      ? { clippedAt: null, ...(patch.status ? { status: item?.status ?? 'new', force: true } : {}) }
      : { clippedAt: item?.clippedAt ?? null };
    const name = title ? ` “${title}”` : '';
    const stays = !clipping && ((item?.status && item.status !== 'new') || (item?.tags ?? []).length > 0);
    this.toast?.show(clipping ? `Clipped${name}.`
      : stays ? `Unclipped${name}. It stays in My library while it has a reading status or tags.` : `Unclipped${name}.`,
    { undo: () => this.#patch(/** @type {any} */ (undoPatch)) });
  }

  /** @param {ReadingStatus} status */
  setStatus(status) {
    const current = this.state.item?.status ?? 'new';
    if (status === current) return;
    // A choice lower than the current one (un-archiving too) is sent with `force`.
    this.#patch({ status, ...(needsForce(current, status) ? { force: true } : {}) });
  }

  /** @param {string} raw */
  addTag(raw) {
    const tag = raw.replace(/,/g, ' ').trim();
    this.tagInput.value = '';
    const tags = this.state.item?.tags ?? [];
    if (!tag || tags.includes(tag)) return;
    this.#patch({ tags: [...tags, tag] });
  }

  /** @param {string} tag */
  removeTag(tag) {
    this.#patch({ tags: (this.state.item?.tags ?? []).filter((t) => t !== tag) });
    this.tagInput.focus();
  }

  /** @param {string} libraryId @param {boolean} member */
  setCollection(libraryId, member) {
    this.send({ type: member ? MessageType.AddToCollection : MessageType.RemoveFromCollection, paperId: this.paperId, libraryId });
    const memberOf = this.state.memberOf.filter((id) => id !== libraryId);
    this.update({ memberOf: member ? [...memberOf, libraryId] : memberOf });
  }

  destroy() {
    this.host.ownerDocument.removeEventListener('pointerdown', this.onOutsidePointer, true);
    this.host.remove();
  }

  /** Sends the change and shows it at once; the worker's state revision confirms it a moment later. */
  #patch(/** @type {Partial<Item> & { force?: boolean }} */ patch) {
    this.send({ type: MessageType.UpdateItem, paperId: this.paperId, patch });
    const { force, ...fields } = patch;
    this.update({ item: { paperId: this.paperId, ...this.state.item, ...fields } });
  }

  /** @param {KeyboardEvent} event */
  #onTagKey(event) {
    if (!event.isTrusted) return;
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      this.addTag(this.tagInput.value);
    } else if (event.key === 'Backspace' && this.tagInput.value === '') {
      const tags = this.state.item?.tags ?? [];
      if (tags.length) this.removeTag(tags[tags.length - 1]);
    }
    // Hugging Face binds single-key shortcuts on the page; typing a tag must not trigger them.
    event.stopPropagation();
  }

  /** @param {string[]} tags */
  #renderTags(tags) {
    const doc = this.host.ownerDocument;
    this.tagList.replaceChildren(...tags.map((tag) => {
      const chip = doc.createElement('span');
      chip.className = 'tag';
      chip.setAttribute('role', 'listitem');
      chip.append(tag);
      const remove = doc.createElement('button');
      remove.type = 'button';
      remove.setAttribute('data-tag', tag);
      remove.setAttribute('aria-label', `Remove tag ${tag}`);
      remove.textContent = '×';
      chip.append(remove);
      return chip;
    }));
  }

  /** @param {Collection[]} collections @param {string[]} memberOf */
  #renderCollections(collections, memberOf) {
    const doc = this.host.ownerDocument;
    const count = memberOf.filter((id) => collections.some((c) => c.id === id)).length;
    this.root.querySelector('.collection-count').textContent = count ? `(${count})` : '';
    if (collections.length === 0) {
      const empty = doc.createElement('div');
      empty.className = 'empty';
      empty.textContent = 'No collections yet: create one in the side panel.';
      this.collectionMenu.replaceChildren(empty);
      return;
    }
    this.collectionMenu.replaceChildren(...collections.map((collection) => {
      const label = doc.createElement('label');
      const box = doc.createElement('input');
      box.type = 'checkbox';
      box.value = collection.id;
      box.checked = memberOf.includes(collection.id);
      box.disabled = collection.role === 'viewer';
      label.append(box, collection.name);
      if (box.disabled) label.title = 'You can only view this collection';
      return label;
    }));
  }
}

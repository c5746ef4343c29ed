// The inline note editor: a small popover next to a highlight, showing the note rendered from Markdown, or a textarea.
import { createShadowHost } from './shadow-host.js';
import { renderMarkdown } from '../shared/markdown.js';
import { trusted } from './trusted.js';

const CSS = `
:host { position: absolute; z-index: 2147483000; width: min(420px, calc(100vw - 16px)); }
.panel { border-radius: 12px; border: 1px solid var(--pn-border); background: var(--pn-popover-bg);
  box-shadow: 0 12px 32px var(--pn-shadow); padding: 10px 12px 12px; }
.head { display: flex; align-items: flex-start; gap: 8px; }
blockquote { flex: 1; margin: 0; padding-left: 8px; border-left: 3px solid var(--pn-hl-edge); color: var(--pn-muted);
  font-style: italic; max-height: 4.2em; overflow: hidden; }
.close { border: 0; background: none; font-size: 18px; line-height: 1; padding: 0 4px; border-radius: 6px; color: var(--pn-muted); }
.rendered { margin: 10px 0; overflow-wrap: anywhere; max-height: 280px; overflow: auto; }
.rendered > :first-child { margin-top: 0; } .rendered > :last-child { margin-bottom: 0; }
.rendered a { color: var(--pn-accent); }
.rendered code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--pn-chip-bg); padding: 0 3px; border-radius: 4px; }
.rendered pre { background: var(--pn-chip-bg); padding: 8px; border-radius: 8px; overflow: auto; }
textarea { display: block; width: 100%; min-height: 110px; margin: 10px 0 4px; padding: 8px; resize: vertical;
  border-radius: 8px; border: 1px solid var(--pn-control-border); background: var(--pn-input-bg); line-height: 1.45; }
.hint { color: var(--pn-muted); font-size: 11px; }
.actions { display: flex; gap: 6px; align-items: center; margin-top: 8px; }
.actions .spacer { flex: 1; }
.danger { color: var(--pn-danger); }
[hidden] { display: none !important; }
`;

const HTML = `<div class="panel" role="dialog" aria-label="Note">
  <div class="head"><blockquote class="quote"></blockquote>
    <button type="button" class="close" aria-label="Close">×</button></div>
  <div class="rendered"></div>
  <label class="visually-hidden" for="body">Note (Markdown)</label>
  <textarea id="body" placeholder="Write a note… Markdown works: **bold**, _italic_, [links](https://…), lists."></textarea>
  <div class="hint edit-only">Markdown · Ctrl+Enter saves · Esc closes</div>
  <div class="actions">
    <button type="button" class="btn danger delete">Delete</button><span class="spacer"></span>
    <button type="button" class="btn edit view-only">Edit note</button>
    <button type="button" class="btn cancel edit-only">Cancel</button>
    <button type="button" class="btn primary save edit-only">Save</button>
  </div>
</div>`;

/**
 * @typedef {object} NoteRequest
 * @property {DOMRect} rect        what the note is about, on screen
 * @property {string} quote
 * @property {string} body         Markdown ('' for a bare highlight or a new note)
 * @property {(body: string) => void} onSave
 * @property {(() => void) | null} onDelete  null while the annotation does not exist yet
 * @property {HTMLElement | null} [returnFocus]
 */

export class NoteEditor {
  /** @param {Window} window */
  constructor(window) {
    this.window = window;
    const { host, root } = createShadowHost(window.document, 'papernotes-note-editor', CSS, HTML);
    this.host = host;
    this.root = root;
    this.host.hidden = true;
    /** @type {NoteRequest | null} */
    this.request = null;
    const $ = (/** @type {string} */ selector) => /** @type {HTMLElement} */ (root.querySelector(selector));
    this.textarea = /** @type {HTMLTextAreaElement} */ ($('textarea'));
    this.rendered = $('.rendered');
    // Only the user's own input acts (trusted.js): a script on the page cannot save, delete or reveal a note.
    $('.close').addEventListener('click', trusted(() => this.close()));
    $('.cancel').addEventListener('click', trusted(() => {
      if (!this.request?.body) return this.close();
      this.textarea.value = this.request.body;
      this.#show('view');
    }));
    $('.edit').addEventListener('click', trusted(() => this.#show('edit')));
    $('.save').addEventListener('click', trusted(() => this.save()));
    $('.delete').addEventListener('click', trusted(() => {
      const onDelete = this.request?.onDelete;
      this.close();
      onDelete?.();
    }));
    // A click elsewhere closes a note being read; a note being written stays open so no text is lost.
    this.onOutsidePointer = (/** @type {Event} */ event) => {
      if (this.isOpen && this.textarea.hidden && !event.composedPath().includes(this.host)) this.close();
    };
    window.document.addEventListener('pointerdown', this.onOutsidePointer, true);
    root.addEventListener('keydown', (/** @type {KeyboardEvent} */ event) => {
      if (!event.isTrusted) return;
      if (event.key === 'Escape') this.close();
      else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.save();
      event.stopPropagation(); // keep Hugging Face's own key bindings out of the editor
    });
  }

  get isOpen() {
    return !this.host.hidden;
  }

  /** @param {NoteRequest} request */
  open(request) {
    this.request = request;
    const quote = request.quote.length > 160 ? `${request.quote.slice(0, 157)}…` : request.quote;
    this.root.querySelector('.quote').textContent = `“${quote}”`;
    /** @type {HTMLElement} */ (this.root.querySelector('.delete')).hidden = !request.onDelete;
    this.textarea.value = request.body;
    if (!this.host.isConnected) this.window.document.body.append(this.host);
    const { rect } = request;
    this.host.style.top = `${rect.bottom + this.window.scrollY + 8}px`;
    this.host.style.left = `${Math.max(8, Math.min(rect.left + this.window.scrollX,
      this.window.scrollX + this.window.innerWidth - 436))}px`;
    this.host.hidden = false;
    this.#show(request.body ? 'view' : 'edit');
  }

  save() {
    const request = this.request;
    if (!request) return;
    const body = this.textarea.value.trim();
    this.close();
    request.onSave(body);
  }

  close() {
    if (!this.request) return;
    const returnFocus = this.request.returnFocus;
    this.request = null;
    this.host.hidden = true;
    if (returnFocus?.isConnected) returnFocus.focus();
  }

  destroy() {
    this.window.document.removeEventListener('pointerdown', this.onOutsidePointer, true);
    this.request = null;
    this.host.remove();
  }

  /** @param {'view' | 'edit'} mode */
  #show(mode) {
    const editing = mode === 'edit';
    this.rendered.hidden = editing;
    this.textarea.hidden = !editing;
    for (const el of this.root.querySelectorAll('.edit-only')) /** @type {HTMLElement} */ (el).hidden = !editing;
    for (const el of this.root.querySelectorAll('.view-only')) /** @type {HTMLElement} */ (el).hidden = editing;
    if (editing) {
      this.textarea.focus();
    } else {
      this.rendered.innerHTML = renderMarkdown(this.request?.body ?? '', this.window);
      /** @type {HTMLElement} */ (this.root.querySelector('.edit')).focus();
    }
  }
}

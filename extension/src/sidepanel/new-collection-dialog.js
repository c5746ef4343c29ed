// "New collection": a name and a description, created on the server through the worker (online only; the reason
// shows in the dialog when it cannot be). A native modal <dialog>, like the share dialog.
import { MessageType } from '../shared/messages.js';
import { elementBuilder } from '../shared/page-ui.js';

export class NewCollectionDialog {
  /**
   * @param {{ document: Document,
   *   send: (message: import('../shared/messages.js').Message) => Promise<import('../shared/messages.js').ManagementAnswer>,
   *   onCreated: (collection: import('../shared/messages.js').Collection) => void }} deps
   *   `send` goes to the worker and never rejects: a failed send answers `{ ok: false, error }`.
   */
  constructor({ document, send, onCreated }) {
    const el = elementBuilder(document);
    this.send = send;
    this.onCreated = onCreated;
    /** @type {HTMLElement | null} */
    this.opener = null;
    this.nameInput = /** @type {HTMLInputElement} */ (el('input', { id: 'new-collection-name', class: 'new-collection-name', required: true,
      maxlength: 200, autocomplete: 'off', placeholder: 'Papers for Thursday' }));
    this.descriptionInput = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'new-collection-description',
      class: 'new-collection-description', rows: 3, maxlength: 2000 }));
    this.error = el('p', { class: 'new-collection-error error', role: 'alert', hidden: true });
    this.submit = /** @type {HTMLButtonElement} */ (el('button', { type: 'submit', class: 'new-collection-submit primary' }, 'Create'));
    this.form = el('form', { class: 'new-collection-form', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); void this.create(); } },
      el('label', { for: 'new-collection-name' }, 'Name'), this.nameInput,
      el('label', { for: 'new-collection-description' }, 'Description ', el('span', { class: 'muted' }, '(optional)')), this.descriptionInput,
      this.error,
      el('div', { class: 'share-actions' },
        el('button', { type: 'button', class: 'new-collection-cancel', onclick: () => this.close() }, 'Cancel'), this.submit));
    this.dialog = /** @type {HTMLDialogElement} */ (el('dialog', { id: 'new-collection-dialog', class: 'new-collection-dialog',
      'aria-labelledby': 'new-collection-title', onclose: () => { this.opener?.focus(); this.opener = null; } },
    el('h2', { id: 'new-collection-title' }, 'New collection'),
    el('p', { class: 'muted' }, 'A reading list you can share: members see its papers, notes and highlights.'),
    this.form));
    document.body.append(this.dialog);
  }

  get isOpen() { return this.dialog.hasAttribute('open'); }

  /** @param {HTMLElement | null} [opener] */
  open(opener = null) {
    this.opener = opener;
    this.nameInput.value = '';
    this.descriptionInput.value = '';
    this.#setError(null);
    if (typeof this.dialog.showModal === 'function') this.dialog.showModal();
    else this.dialog.setAttribute('open', '');
    this.nameInput.focus();
  }

  close() {
    if (typeof this.dialog.close === 'function') this.dialog.close();
    else { this.dialog.removeAttribute('open'); this.opener = null; }
  }

  async create() {
    const name = this.nameInput.value.trim();
    if (!name) { this.#setError('A collection needs a name.'); this.nameInput.focus(); return; }
    this.submit.disabled = true;
    const answer = await this.send({ type: MessageType.CreateCollection, name, description: this.descriptionInput.value.trim() });
    this.submit.disabled = false;
    if (!answer.ok || !answer.collection) { this.#setError(answer.error ?? 'No answer from the extension.'); return; }
    this.close();
    this.onCreated(answer.collection);
  }

  /** @param {string | null} text */
  #setError(text) {
    this.error.hidden = !text;
    this.error.textContent = text ?? '';
  }
}

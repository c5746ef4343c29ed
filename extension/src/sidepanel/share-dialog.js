// The share dialog of a collection: its members with their roles (invite by username, change a role, remove,
// leave), its name and description, and its public link (on/off, copy, rotate). Every change is an online-only
// call through the worker; its answer (or the sentence explaining a failure) shows in the dialog. A native modal
// <dialog>: focus moves in on open, Escape closes it, and focus returns to the button that opened it.
import { elementBuilder } from '../shared/page-ui.js';
import { MessageType } from '../shared/messages.js';
import { memberRows, publicLinkUrl, ROLE_LABELS, ROLE_SUMMARIES } from './collection-view.js';

/**
 * @typedef {import('../shared/collections.js').CollectionSummary} CollectionSummary
 * @typedef {import('../shared/messages.js').Member} Member
 * @typedef {import('../shared/messages.js').ManagementAnswer} ManagementAnswer
 *
 * @typedef {object} ShareDialogDeps
 * @property {Document} document
 * @property {(message: import('../shared/messages.js').Message) => Promise<ManagementAnswer>} send
 *   to the worker; never rejects: a failed send answers `{ ok: false, error }`
 * @property {(text: string) => Promise<void>} copy           puts text on the clipboard
 * @property {(libraryId: string) => Member[]} storedMembers  members as this device last synced them (offline)
 */

export class ShareDialog {
  /** @param {ShareDialogDeps} deps */
  constructor({ document, send, copy, storedMembers }) {
    this.send = send;
    this.copy = copy;
    this.storedMembers = storedMembers;
    const el = elementBuilder(document);
    this.el = el;
    /** @type {CollectionSummary | undefined} */
    this.collection = undefined;
    /** @type {string | undefined} */
    this.me = undefined;
    /** @type {string | null} */
    this.serverUrl = null;
    /** @type {Member[]} */
    this.members = [];
    /** @type {HTMLElement | null} */
    this.opener = null;

    this.title = el('h2', { id: 'share-title', class: 'share-title' });
    this.roleText = el('p', { class: 'share-role muted' });
    this.error = el('p', { class: 'share-error error', role: 'alert', hidden: true });
    this.notice = el('p', { class: 'share-notice muted', role: 'status', 'aria-live': 'polite' });

    this.nameInput = /** @type {HTMLInputElement} */ (el('input', { id: 'share-name', class: 'share-name', required: true, maxlength: 200, autocomplete: 'off' }));
    this.descriptionInput = /** @type {HTMLTextAreaElement} */ (el('textarea', { id: 'share-description', class: 'share-description', rows: 2, maxlength: 2000 }));
    this.details = el('form', { class: 'share-details', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); void this.saveDetails(); } },
      el('label', { for: 'share-name' }, 'Name'), this.nameInput,
      el('label', { for: 'share-description' }, 'Description'), this.descriptionInput,
      el('div', { class: 'share-actions' }, el('button', { type: 'submit', class: 'share-save-details' }, 'Save name and description')));

    this.memberList = el('ul', { class: 'share-members', 'aria-label': 'Members' });
    this.inviteInput = /** @type {HTMLInputElement} */ (el('input', { id: 'share-invite-username', class: 'share-invite-username', required: true,
      autocomplete: 'off', spellcheck: 'false', placeholder: 'username' }));
    this.inviteRole = /** @type {HTMLSelectElement} */ (el('select', { class: 'share-invite-role', 'aria-label': 'Role of the new member' },
      el('option', { value: 'editor' }, 'Editor'), el('option', { value: 'viewer' }, 'Viewer')));
    this.invite = el('form', { class: 'share-invite', onsubmit: (/** @type {Event} */ e) => { e.preventDefault(); void this.inviteMember(); } },
      el('label', { for: 'share-invite-username' }, 'Invite by username'),
      el('div', { class: 'share-row' }, this.inviteInput, this.inviteRole,
        el('button', { type: 'submit', class: 'share-invite-submit primary' }, 'Invite')));

    this.publicToggle = /** @type {HTMLInputElement} */ (el('input', { type: 'checkbox', id: 'share-public-toggle', class: 'share-public-toggle',
      onchange: () => void this.setPublicLink(this.publicToggle.checked) }));
    this.publicUrl = /** @type {HTMLInputElement} */ (el('input', { id: 'share-public-url', class: 'share-public-url', readonly: true,
      'aria-label': 'Public link', onfocus: () => this.publicUrl.select() }));
    this.publicToggleRow = el('label', { class: 'share-public-label', for: 'share-public-toggle' }, this.publicToggle,
      'Public link: anyone with it can read this collection, without signing in');
    this.publicOff = el('p', { class: 'share-public-off muted' }, 'No public link.');
    this.rotateButton = el('button', { type: 'button', class: 'share-rotate', onclick: () => void this.rotateLink() }, 'New link');
    this.publicLinkRow = el('div', { class: 'share-row share-public-link' }, this.publicUrl,
      el('button', { type: 'button', class: 'share-copy', onclick: () => void this.copyLink() }, 'Copy link'), this.rotateButton);
    this.rotateHint = el('p', { class: 'share-rotate-hint muted' }, 'A new link stops the old one from working.');

    this.leaveButton = el('button', { type: 'button', class: 'share-leave danger', onclick: () => this.confirm('leave') }, 'Leave collection');
    this.deleteButton = el('button', { type: 'button', class: 'share-delete danger', onclick: () => this.confirm('delete') }, 'Delete collection…');
    this.confirmText = el('span', { class: 'share-confirm-text' });
    this.confirmYes = el('button', { type: 'button', class: 'share-confirm danger', onclick: () => void this.confirmed() }, 'Yes');
    this.confirmRow = el('div', { class: 'share-row share-confirm-row', hidden: true }, this.confirmText, this.confirmYes,
      el('button', { type: 'button', class: 'share-confirm-cancel', onclick: () => this.confirm(null) }, 'Cancel'));
    /** @type {'leave' | 'delete' | null} */
    this.confirming = null;

    this.dialog = /** @type {HTMLDialogElement} */ (el('dialog', { id: 'share-dialog', class: 'share-dialog', 'aria-labelledby': 'share-title',
      onclose: () => this.#onClose() },
    el('div', { class: 'share-head' }, this.title,
      el('button', { type: 'button', class: 'share-close', 'aria-label': 'Close', onclick: () => this.close() }, '×')),
    this.roleText, this.error, this.notice, this.details,
    el('h3', {}, 'Members'), this.memberList, this.invite,
    el('h3', {}, 'Public link'), this.publicToggleRow, this.publicOff, this.publicLinkRow, this.rotateHint,
    el('div', { class: 'share-danger' }, this.leaveButton, this.deleteButton), this.confirmRow));
    document.body.append(this.dialog);
  }

  get isOpen() { return this.dialog.hasAttribute('open'); }

  get #owner() { return this.collection?.role === 'owner'; }

  /**
   * Opens the dialog for a collection and asks the server for its members.
   * @param {CollectionSummary} collection
   * @param {{ me: string | undefined, serverUrl: string | null, opener?: HTMLElement | null }} viewer
   */
  async open(collection, { me, serverUrl, opener = null }) {
    Object.assign(this, { collection, me, serverUrl, opener, confirming: null });
    this.nameInput.value = collection.name;
    this.descriptionInput.value = collection.description;
    this.inviteInput.value = '';
    this.members = this.storedMembers(collection.id);
    this.#setError(null);
    this.notice.textContent = '';
    this.render();
    if (typeof this.dialog.showModal === 'function') this.dialog.showModal();
    else this.dialog.setAttribute('open', '');
    (this.#owner ? this.inviteInput : /** @type {HTMLElement} */ (this.dialog.querySelector('.share-close'))).focus();
    await this.#call({ type: MessageType.ListMembers, libraryId: collection.id });
  }

  /** The collection changed while the dialog is open (a sync, or our own change). @param {CollectionSummary | undefined} collection */
  update(collection) {
    if (!this.isOpen || !this.collection) return;
    if (!collection) { this.close(); return; }
    this.collection = collection;
    this.render();
  }

  close() {
    if (typeof this.dialog.close === 'function') this.dialog.close();
    else { this.dialog.removeAttribute('open'); this.#onClose(); }
  }

  #onClose() {
    this.opener?.focus();
    this.opener = null;
  }

  render() {
    const collection = this.collection;
    if (!collection) return;
    const owner = this.#owner;
    this.title.textContent = `Share “${collection.name}”`;
    this.roleText.textContent = ROLE_SUMMARIES[collection.role] ?? '';
    this.details.hidden = !owner;
    this.invite.hidden = !owner;
    const rows = memberRows(this.members, { me: this.me, myRole: collection.role });
    this.memberList.replaceChildren(...rows.map((row) => this.#memberRow(row)));
    const url = publicLinkUrl(this.serverUrl, collection.publicUrl);
    this.publicToggleRow.hidden = !owner;
    this.publicToggle.checked = Boolean(url);
    this.publicOff.hidden = Boolean(url) || owner;
    this.publicLinkRow.hidden = !url;
    this.publicUrl.value = url ?? '';
    this.rotateButton.hidden = !owner;
    this.rotateHint.hidden = !owner || !url;
    this.leaveButton.hidden = owner;
    this.deleteButton.hidden = !owner;
    this.confirmRow.hidden = !this.confirming;
    this.confirmText.textContent = this.confirming === 'delete'
      ? `Delete “${collection.name}” for every member? Its notes and highlights go too.`
      : `Leave “${collection.name}”? You will need a new invitation to come back.`;
    this.confirmYes.textContent = this.confirming === 'delete' ? 'Delete for everyone' : 'Leave';
  }

  /** @param {import('./collection-view.js').MemberRow} row */
  #memberRow(row) {
    const el = this.el;
    const id = this.collection.id;
    const name = el('span', { class: 'share-member-name' }, row.username, row.self ? el('span', { class: 'muted' }, ' (you)') : null);
    let role;
    if (row.canChangeRole) {
      role = /** @type {HTMLSelectElement} */ (el('select', { class: 'share-member-role', 'aria-label': `Role of ${row.username}`,
        onchange: (/** @type {Event} */ event) => void this.#call({ type: MessageType.SetMemberRole, libraryId: id, username: row.username,
          role: /** @type {'editor' | 'viewer'} */ (/** @type {HTMLSelectElement} */ (event.target).value) }, `${row.username} is now ${/** @type {HTMLSelectElement} */ (event.target).value === 'editor' ? 'an editor' : 'a viewer'}.`) },
      el('option', { value: 'editor', selected: row.role === 'editor' }, ROLE_LABELS.editor),
      el('option', { value: 'viewer', selected: row.role === 'viewer' }, ROLE_LABELS.viewer)));
    } else role = el('span', { class: 'share-member-role-label' }, ROLE_LABELS[row.role] ?? row.role);
    return el('li', { class: 'share-member', 'data-username': row.username, 'data-role': row.role }, name, role,
      row.canRemove ? el('button', { type: 'button', class: 'share-member-remove', 'aria-label': `Remove ${row.username}`,
        onclick: () => void this.#call({ type: MessageType.RemoveMember, libraryId: id, username: row.username }, `${row.username} was removed.`) }, 'Remove') : null);
  }

  async inviteMember() {
    const username = this.inviteInput.value.trim();
    if (!username) { this.#setError('Whom to invite? Give their username.'); this.inviteInput.focus(); return; }
    const role = /** @type {'editor' | 'viewer'} */ (this.inviteRole.value);
    const ok = await this.#call({ type: MessageType.SetMemberRole, libraryId: this.collection.id, username, role },
      `${username} was invited as ${role === 'editor' ? 'an editor' : 'a viewer'}.`);
    if (ok) this.inviteInput.value = '';
    this.inviteInput.focus();
  }

  async saveDetails() {
    const name = this.nameInput.value.trim();
    if (!name) { this.#setError('A collection needs a name.'); this.nameInput.focus(); return; }
    await this.#call({ type: MessageType.UpdateCollection, libraryId: this.collection.id, name, description: this.descriptionInput.value.trim() },
      'Saved.');
  }

  /** @param {boolean} on */
  async setPublicLink(on) {
    const ok = await this.#call({ type: MessageType.UpdateCollection, libraryId: this.collection.id, publicLink: on },
      on ? 'The public link is on.' : 'The public link is off: it no longer opens.');
    if (!ok) this.render();
  }

  async rotateLink() {
    await this.#call({ type: MessageType.UpdateCollection, libraryId: this.collection.id, rotateLink: true },
      'A new link was made; the old one no longer opens.');
  }

  async copyLink() {
    try {
      await this.copy(this.publicUrl.value);
      this.notice.textContent = 'Link copied.';
    } catch {
      // The clipboard can be refused; the address is selected so Ctrl+C still works.
      this.publicUrl.focus();
      this.publicUrl.select();
      this.notice.textContent = 'Press Ctrl+C to copy the selected link.';
    }
  }

  /** @param {'leave' | 'delete' | null} what */
  confirm(what) {
    this.confirming = what;
    this.render();
    if (what) this.confirmYes.focus();
    else (this.#owner ? this.deleteButton : this.leaveButton).focus();
  }

  async confirmed() {
    const id = this.collection.id;
    const ok = this.confirming === 'delete'
      ? await this.#call({ type: MessageType.DeleteCollection, libraryId: id })
      : await this.#call({ type: MessageType.RemoveMember, libraryId: id, username: this.me ?? '' });
    this.confirming = null;
    if (ok) this.close();
    else this.render();
  }

  /**
   * Sends one call, shows its outcome, and takes what it answered.
   * @param {import('../shared/messages.js').Message} message @param {string} [success]
   * @returns {Promise<boolean>}
   */
  async #call(message, success) {
    this.dialog.setAttribute('aria-busy', 'true');
    const answer = await this.send(message);
    this.dialog.removeAttribute('aria-busy');
    if (!answer.ok) {
      this.#setError(answer.error ?? 'No answer from the extension.');
      this.notice.textContent = '';
      return false;
    }
    this.#setError(null);
    if (success) this.notice.textContent = success;
    if (answer.members) this.members = answer.members;
    if (answer.collection && this.collection) {
      const { name, description, publicUrl } = answer.collection;
      this.collection = { ...this.collection, ...(name ? { name } : {}), ...(description !== undefined ? { description } : {}),
        publicUrl: publicUrl ?? null };
    }
    this.render();
    return true;
  }

  /** @param {string | null} text */
  #setError(text) {
    this.error.hidden = !text;
    this.error.textContent = text ?? '';
  }
}

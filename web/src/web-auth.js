// Sign-in of the web library: the authorization code flow with PKCE (S256) as a full-page redirect to the server's
// log-in page and back to `<server>/app/callback`, as the public client `papernotes-web`. The verifier waits in
// sessionStorage (this tab only) for the round trip; the tokens are kept like the extension's (shared/auth.js),
// in this origin's IndexedDB, and refreshed with rotation by the one tab that syncs (see leader.js).
import { authorizeUrl, codeFromRedirect, createPkce, requestTokens } from '../../extension/src/shared/auth.js';
import { writeMeta } from '../../extension/src/shared/store.js';

export const WEB_CLIENT_ID = 'papernotes-web';
export const CALLBACK_PATH = '/app/callback';
const PENDING_KEY = 'papernotes.signIn';

/** @param {Uint8Array} bytes */
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The authorize URL to go to, after remembering what the callback needs to check the answer and redeem the code.
 * @param {string} origin the server (the app's own origin) @param {Pick<Storage, 'setItem'>} storage
 */
export async function beginSignIn(origin, storage) {
  const { verifier, challenge } = await createPkce();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  storage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  return authorizeUrl(origin, { redirectUri: origin + CALLBACK_PATH, challenge, state, clientId: WEB_CLIENT_ID });
}

/**
 * Redeems the code the server sent back to the callback and stores the session. The pending request is consumed
 * first, so a reloaded callback page cannot redeem the same code twice.
 * @param {import('../../extension/src/shared/store.js').Store} db @param {string} callbackUrl
 * @param {Pick<Storage, 'getItem' | 'removeItem'>} storage @param {typeof fetch} [fetchImpl]
 */
export async function completeSignIn(db, callbackUrl, storage, fetchImpl = fetch) {
  const pending = JSON.parse(storage.getItem(PENDING_KEY) ?? 'null');
  storage.removeItem(PENDING_KEY);
  if (!pending) throw new Error('This sign-in was not started here (or was finished already). Sign in again.');
  const code = codeFromRedirect(callbackUrl, pending.state);
  const origin = new URL(callbackUrl).origin;
  const session = await requestTokens(origin, {
    grant_type: 'authorization_code', code, redirect_uri: origin + CALLBACK_PATH, code_verifier: pending.verifier,
  }, fetchImpl, WEB_CLIENT_ID);
  await writeMeta(db, 'auth', session);
  return session;
}

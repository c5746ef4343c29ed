// Sign-in to the PaperNotes server: OAuth 2.0 authorization code with PKCE (S256) through
// chrome.identity.launchWebAuthFlow, refresh-token rotation, revocation of both tokens on sign-out (SPEC §3).
// Tokens live in IndexedDB (extension origin only; content scripts cannot read it), never in worker memory.
import { OfflineError } from './api.js';
import { chromeApi } from './chrome-api.js';
import { readMeta, writeMeta } from './store.js';

export const CLIENT_ID = 'papernotes-extension';
export const SCOPES = 'openid profile offline_access api';
const AUTH_KEY = 'auth';
/** Refresh a little before expiry so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * @typedef {import('./store.js').Store} Store
 * @typedef {{ serverUrl: string, accessToken: string, expiresAt: number, refreshToken: string, clientId?: string }} Session
 *   clientId: the client the tokens were issued to (the web library's `papernotes-web`); the extension's when absent
 */

/** The user is not signed in (or the server ended the session): the UI offers sign-in. */
export class SignedOutError extends Error {
  constructor(message = 'Not signed in') { super(message); this.name = 'SignedOutError'; }
}

/** @param {Uint8Array} bytes */
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A fresh PKCE verifier and its S256 challenge (RFC 7636). */
export async function createPkce() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return { verifier, challenge: base64url(new Uint8Array(digest)) };
}

/** @param {string} serverUrl @param {{ redirectUri: string, challenge: string, state: string, clientId?: string }} request */
export function authorizeUrl(serverUrl, { redirectUri, challenge, state, clientId = CLIENT_ID }) {
  const url = new URL('/connect/authorize', serverUrl);
  url.search = new URLSearchParams({
    client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: SCOPES,
    code_challenge: challenge, code_challenge_method: 'S256', state,
  }).toString();
  return url.toString();
}

/** The code from the redirect, after checking it answers our request. @param {string} redirect @param {string} state */
export function codeFromRedirect(redirect, state) {
  const params = new URL(redirect).searchParams;
  if (params.get('error')) throw new Error(`Sign-in refused: ${params.get('error_description') ?? params.get('error')}`);
  if (params.get('state') !== state) throw new Error('Sign-in answer does not match the request (state)');
  const code = params.get('code');
  if (!code) throw new Error('Sign-in answer has no code');
  return code;
}

/**
 * Posts a form to the token endpoint; a 400 `invalid_grant` (spent, revoked or expired refresh token) signs out.
 * @param {string} serverUrl @param {Record<string, string>} form @param {typeof fetch} fetchImpl
 * @param {string} [clientId]
 * @returns {Promise<Session>}
 */
export async function requestTokens(serverUrl, form, fetchImpl, clientId = CLIENT_ID) {
  let response;
  try {
    response = await fetchImpl(new URL('/connect/token', serverUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: clientId, ...form }),
      // A refresh that never returns would hold every later request behind it (one refresh at a time).
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    // Unreachable is not signed out: the session stays and the sync engine tries again.
    throw new OfflineError(error);
  }
  const answer = await response.json().catch(() => ({}));
  if (response.status === 400 && answer.error === 'invalid_grant') throw new SignedOutError('Signed out by the server');
  if (!response.ok) throw new Error(`Token endpoint answered ${response.status} ${answer.error ?? ''}`.trim());
  return {
    serverUrl,
    ...(clientId === CLIENT_ID ? {} : { clientId }),
    accessToken: answer.access_token,
    expiresAt: Date.now() + (answer.expires_in ?? 900) * 1000,
    refreshToken: answer.refresh_token,
  };
}

/**
 * Runs the interactive sign-in and stores the session.
 * @param {Store} db @param {string} serverUrl
 * @param {{ chrome?: import('./chrome-api.js').ChromeApi, fetchImpl?: typeof fetch }} [deps]
 */
export async function signIn(db, serverUrl, { chrome = chromeApi, fetchImpl = fetch } = {}) {
  await checkServerAnswers(serverUrl, fetchImpl);
  const { verifier, challenge } = await createPkce();
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const redirectUri = chrome.identity.getRedirectURL();
  const redirect = await chrome.identity.launchWebAuthFlow(authorizeUrl(serverUrl, { redirectUri, challenge, state }));
  if (!redirect) throw new Error('Sign-in window closed');
  const code = codeFromRedirect(redirect, state);
  const session = await requestTokens(serverUrl, {
    grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier,
  }, fetchImpl);
  await writeMeta(db, AUTH_KEY, session);
  return session;
}

/**
 * Fails with a sentence a person can act on when nothing answers at the server address: otherwise the sign-in window
 * would only say "Authorization page could not be loaded". `no-cors`: any answer at all counts, CORS or not.
 * @param {string} serverUrl @param {typeof fetch} fetchImpl
 */
export async function checkServerAnswers(serverUrl, fetchImpl) {
  let origin;
  try {
    origin = new URL(serverUrl).origin;
  } catch {
    throw new Error(`“${serverUrl}” is not a server address. Enter one like http://127.0.0.1:5080.`);
  }
  try {
    await fetchImpl(new URL('/healthz', origin), { mode: 'no-cors', signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new Error(`The server did not answer at ${origin}. Check the address, and that the PaperNotes server is running there.`);
  }
}

/** @param {Store} db @returns {Promise<Session | undefined>} */
export const readSession = (db) => readMeta(db, AUTH_KEY);

/** One refresh at a time: two concurrent refreshes would spend the same token and the server revokes the family. */
let refreshing = /** @type {Promise<Session> | undefined} */ (undefined);

/**
 * A valid access token, refreshing (and storing the rotated refresh token) when needed.
 * @param {Store} db @param {{ force?: boolean, fetchImpl?: typeof fetch }} [options]
 */
export async function accessToken(db, { force = false, fetchImpl = fetch } = {}) {
  const session = await readSession(db);
  if (!session) throw new SignedOutError();
  if (!force && session.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return session.accessToken;
  refreshing ??= (async () => {
    try {
      const renewed = await requestTokens(session.serverUrl, {
        grant_type: 'refresh_token', refresh_token: session.refreshToken,
      }, fetchImpl, session.clientId);
      await writeMeta(db, AUTH_KEY, renewed);
      return renewed;
    } catch (error) {
      if (error instanceof SignedOutError) await db.delete('meta', AUTH_KEY);
      throw error;
    } finally {
      refreshing = undefined;
    }
  })();
  return (await refreshing).accessToken;
}

/**
 * Ends this device's authorization and forgets the session. Both tokens are revoked (RFC 7009, each with its
 * `token_type_hint`): the refresh token, so no new access token can be had, and the access token, which would
 * otherwise stay valid until it expires. Best effort: signing out works offline too.
 * @param {Store} db @param {{ fetchImpl?: typeof fetch }} [options]
 */
export async function signOut(db, { fetchImpl = fetch } = {}) {
  const session = await readSession(db);
  await db.delete('meta', AUTH_KEY);
  if (!session) return;
  const revoke = (/** @type {string} */ token, /** @type {'refresh_token' | 'access_token'} */ hint) => fetchImpl(
    new URL('/connect/revoke', session.serverUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: session.clientId ?? CLIENT_ID, token, token_type_hint: hint }),
    }).catch(() => undefined);
  await Promise.all([revoke(session.refreshToken, 'refresh_token'), revoke(session.accessToken, 'access_token')]);
}

// Sign-in of the web library as the public client papernotes-web, and its refresh with that client's id.
import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessToken, readSession } from '../../extension/src/shared/auth.js';
import { openStore } from '../../extension/src/shared/store.js';
import { beginSignIn, completeSignIn } from '../src/web-auth.js';

const ORIGIN = 'https://papers.example.org';

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
}

/** A token endpoint that records each form it receives. */
function tokenEndpoint(answers) {
  const forms = [];
  const fetchImpl = async (url, init) => {
    forms.push({ url: String(url), form: Object.fromEntries(new URLSearchParams(String(init.body))) });
    return new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { forms, fetchImpl };
}

test('sign-in asks for a code for papernotes-web with PKCE S256 and this server’s /app/callback', async () => {
  const storage = memoryStorage();
  const url = new URL(await beginSignIn(ORIGIN, storage));
  assert.equal(url.origin + url.pathname, `${ORIGIN}/connect/authorize`);
  assert.equal(url.searchParams.get('client_id'), 'papernotes-web');
  assert.equal(url.searchParams.get('redirect_uri'), `${ORIGIN}/app/callback`);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('scope') ?? '', /offline_access/);
});

test('the callback redeems the code once with the verifier and keeps the session with its client id', async () => {
  const db = await openStore(`web-auth-${Math.random()}`);
  const storage = memoryStorage();
  const state = new URL(await beginSignIn(ORIGIN, storage)).searchParams.get('state');
  const verifier = JSON.parse(storage.getItem('papernotes.signIn')).verifier;
  const { forms, fetchImpl } = tokenEndpoint([{ access_token: 'a1', refresh_token: 'r1', expires_in: 900 }]);

  await completeSignIn(db, `${ORIGIN}/app/callback?code=c1&state=${state}`, storage, fetchImpl);

  assert.deepEqual(forms[0].form, { client_id: 'papernotes-web', grant_type: 'authorization_code', code: 'c1',
    redirect_uri: `${ORIGIN}/app/callback`, code_verifier: verifier });
  const session = await readSession(db);
  assert.equal(session.clientId, 'papernotes-web');
  assert.equal(session.refreshToken, 'r1');
  await assert.rejects(completeSignIn(db, `${ORIGIN}/app/callback?code=c1&state=${state}`, storage, fetchImpl),
    /not started here/, 'a reloaded callback does not redeem the code again');
});

test('an answer to another request (state) is refused before any token request', async () => {
  const db = await openStore(`web-auth-${Math.random()}`);
  const storage = memoryStorage();
  await beginSignIn(ORIGIN, storage);
  const { forms, fetchImpl } = tokenEndpoint([]);
  await assert.rejects(completeSignIn(db, `${ORIGIN}/app/callback?code=c1&state=forged`, storage, fetchImpl), /state/);
  assert.equal(forms.length, 0);
});

test('a web session refreshes as papernotes-web and keeps the rotated refresh token', async () => {
  const db = await openStore(`web-auth-${Math.random()}`);
  await db.put('meta', { serverUrl: ORIGIN, clientId: 'papernotes-web', accessToken: 'old', refreshToken: 'r1', expiresAt: 0 }, 'auth');
  const { forms, fetchImpl } = tokenEndpoint([{ access_token: 'a2', refresh_token: 'r2', expires_in: 900 }]);

  assert.equal(await accessToken(db, { fetchImpl }), 'a2');

  assert.deepEqual(forms[0].form, { client_id: 'papernotes-web', grant_type: 'refresh_token', refresh_token: 'r1' });
  const session = await readSession(db);
  assert.equal(session.refreshToken, 'r2');
  assert.equal(session.clientId, 'papernotes-web');
});

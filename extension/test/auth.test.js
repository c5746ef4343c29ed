import 'fake-indexeddb/auto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { accessToken, authorizeUrl, codeFromRedirect, createPkce, readSession, signIn, signOut, SignedOutError } from '../src/shared/auth.js';
import { openStore } from '../src/shared/store.js';
import { fakeServer } from './fake-server.js';

const fresh = () => openStore(`auth-${crypto.randomUUID()}`);

test('the PKCE challenge is the S256 hash of the verifier', async () => {
  const { verifier, challenge } = await createPkce();
  assert.ok(verifier.length >= 43);
  assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
});

test('the authorize request names the extension client, S256 and the scopes', () => {
  const url = new URL(authorizeUrl('http://127.0.0.1:5080', { redirectUri: 'https://x.chromiumapp.org/', challenge: 'c', state: 's' }));
  assert.equal(url.pathname, '/connect/authorize');
  assert.equal(url.searchParams.get('client_id'), 'papernotes-extension');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('scope'), 'openid profile offline_access api');
});

test('a redirect with another state or an error is refused', () => {
  assert.equal(codeFromRedirect('https://x.chromiumapp.org/?code=abc&state=s', 's'), 'abc');
  assert.throws(() => codeFromRedirect('https://x.chromiumapp.org/?code=abc&state=other', 's'), /state/);
  assert.throws(() => codeFromRedirect('https://x.chromiumapp.org/?error=access_denied&state=s', 's'), /refused/);
});

test('sign-in exchanges the code with the verifier and keeps the tokens', async () => {
  const db = await fresh();
  const server = fakeServer();
  let authorize = '';
  const chrome = /** @type {any} */ ({ identity: {
    getRedirectURL: () => 'https://ext.chromiumapp.org/',
    launchWebAuthFlow: async (/** @type {string} */ url) => {
      authorize = url;
      return `https://ext.chromiumapp.org/?code=the-code&state=${new URL(url).searchParams.get('state')}`;
    },
  } });
  await signIn(db, 'http://127.0.0.1:5080', { chrome, fetchImpl: server.fetchImpl });
  const exchange = server.state.tokenRequests[0];
  assert.equal(exchange.get('grant_type'), 'authorization_code');
  assert.equal(exchange.get('code'), 'the-code');
  assert.equal(createHash('sha256').update(exchange.get('code_verifier')).digest('base64url'),
    new URL(authorize).searchParams.get('code_challenge'));
  assert.equal((await readSession(db)).accessToken, 'a2');
});

test('signing in to an address where no server answers says so, without opening the sign-in window', async () => {
  const db = await fresh();
  let opened = false;
  const chrome = /** @type {any} */ ({ identity: { getRedirectURL: () => 'https://ext.chromiumapp.org/',
    launchWebAuthFlow: async () => { opened = true; throw new Error('Authorization page could not be loaded.'); } } });
  const refused = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(signIn(db, 'http://127.0.0.1:5999/', { chrome, fetchImpl: /** @type {any} */ (refused) }),
    /The server did not answer at http:\/\/127\.0\.0\.1:5999\. Check the address/);
  await assert.rejects(signIn(db, 'localhost 5080', { chrome, fetchImpl: /** @type {any} */ (refused) }), /is not a server address/);
  assert.equal(opened, false);
});

test('every refresh stores the rotated refresh token', async () => {
  const db = await fresh();
  const server = fakeServer();
  await db.put('meta', { serverUrl: 'http://s', accessToken: 'a1', expiresAt: 0, refreshToken: 'r1' }, 'auth');
  assert.equal(await accessToken(db, { fetchImpl: server.fetchImpl }), 'a2');
  assert.equal(await accessToken(db, { force: true, fetchImpl: server.fetchImpl }), 'a3');
  assert.deepEqual(server.state.tokenRequests.map((form) => form.get('refresh_token')), ['r1', 'r2']);
});

test('a refused refresh token (invalid_grant) signs the user out', async () => {
  const db = await fresh();
  const server = fakeServer();
  await db.put('meta', { serverUrl: 'http://s', accessToken: 'a1', expiresAt: 0, refreshToken: 'spent' }, 'auth');
  await assert.rejects(accessToken(db, { fetchImpl: server.fetchImpl }), SignedOutError);
  assert.equal(await readSession(db), undefined);
});

test('sign-out revokes the refresh token and the access token, each with its hint, and forgets the session', async () => {
  const db = await fresh();
  const server = fakeServer();
  await db.put('meta', { serverUrl: 'http://s', accessToken: 'a1', expiresAt: Date.now() + 900_000, refreshToken: 'r1' }, 'auth');
  await signOut(db, { fetchImpl: server.fetchImpl });
  assert.deepEqual(server.state.revoked.sort((a, b) => a.token.localeCompare(b.token)),
    [{ token: 'a1', hint: 'access_token' }, { token: 'r1', hint: 'refresh_token' }]);
  assert.ok(server.state.tokenRequests.every((form) => form.get('client_id') === 'papernotes-extension'));
  assert.equal(await readSession(db), undefined);
});

test('sign-out offline still forgets the session', async () => {
  const db = await fresh();
  const server = fakeServer();
  server.state.online = false;
  await db.put('meta', { serverUrl: 'http://s', accessToken: 'a1', expiresAt: 0, refreshToken: 'r1' }, 'auth');
  await signOut(db, { fetchImpl: server.fetchImpl });
  assert.equal(await readSession(db), undefined);
});

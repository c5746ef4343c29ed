// The real PaperNotes server for end-to-end tests: built in Release when its dll is missing or older than its
// sources, started on loopback with a fresh data folder, stopped and started again on the same folder and port.
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { REDIRECT_URI } from './harness.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const project = join(repoRoot, 'server', 'PaperNotes.Server');
const dll = join(project, 'bin', 'Release', 'net10.0', 'PaperNotes.Server.dll');

/** The newest modification time under a folder, skipping build output. @param {string} dir @returns {Promise<number>} */
async function newestSource(dir) {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'bin' || entry.name === 'obj') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestSource(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Builds the server once per run when needed (scripts/test.sh has usually built it already). */
export async function buildServer() {
  const built = await stat(dll).then((s) => s.mtimeMs, () => 0);
  const sources = Math.max(await newestSource(project),
    ...(await Promise.all(['Directory.Build.props', 'Directory.Packages.props'].map((f) => stat(join(repoRoot, f)).then((s) => s.mtimeMs, () => 0)))));
  if (built >= sources) return;
  await promisify(execFile)('dotnet', ['build', project, '-c', 'Release', '--nologo', '-v', 'q'],
    { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
}

/**
 * A loopback port nobody listens on now, below the kernel's ephemeral range: the server is stopped and started again
 * on it (tokens name the address that issued them), and meanwhile no outgoing connection or port-0 listener of the
 * browsers can take a port from outside that range.
 */
async function freePort() {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '49152');
  const ephemeralStart = Number.parseInt(range, 10);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = ephemeralStart - 1 - Math.floor(Math.random() * 4000);
    const probe = createServer();
    const listening = await new Promise((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!listening) continue;
    probe.close();
    await once(probe, 'close');
    return port;
  }
  throw new Error(`no free loopback port below ${ephemeralStart}`);
}

/**
 * Polls until `check` answers a truthy value, or fails with `message` after `timeoutMs`.
 * @template T @param {() => Promise<T>} check @param {{ timeoutMs?: number, intervalMs?: number, message?: string }} [options]
 * @returns {Promise<T>}
 */
export async function poll(check, { timeoutMs = 20_000, intervalMs = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * One server on a fixed port and data folder, which can be stopped and started again.
 * @returns {Promise<{ url: string, start: () => Promise<void>, stop: () => Promise<void>, dispose: () => Promise<void>,
 *   log: () => string }>}
 */
export async function createTestServer() {
  await buildServer();
  const dataDir = await mkdtemp(join(tmpdir(), 'papernotes-data-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let output = '';

  async function start() {
    if (child) return;
    const process_ = spawn('dotnet', [dll, '--urls', url], {
      cwd: repoRoot,
      env: { ...process.env, Storage__Path: dataDir, Auth__ExtensionRedirectUris__0: REDIRECT_URI,
        ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_NOLOGO: '1', Logging__LogLevel__Default: 'Warning',
        // Every browser, device and reconnect of a run comes from 127.0.0.1: the per-address limits would count them as one.
        Auth__RateLimit__PermitLimit: '100000', Sync__NegotiateRateLimit__PermitLimit: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = process_;
    // Should the test process die without its after hooks, the server goes with it.
    const killOnExit = () => process_.kill('SIGKILL');
    process.once('exit', killOnExit);
    process_.once('exit', () => process.off('exit', killOnExit));
    process_.stdout?.on('data', (chunk) => { output += chunk; });
    process_.stderr?.on('data', (chunk) => { output += chunk; });
    const exited = once(process_, 'exit').then(([code]) => { throw new Error(`server exited (${code}):\n${output.slice(-4000)}`); });
    exited.catch(() => undefined);
    await Promise.race([exited, poll(async () => (await fetch(`${url}/healthz`)).ok,
      { timeoutMs: 60_000, message: `${url}/healthz` })]);
  }

  async function stop() {
    const running = child;
    if (!running) return;
    child = undefined;
    if (running.exitCode === null && running.signalCode === null) {
      const exited = once(running, 'exit');
      running.kill('SIGTERM');
      const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }

  return {
    url,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
    log: () => output,
  };
}

/**
 * A REST client for assertions, with a device's access token.
 * @param {string} serverUrl @param {string} token
 */
export function restClient(serverUrl, token) {
  /** @param {string} path */
  const get = async (path) => {
    const response = await fetch(new URL(path, serverUrl), { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  };
  return {
    get,
    /** @returns {Promise<{ personalLibraryId: string, username: string, libraries: any[] }>} */
    me: () => get('/api/me'),
    /** Every live object of a library, by `kind:key`. @param {string} libraryId */
    async objects(libraryId) {
      /** @type {Map<string, any>} */
      const objects = new Map();
      // Test libraries are small: one page of the feed holds them all.
      const page = await get(`/api/libraries/${libraryId}/changes?since=0&limit=5000`);
      if (page.more) throw new Error('library larger than one feed page');
      for (const change of page.changes) {
        if (!change.deleted) objects.set(`${change.kind}:${change.key}`, change.data);
      }
      return objects;
    },
  };
}

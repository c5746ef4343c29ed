// The SignalR connection to `/hubs/sync` (SPEC §5). WebSockets only: it is the one transport whose traffic keeps
// an MV3 service worker alive (Chrome 116+), and skipping negotiation needs no CORS round trip. The client pings
// every 15 s and the server's keep-alive is under 30 s, so the worker is never idle long enough to be stopped.
import { HttpTransportType, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';

/**
 * @typedef {'connected' | 'reconnecting' | 'closed'} HubState
 * @typedef {{
 *   serverUrl: string,
 *   token: () => Promise<string>,
 *   onChanged: (push: import('../shared/feed.js').PushedChange) => void,
 *   onLibrariesChanged: () => void,
 *   onState: (state: HubState) => void,
 * }} HubOptions
 */

/** @param {HubOptions} options */
export async function connectSyncHub({ serverUrl, token, onChanged, onLibrariesChanged, onState }) {
  const connection = new HubConnectionBuilder()
    .withUrl(new URL('/hubs/sync', serverUrl).toString(), {
      accessTokenFactory: token,
      transport: HttpTransportType.WebSockets,
      skipNegotiation: true,
    })
    // Never give up while the worker lives; the alarm revives the connection after the worker restarts.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ({ previousRetryCount }) => Math.min(10_000, 500 * 2 ** previousRetryCount) })
    .withKeepAliveInterval(15_000)
    .configureLogging(LogLevel.Warning)
    .build();
  connection.on('Changed', onChanged);
  connection.on('LibrariesChanged', onLibrariesChanged);
  // The server joins a connection's library groups before it runs the connection's first invocation, so asking
  // for the subscriptions before pulling means no push can fall between the pull and the join.
  const subscribe = () => connection.invoke('Subscriptions');
  connection.onreconnecting(() => onState('reconnecting'));
  connection.onreconnected(() => subscribe().catch(() => undefined).then(() => onState('connected')));
  connection.onclose(() => onState('closed'));
  await connection.start();
  await subscribe();
  onState('connected');
  return {
    get connected() { return connection.state === HubConnectionState.Connected; },
    get alive() { return connection.state !== HubConnectionState.Disconnected; },
    stop: () => connection.stop(),
  };
}

/** @typedef {Awaited<ReturnType<typeof connectSyncHub>>} SyncHub */

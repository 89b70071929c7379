/**
 * The main process as the app wires it, called through the real IPC dispatch, with two loopback
 * HTTPS servers of its own (two origins: one a request belongs to, one it must not reach). Their
 * CA is trusted the way a user trusts one: settings:addCertificate.
 */
import type { Channel, Envelope, RequestOf, ResponseOf } from '../../shared/contract';
import type { OutgoingRequest } from '../../shared/schemas/outgoing-request';
import { startHttpsServer, type Handler, type TestServer } from './https-servers';
import type { MainServices } from '../../electron/main/services';
import { createCertificateAuthority } from '../../electron/main/tls/certificates';
import { openMainWorld, outgoingRequest } from './main-world';

export interface TwoOrigins {
  /** The server requests are meant for. */
  home: TestServer;
  /** Another origin: what it receives is what leaked. */
  other: TestServer;
  services: MainServices;
  dataDir: string;
  /** The CA the servers' certificate comes from (trusted by the app; for other clients such as curl's --cacert). */
  caPem: string;
  /** Calls a channel as the renderer does; the envelope as the renderer gets it. */
  raw<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<Envelope<ResponseOf<C>>>;
  /** Calls a channel and returns its value; throws the sentence the renderer would show. */
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  /** One more server with the same trusted certificate (a new origin), closed with the rest. */
  another(): Promise<TestServer>;
  /** A request to send, with defaults: GET, no headers, no auth, no collection. */
  request(patch: Partial<OutgoingRequest>): OutgoingRequest;
  close(): Promise<void>;
}

const json =
  (value: unknown): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };

/**
 * `homeHandler` answers at home (default: 200 JSON); the other server always answers 200.
 * `writeClipboard`: what the main process writes to the clipboard (copied with real values).
 */
export async function startTwoOrigins(
  homeHandler: Handler = json({ home: true }),
  writeClipboard: (text: string) => void = () => {},
): Promise<TwoOrigins> {
  const ca = createCertificateAuthority('Two origins test CA');
  const certificate = ca.issue({ hosts: ['127.0.0.1', 'localhost'] });
  const home = await startHttpsServer(certificate, homeHandler);
  const other = await startHttpsServer(certificate, json({ other: true }));
  const world = openMainWorld({ writeClipboard });
  const { services, dataDir, envelope: raw, invoke: call } = world;
  await call('settings:addCertificate', { name: 'test-ca.pem', pem: ca.certPem });
  let counter = 0;
  const extra: TestServer[] = [];
  return {
    home,
    other,
    async another() {
      const server = await startHttpsServer(certificate, json({ another: true }));
      extra.push(server);
      return server;
    },
    services,
    dataDir,
    caPem: ca.certPem,
    raw,
    call,
    request: (patch) => outgoingRequest({ requestId: `two-origins-${++counter}`, url: `${home.origin}/x`, ...patch }),
    async close() {
      await world.close();
      await Promise.all([home, other, ...extra].map((server) => server.close()));
    },
  };
}

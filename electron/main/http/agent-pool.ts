/**
 * One keep-alive https.Agent for the current list of trusted CAs. A new agent is made only when the
 * list changes (checked by array identity first, then element by element), never per request. A
 * replaced agent is destroyed once its last request is done, so no pooled socket outlives its CAs.
 *
 * The CAs go in as a prebuilt TLS secure context, not as the `ca` option: https.Agent puts `ca`
 * into the pool key it builds on every request (string-joining ~150 root PEMs each time, which
 * tripled the cost of a request on a reused socket), and tls.connect would parse the whole list
 * again for every new connection (~35 ms). Verification is unchanged: the context trusts exactly
 * these CAs, and rejectUnauthorized is set to true (verified-tls.ts: the environment cannot turn it off).
 *
 * A client certificate (mutual TLS) gets agents of its own, keyed by the certificate's id: https.Agent
 * keys its pooled sockets and TLS sessions by its options, and a secure context is not part of that
 * key, so one agent for every certificate would hand a connection made without a certificate (or with
 * another) to a host that now has one, and back.
 */
import * as https from 'node:https';
import * as tls from 'node:tls';
import { clientSecureContext, type ClientCertificate } from './client-certificates';
import { TunnelAgent } from './proxy';
import { verifiedTls } from './verified-tls';

export interface AgentLease {
  /** The direct agent. */
  readonly agent: https.Agent;
  /**
   * The agent for a connection through `proxy` (a CONNECT tunnel, same TLS settings), or the direct
   * one for null; presenting `certificate` (mutual TLS) when one is given. Throws a
   * ClientCertificateError when the certificate's material cannot be used.
   */
  agentFor(proxy: URL | null, certificate?: ClientCertificate | null): https.Agent;
  release(): void;
}

export interface AgentPool {
  /** The agent for these CAs; call release() on the lease when the request is over. */
  acquire(cas: readonly string[]): AgentLease;
  /** Agents made so far (for tests). */
  readonly created: number;
  close(): void;
}

/** The agents of one TLS identity: the CAs alone, or the CAs and one client certificate. */
interface Agents {
  agent: https.Agent;
  /** Agents through proxies, by proxy URL, made when first asked for. */
  tunnels: Map<string, TunnelAgent>;
  options: https.AgentOptions;
}

interface Entry {
  cas: readonly string[];
  /** Trusts exactly the CAs; also what a tunnel's TLS with an https:// proxy uses (the proxy never gets a client certificate). */
  caContext: tls.SecureContext;
  plain: Agents;
  /** Agents presenting a client certificate, by its id, made when first asked for. */
  withCertificate: Map<string, Agents>;
  inFlight: number;
  retired: boolean;
}

/** Proxies with an agent (and kept-alive tunnels) at once; the least recently used goes first. */
const MAX_PROXIES = 4;

/** Client certificates with agents at once; the least recently used goes first. */
const MAX_CERTIFICATES = 8;

function destroyAgents(agents: Agents): void {
  agents.agent.destroy();
  for (const tunnel of agents.tunnels.values()) tunnel.destroy();
  agents.tunnels.clear();
}

function destroyEntry(entry: Entry): void {
  destroyAgents(entry.plain);
  for (const agents of entry.withCertificate.values()) destroyAgents(agents);
  entry.withCertificate.clear();
}

function newAgents(options: https.AgentOptions): Agents {
  return { agent: new https.Agent(options), tunnels: new Map(), options };
}

/** Moves `key` to the end of a map (most recently used last), or adds it; the oldest goes past `max`. */
function touch<T>(map: Map<string, T>, key: string, make: () => T, max: number, drop: (value: T) => void): T {
  let value = map.get(key);
  if (value !== undefined) map.delete(key);
  else {
    value = make();
    if (map.size >= max) {
      const [oldest, old] = map.entries().next().value as [string, T];
      map.delete(oldest);
      drop(old);
    }
  }
  map.set(key, value);
  return value;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One request's hold on an agent (a class, not a closure per request: this runs on every send). */
class Lease implements AgentLease {
  private released = false;
  constructor(
    private readonly entry: Entry,
    private readonly retired: Set<Entry>,
  ) {}
  get agent(): https.Agent {
    return this.entry.plain.agent;
  }
  agentFor(proxy: URL | null, certificate: ClientCertificate | null = null): https.Agent {
    const entry = this.entry;
    // Past MAX_CERTIFICATES, the one used least recently (say, removed from Settings) closes its kept-alive connections.
    const agents = certificate
      ? touch(
          entry.withCertificate,
          certificate.id,
          () => newAgents(agentOptions(entry.plain.options, clientSecureContext(entry.cas, certificate))),
          MAX_CERTIFICATES,
          destroyAgents,
        )
      : entry.plain;
    if (proxy === null) return agents.agent;
    // A proxy not used for a while (the setting changed) closes its kept-alive tunnels.
    return touch(
      agents.tunnels,
      proxy.href,
      () => new TunnelAgent(proxy, agents.options, entry.caContext),
      MAX_PROXIES,
      (tunnel) => tunnel.destroy(),
    );
  }
  release(): void {
    if (this.released) return;
    this.released = true;
    const entry = this.entry;
    entry.inFlight--;
    if (entry.retired && entry.inFlight === 0) {
      this.retired.delete(entry);
      destroyEntry(entry);
    }
  }
}

/** An agent's options with this secure context, certificates always checked. */
function agentOptions(options: https.AgentOptions, secureContext: tls.SecureContext): https.AgentOptions {
  return verifiedTls({ ...options, secureContext });
}

export function createAgentPool(base: https.AgentOptions = {}): AgentPool {
  let current: Entry | null = null;
  let created = 0;
  const retired = new Set<Entry>();

  const retire = (entry: Entry) => {
    entry.retired = true;
    if (entry.inFlight === 0) destroyEntry(entry);
    else retired.add(entry);
  };

  const entryFor = (cas: readonly string[]): Entry => {
    if (current && current.cas === cas) return current;
    if (current && sameList(current.cas, cas)) {
      // Same content in a new array: remember the new identity so the next check is O(1).
      current.cas = cas;
      return current;
    }
    if (current) retire(current);
    created++;
    const caContext = tls.createSecureContext({ ca: cas as string[] });
    const options = agentOptions(
      { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, ...base },
      caContext,
    );
    current = { cas, caContext, plain: newAgents(options), withCertificate: new Map(), inFlight: 0, retired: false };
    return current;
  };

  return {
    acquire(cas) {
      const entry = entryFor(cas);
      entry.inFlight++;
      return new Lease(entry, retired);
    },
    get created() {
      return created;
    },
    close() {
      if (current) {
        current.retired = true;
        destroyEntry(current);
        current = null;
      }
      for (const entry of retired) destroyEntry(entry);
      retired.clear();
    },
  };
}

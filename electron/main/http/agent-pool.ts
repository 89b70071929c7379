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
 */
import * as https from 'node:https';
import * as tls from 'node:tls';
import { TunnelAgent } from './proxy';
import { verifiedTls } from './verified-tls';

export interface AgentLease {
  /** The direct agent. */
  readonly agent: https.Agent;
  /** The agent for a connection through `proxy` (a CONNECT tunnel, same TLS settings), or the direct one for null. */
  agentFor(proxy: URL | null): https.Agent;
  release(): void;
}

export interface AgentPool {
  /** The agent for these CAs; call release() on the lease when the request is over. */
  acquire(cas: readonly string[]): AgentLease;
  /** Agents made so far (for tests). */
  readonly created: number;
  close(): void;
}

interface Entry {
  cas: readonly string[];
  agent: https.Agent;
  /** Agents through proxies, by proxy URL, made when first asked for. */
  tunnels: Map<string, TunnelAgent>;
  options: https.AgentOptions;
  inFlight: number;
  retired: boolean;
}

/** Proxies with an agent (and kept-alive tunnels) at once; the least recently used goes first. */
const MAX_PROXIES = 4;

function destroyEntry(entry: Entry): void {
  entry.agent.destroy();
  for (const tunnel of entry.tunnels.values()) tunnel.destroy();
  entry.tunnels.clear();
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
    return this.entry.agent;
  }
  agentFor(proxy: URL | null): https.Agent {
    if (proxy === null) return this.entry.agent;
    const key = proxy.href;
    const tunnels = this.entry.tunnels;
    let tunnel = tunnels.get(key);
    if (tunnel) {
      // Most recently used last.
      tunnels.delete(key);
    } else {
      tunnel = new TunnelAgent(proxy, this.entry.options);
      // A proxy not used for a while (the setting changed) closes its kept-alive tunnels.
      if (tunnels.size >= MAX_PROXIES) {
        const [oldest, agent] = tunnels.entries().next().value as [string, TunnelAgent];
        tunnels.delete(oldest);
        agent.destroy();
      }
    }
    tunnels.set(key, tunnel);
    return tunnel;
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

export function createAgentPool(agentOptions: https.AgentOptions = {}): AgentPool {
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
    const options: https.AgentOptions = verifiedTls({
      keepAlive: true,
      keepAliveMsecs: 1000,
      scheduling: 'lifo' as const,
      ...agentOptions,
      secureContext: tls.createSecureContext({ ca: cas as string[] }),
    });
    current = { cas, agent: new https.Agent(options), tunnels: new Map(), options, inFlight: 0, retired: false };
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

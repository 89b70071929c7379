/** The part of newman's programmatic API the round-trip test uses (newman ships no types). */
declare module 'newman' {
  import type { EventEmitter } from 'node:events';

  export interface NewmanRunOptions {
    /** A collection object or a path to its JSON file. */
    collection: string | object;
    environment?: string | object;
    reporters?: string | string[];
    /** PEM file with extra trusted CAs (TLS checks stay on). */
    sslExtraCaCerts?: string;
    timeoutRequest?: number;
    bail?: boolean;
  }

  export interface NewmanExecution {
    item: { name: string };
    request: { method: string; url: { toString(): string } };
    response?: {
      code: number;
      status: string;
      text(): string;
      headers: { all(): Array<{ key: string; value: string }> };
      /** Milliseconds, and bytes of the body, as pm.response gives them to scripts. */
      responseTime: number;
      responseSize: number;
    };
    requestError?: { message: string };
    /** Each pm.test of the item's scripts, by name; `error` set when it failed. */
    assertions?: Array<{ assertion: string; skipped?: boolean; error?: { message: string } }>;
  }

  export interface NewmanFailure {
    error: { name: string; message: string; test?: string };
    source?: { name?: string };
  }

  export interface NewmanRunSummary {
    run: {
      stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
      executions: NewmanExecution[];
      failures: NewmanFailure[];
      error?: unknown | null;
    };
  }

  export function run(
    options: NewmanRunOptions,
    callback: (error: Error | null, summary: NewmanRunSummary) => void,
  ): EventEmitter;
}

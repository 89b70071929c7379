/** sandbox:start — the Local sandbox target: started on first use, its CA trusted for this session only. */
import type { SandboxTarget } from '../../../shared/contract';
import type { SandboxTargetWithCa } from '../services';

export interface SandboxDeps {
  /** Starts the sandbox once; later calls return the same one. */
  ensureSandbox(): Promise<SandboxTargetWithCa>;
}

export async function startLocalSandbox(deps: SandboxDeps): Promise<SandboxTarget> {
  const sandbox = await deps.ensureSandbox();
  return { origin: sandbox.origin };
}

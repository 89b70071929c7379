/**
 * Certificate checks that the environment cannot turn off. Node's TLS reads
 * NODE_TLS_REJECT_UNAUTHORIZED and, when it is '0', accepts any certificate wherever a connection
 * leaves `rejectUnauthorized` undefined: a self-signed server would receive the API key. Every TLS
 * connection the main process opens (its agents, a proxy's CONNECT, the tunnel inside it) takes its
 * options through verifiedTls, so a new one cannot forget to say `true`. The variable is ignored,
 * and the user is told so once (console at start, Settings).
 */

/** `options` with the certificate check on, whatever they or the environment say. */
export function verifiedTls<T extends object>(options: T): T & { rejectUnauthorized: true } {
  return { ...options, rejectUnauthorized: true };
}

/** The sentence telling the user that NODE_TLS_REJECT_UNAUTHORIZED=0 has no effect here, or null when it is not set so. */
export function ignoredTlsVariableWarning(env: NodeJS.ProcessEnv): string | null {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return null;
  return (
    'NODE_TLS_REJECT_UNAUTHORIZED=0 is set, and ignored: certificates are always checked. ' +
    'To reach a server or proxy with its own certificate, add its CA under Trusted certificates.'
  );
}

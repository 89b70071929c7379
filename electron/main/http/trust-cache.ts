/**
 * The certificate authorities trusted beyond the system's, built once and again only when the user's
 * list or the session's (a started sandbox's CA) changes: every send asks for them.
 */
import { buildTrustedCas } from './trust';

export interface TrustCacheOptions {
  /** The user's trusted certificates (Settings); a new array when they change. */
  userPems(): readonly string[];
  /** Certificates trusted for this session only (a given sandbox's CA). */
  sessionPems?: string[];
  env: NodeJS.ProcessEnv;
}

export interface TrustCache {
  /** The extra CAs every connection trusts. */
  cas(): string[];
  /** Sentences about extra CAs that could not be read (an unreadable NODE_EXTRA_CA_CERTS file). */
  warnings(): string[];
  /** Trusts a certificate for this session (not kept in Settings). */
  trustForSession(pem: string): void;
  /** The user's and the session's certificates (for the authorization window). */
  extraPems(): readonly string[];
}

export function createTrustCache(options: TrustCacheOptions): TrustCache {
  let sessionPems: string[] = options.sessionPems ?? [];
  let trustKey: { user: readonly string[]; session: string[] } | null = null;
  let trusted: string[] = [];
  let warnings: string[] = [];
  const cas = (): string[] => {
    const user = options.userPems();
    if (!trustKey || trustKey.user !== user || trustKey.session !== sessionPems) {
      const built = buildTrustedCas({ extraPems: [...user, ...sessionPems], env: options.env });
      trusted = built.cas;
      warnings = built.warnings;
      trustKey = { user, session: sessionPems };
    }
    return trusted;
  };
  cas();
  return {
    cas,
    warnings: () => warnings,
    trustForSession(pem) {
      sessionPems = [...sessionPems, pem];
    },
    extraPems: () => [...options.userPems(), ...sessionPems],
  };
}

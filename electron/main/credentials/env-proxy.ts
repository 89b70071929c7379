/** A proxy password given in HTTPS_PROXY (http://user:password@host:port) is a secret like the one in the vault: masked everywhere. */
import type { KnownSecrets } from './known-secrets';

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function rememberEnvProxy(known: KnownSecrets, env: NodeJS.ProcessEnv): void {
  for (const value of [env.HTTPS_PROXY, env.https_proxy, env.HTTP_PROXY, env.http_proxy]) {
    if (!value || !URL.canParse(value)) continue;
    const { username, password } = new URL(value);
    if (!password) continue;
    known.remember(password, decodeOrKeep(password));
    known.rememberBasic(decodeOrKeep(username), decodeOrKeep(password));
  }
}

/**
 * Credentials grouped per environment. Secret values live in the encrypted vault (or, for the
 * Local sandbox's CRM users, in memory for the session: the sandbox's tokens die with it).
 * Everything here stays in the main process; view() is the only shape that leaves it.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CrmUserView, EnvironmentView, SecretField, SecretStatus } from '../../../shared/credentials';
import {
  PRODUCTION_ENVIRONMENT_ID,
  SANDBOX_ENVIRONMENT_ID,
  SECRET_FIELDS,
  SECRET_LABELS,
} from '../../../shared/credentials';
import { importedEnvironmentName } from '../../../shared/names';
import type { ImportedEnvironment } from '../../../shared/collections';
import type { VariableDef, VariableInput } from '../../../shared/schemas/variable';
import { applyVariableInputs, forgetVariables, resolveVariables, viewVariables } from '../variables/secret-variables';
import { MIN_STORED_SECRET_CHARS, tooShortSecret } from './secret-forms';
import type { DurableFs } from '../storage/durable-file';
import { openJsonStore } from '../storage/json-store';
import { secretHint, type Vault } from './vault';
import type { KnownSecrets } from './known-secrets';

export interface EnvironmentConfig {
  id: string;
  name: string;
  origin: string | null;
  authorizationUrl: string | null;
  builtin: boolean;
}

/** Demo credentials the running Local sandbox supplies; the user's own values win. */
export interface SandboxCredentials {
  origin: string;
  apiKey: string;
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
}

interface CrmUserRecord {
  id: string;
  name: string;
  status: CrmUserView['status'];
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
  problem: string | null;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAt: number | null;
  refreshExpiresAt: number | null;
}

interface StoredCredentials {
  environments: EnvironmentConfig[];
  users: Record<string, CrmUserRecord[]>;
  /** Per environment; secret variables stored with an empty value (theirs are in the vault). */
  variables: Record<string, VariableDef[]>;
}

/** Variables every built-in environment has until the user defines them: its base URL. */
function builtinVariables(env: EnvironmentConfig): VariableDef[] {
  return env.origin ? [{ name: 'baseUrl', value: env.origin, enabled: true, secret: false }] : [];
}

const BUILTIN: EnvironmentConfig[] = [
  { id: SANDBOX_ENVIRONMENT_ID, name: 'Local sandbox', origin: null, authorizationUrl: null, builtin: true },
  {
    id: PRODUCTION_ENVIRONMENT_ID,
    name: 'Production',
    origin: 'https://api.olxgroup.com',
    authorizationUrl: 'https://www.otodom.pl/pl/crm/authorization/',
    builtin: true,
  },
];

/** Why the Local sandbox's baseUrl cannot be edited (shown by its row in the Variables dialog). */
export const SANDBOX_BASE_URL_FIXED =
  'The running sandbox’s address, set by the app: it changes each time the sandbox starts.';

/** A stored record's own entries (a file's JSON object, which may hold any key) as a Map. */
function ownEntries<T>(record: Record<string, T> | undefined): Map<string, T> {
  return new Map(typeof record === 'object' && record !== null ? Object.entries(record) : []);
}

const secretKey = (environmentId: string, field: SecretField) => `env:${environmentId}:${field}`;
const tokenKey = (environmentId: string, userId: string, kind: 'access' | 'refresh') =>
  `env:${environmentId}:user:${userId}:${kind}`;

export interface CredentialsStore {
  environments(): EnvironmentConfig[];
  environment(id: string): EnvironmentConfig | undefined;
  addEnvironment(input: { name: string; origin: string; authorizationUrl?: string }): void;
  updateEnvironment(id: string, patch: { authorizationUrl: string }): void;
  removeEnvironment(id: string): void;
  secret(environmentId: string, field: SecretField): string | undefined;
  setSecret(environmentId: string, field: SecretField, value: string): void;
  clearSecret(environmentId: string, field: SecretField): void;
  user(environmentId: string, userId: string): CrmUserView | undefined;
  tokens(environmentId: string, userId: string): TokenSet | undefined;
  saveUser(environmentId: string, user: { id?: string; name: string }, tokens: TokenSet): CrmUserView;
  markNeedsReauthorization(environmentId: string, userId: string, problem: string): void;
  removeUser(environmentId: string, userId: string): void;
  /** An environment from an import (e.g. a Postman environment): its address comes from a base-URL variable. */
  addImportedEnvironment(imported: ImportedEnvironment): void;
  /** The environment's variables with secret values filled in (main process only). */
  variables(environmentId: string): VariableDef[];
  setVariables(environmentId: string, inputs: VariableInput[]): void;
  /** The running sandbox's demo credentials, or null when it is not running. */
  setSandbox(sandbox: SandboxCredentials | null): void;
  view(): EnvironmentView[];
  /** A sentence when credentials.json could not be read and was set aside; null otherwise. */
  notice(): string | null;
}

/** Secret fields that may be shorter than MIN_STORED_SECRET_CHARS (an account's user name and password are as its server allows): masked anyway. */
const SHORT_ALLOWED: ReadonlySet<SecretField> = new Set(['basicUser', 'basicPassword']);

export interface CredentialsStoreOptions {
  dataDir: string;
  vault: Vault;
  /** Told the sandbox's demo credentials and session tokens; masks what is written (a refusal quoting a token). */
  known?: Known;
  /** The file system the writes go through (tests inject one that fails). */
  fs?: DurableFs;
}

type Known = Pick<KnownSecrets, 'remember' | 'rememberBasic' | 'mask' | 'maskDeep'>;
const NOT_MASKED: Known = {
  remember: () => {},
  rememberBasic: () => {},
  mask: (text: string) => text,
  maskDeep: <T>(value: T) => value,
};

/** Fields sent together as Basic credentials (user:password in base64): that form is a secret too. */
const BASIC_PAIRS: ReadonlyArray<readonly [SecretField, SecretField]> = [
  ['basicUser', 'basicPassword'],
  ['clientId', 'clientSecret'],
];

export function createCredentialsStore(options: CredentialsStoreOptions): CredentialsStore {
  const { vault } = options;
  const known = options.known ?? NOT_MASKED;
  // Written 0600 by the JSON store: it holds metadata about secrets (users, problems).
  const store = openJsonStore<StoredCredentials>({
    file: join(options.dataDir, 'credentials.json'),
    holds: 'your environments and CRM users',
    whatToDo: 'Add your own environments and CRM users again in Credentials.',
    defaults: { environments: [], users: {}, variables: {} },
    fs: options.fs,
  });
  // Read once; every change goes through here, so memory and file agree. Keyed by environment id in
  // Maps: an id such as __proto__ or constructor is a key like any other, never an object's property.
  let custom = store.data().environments;
  const users = ownEntries(store.data().users);
  const variables = ownEntries(store.data().variables);
  const builtinUrls = new Map<string, string>(
    custom.filter((e) => e.builtin && e.authorizationUrl).map((e) => [e.id, e.authorizationUrl!] as [string, string]),
  );
  custom = custom.filter((e) => !e.builtin);
  let sandbox: SandboxCredentials | null = null;
  // The Local sandbox's CRM users and their tokens last for the session, like the sandbox itself.
  const sessionUsers: CrmUserRecord[] = [];
  const sessionTokens = new Map<string, TokenSet>();

  // What the file holds: a change that cannot be saved (a full disk) is undone in memory too, so the
  // app never shows an environment or user that the next start will not have.
  const snapshot = () => structuredClone({ custom, builtinUrls: [...builtinUrls], users, variables });
  let saved = snapshot();
  const restore = (from: ReturnType<typeof snapshot>) => {
    const copy = structuredClone(from);
    custom = copy.custom;
    builtinUrls.clear();
    for (const [id, url] of copy.builtinUrls) builtinUrls.set(id, url);
    users.clear();
    for (const [id, list] of copy.users) users.set(id, list);
    variables.clear();
    for (const [id, list] of copy.variables) variables.set(id, list);
  };
  const persist = () => {
    const overrides = [...builtinUrls].map(([id, authorizationUrl]) => ({
      ...BUILTIN.find((b) => b.id === id)!,
      authorizationUrl,
    }));
    try {
      store.save(
        known.maskDeep({
          environments: [...overrides, ...custom],
          users: Object.fromEntries(users),
          variables: Object.fromEntries(variables),
        }),
      );
    } catch (error) {
      restore(saved);
      throw error;
    }
    saved = snapshot();
  };
  /** The CRM users of an environment, for reading: an environment without any (or unknown) has none. */
  const usersOf = (environmentId: string): readonly CrmUserRecord[] =>
    environmentId === SANDBOX_ENVIRONMENT_ID ? sessionUsers : (users.get(environmentId) ?? []);
  /** The list to change, created for an environment that exists (an unknown id is refused, never stored). */
  const userListOf = (environmentId: string): CrmUserRecord[] => {
    requireEnvironment(environmentId);
    if (environmentId === SANDBOX_ENVIRONMENT_ID) return sessionUsers;
    let list = users.get(environmentId);
    if (!list) users.set(environmentId, (list = []));
    return list;
  };

  const environments = (): EnvironmentConfig[] => [
    ...BUILTIN.map((env) => {
      if (env.id === SANDBOX_ENVIRONMENT_ID)
        return { ...env, origin: sandbox?.origin ?? null, authorizationUrl: sandbox?.authorizationUrl ?? null };
      return { ...env, authorizationUrl: builtinUrls.get(env.id) ?? env.authorizationUrl };
    }),
    ...custom,
  ];
  const environment = (id: string) => environments().find((e) => e.id === id);
  const requireEnvironment = (id: string) => {
    const env = environment(id);
    if (!env) throw new Error('That environment no longer exists.');
    return env;
  };

  const sandboxDefault = (environmentId: string, field: SecretField): string | undefined => {
    if (environmentId !== SANDBOX_ENVIRONMENT_ID || !sandbox) return undefined;
    if (field === 'apiKey') return sandbox.apiKey;
    if (field === 'clientId') return sandbox.clientId;
    if (field === 'clientSecret') return sandbox.clientSecret;
    return undefined;
  };

  const secretStatus = (environmentId: string, field: SecretField): SecretStatus => {
    // hint() decrypts (has() does not): an entry that cannot be read counts as not set.
    const hint = vault.hint(secretKey(environmentId, field));
    if (hint) return { set: true, hint, source: 'vault' };
    const demo = sandboxDefault(environmentId, field);
    if (demo) return { set: true, hint: secretHint(demo), source: 'sandbox' };
    return { set: false, hint: null, source: null };
  };

  const storedSecret = (environmentId: string, field: SecretField) =>
    vault.get(secretKey(environmentId, field)) ?? sandboxDefault(environmentId, field);
  /** Once both halves of a Basic pair are known, their base64 form is masked too (a server may echo the Authorization header). */
  const rememberPair = (environmentId: string, field: SecretField) => {
    const pair = BASIC_PAIRS.find((p) => p.includes(field));
    if (pair) known.rememberBasic(storedSecret(environmentId, pair[0]), storedSecret(environmentId, pair[1]));
  };
  const readSecret = (environmentId: string, field: SecretField) => {
    rememberPair(environmentId, field);
    return storedSecret(environmentId, field);
  };

  const toView = (user: CrmUserRecord): CrmUserView => ({ ...user });
  const varPrefix = (environmentId: string) => `env:${environmentId}`;
  /** Stored variables, then the built-in ones the user has not redefined. */
  const storedVariables = (env: EnvironmentConfig): VariableDef[] => {
    // The Local sandbox's address changes with every start: its baseUrl is always the live one.
    const own = (variables.get(env.id) ?? []).filter((v) => env.id !== SANDBOX_ENVIRONMENT_ID || v.name !== 'baseUrl');
    return [...own, ...builtinVariables(env).filter((b) => !own.some((v) => v.name === b.name))];
  };

  const deleteTokens = (environmentId: string, userId: string) => {
    if (environmentId === SANDBOX_ENVIRONMENT_ID) sessionTokens.delete(userId);
    else for (const kind of ['access', 'refresh'] as const) vault.delete(tokenKey(environmentId, userId, kind));
  };

  return {
    environments,
    environment,
    addEnvironment(input) {
      const origin = new URL(input.origin).origin;
      if (environments().some((e) => e.name.toLowerCase() === input.name.toLowerCase())) {
        throw new Error(`There is already an environment called “${input.name}”.`);
      }
      custom = [
        ...custom,
        {
          id: randomUUID(),
          name: input.name,
          origin,
          authorizationUrl: input.authorizationUrl ?? null,
          builtin: false,
        },
      ];
      persist();
    },
    updateEnvironment(id, patch) {
      const env = requireEnvironment(id);
      if (env.id === SANDBOX_ENVIRONMENT_ID)
        throw new Error('The Local sandbox’s authorization page is set by the sandbox.');
      if (env.builtin) builtinUrls.set(id, patch.authorizationUrl);
      else custom = custom.map((e) => (e.id === id ? { ...e, authorizationUrl: patch.authorizationUrl } : e));
      persist();
    },
    removeEnvironment(id) {
      const env = requireEnvironment(id);
      if (env.builtin) throw new Error(`${env.name} is built in and cannot be removed.`);
      for (const field of SECRET_FIELDS) vault.delete(secretKey(id, field));
      for (const user of usersOf(id)) deleteTokens(id, user.id);
      forgetVariables(variables.get(id) ?? [], vault, varPrefix(id));
      users.delete(id);
      variables.delete(id);
      custom = custom.filter((e) => e.id !== id);
      persist();
    },
    secret: readSecret,
    setSecret(environmentId, field, value) {
      requireEnvironment(environmentId);
      if ([...value].length < MIN_STORED_SECRET_CHARS && !SHORT_ALLOWED.has(field))
        throw new Error(tooShortSecret(`The ${SECRET_LABELS[field]}`));
      vault.set(secretKey(environmentId, field), value);
      rememberPair(environmentId, field);
    },
    clearSecret(environmentId, field) {
      requireEnvironment(environmentId);
      vault.delete(secretKey(environmentId, field));
    },
    user(environmentId, userId) {
      const user = usersOf(environmentId).find((u) => u.id === userId);
      return user && toView(user);
    },
    tokens(environmentId, userId) {
      if (environmentId === SANDBOX_ENVIRONMENT_ID) return sessionTokens.get(userId);
      const user = usersOf(environmentId).find((u) => u.id === userId);
      const accessToken = vault.get(tokenKey(environmentId, userId, 'access'));
      if (!user || !accessToken) return undefined;
      return {
        accessToken,
        refreshToken: vault.get(tokenKey(environmentId, userId, 'refresh')) ?? null,
        accessExpiresAt: user.accessExpiresAt,
        refreshExpiresAt: user.refreshExpiresAt,
      };
    },
    saveUser(environmentId, input, tokens) {
      const list = userListOf(environmentId);
      const id = input.id ?? randomUUID();
      if (environmentId === SANDBOX_ENVIRONMENT_ID) {
        known.remember(tokens.accessToken, tokens.refreshToken);
        sessionTokens.set(id, tokens);
      } else {
        // Tokens first: if the vault refuses (no encryption), no half-saved user appears.
        vault.set(tokenKey(environmentId, id, 'access'), tokens.accessToken);
        if (tokens.refreshToken) vault.set(tokenKey(environmentId, id, 'refresh'), tokens.refreshToken);
        else vault.delete(tokenKey(environmentId, id, 'refresh'));
      }
      const record: CrmUserRecord = {
        id,
        name: input.name,
        status: 'authorized',
        accessExpiresAt: tokens.accessExpiresAt,
        refreshExpiresAt: tokens.refreshExpiresAt,
        problem: null,
      };
      const index = list.findIndex((u) => u.id === id);
      if (index >= 0) list[index] = record;
      else list.push(record);
      if (environmentId !== SANDBOX_ENVIRONMENT_ID) persist();
      return toView(record);
    },
    markNeedsReauthorization(environmentId, userId, problem) {
      const user = usersOf(environmentId).find((u) => u.id === userId);
      if (!user) return;
      user.status = 'needs-reauthorization';
      // The endpoint's refusal may quote the refresh token (error_description).
      user.problem = known.mask(problem);
      deleteTokens(environmentId, userId);
      if (environmentId !== SANDBOX_ENVIRONMENT_ID) persist();
    },
    removeUser(environmentId, userId) {
      const list = userListOf(environmentId);
      const index = list.findIndex((u) => u.id === userId);
      if (index < 0) throw new Error('That CRM user is no longer in the list.');
      list.splice(index, 1);
      deleteTokens(environmentId, userId);
      if (environmentId !== SANDBOX_ENVIRONMENT_ID) persist();
    },
    addImportedEnvironment(imported) {
      const base = importedEnvironmentName(imported.name);
      let name = base;
      const taken = (candidate: string) => environments().some((e) => e.name.toLowerCase() === candidate.toLowerCase());
      for (let n = 2; taken(name); n++) name = `${base} (${n})`;
      const baseUrl = imported.variables.find(
        (v) => /^(baseUrl|base_url|url|host|apiUrl)$/i.test(v.name) && /^https:\/\//.test(v.value),
      );
      const id = randomUUID();
      custom = [
        ...custom,
        { id, name, origin: baseUrl ? new URL(baseUrl.value).origin : null, authorizationUrl: null, builtin: false },
      ];
      variables.set(id, applyVariableInputs([], imported.variables, vault, varPrefix(id)));
      persist();
    },
    variables(environmentId) {
      const env = environment(environmentId);
      return env ? resolveVariables(storedVariables(env), vault, varPrefix(environmentId)) : [];
    },
    setVariables(environmentId, inputs) {
      requireEnvironment(environmentId);
      if (environmentId === SANDBOX_ENVIRONMENT_ID && inputs.some((i) => i.name === 'baseUrl')) {
        throw new Error(
          '“baseUrl” of the Local sandbox is the running sandbox’s address, set by the app: give your variable another name.',
        );
      }
      // An environment's secrets go to its address only: no list of their own.
      const own = inputs.map(({ origins: _origins, ...input }) => input);
      variables.set(
        environmentId,
        applyVariableInputs(variables.get(environmentId) ?? [], own, vault, varPrefix(environmentId)),
      );
      persist();
    },
    setSandbox(next) {
      if (next?.origin !== sandbox?.origin) {
        // Tokens of another sandbox mean nothing to this one.
        sessionUsers.length = 0;
        sessionTokens.clear();
      }
      if (next) known.remember(next.apiKey, next.clientId, next.clientSecret);
      sandbox = next;
    },
    view() {
      return environments().map((env) => ({
        ...env,
        secrets: Object.fromEntries(SECRET_FIELDS.map((field) => [field, secretStatus(env.id, field)])) as Record<
          SecretField,
          SecretStatus
        >,
        users: usersOf(env.id).map(toView),
        variables: viewVariables(storedVariables(env), vault, varPrefix(env.id)).map((v) =>
          env.id === SANDBOX_ENVIRONMENT_ID && v.name === 'baseUrl' ? { ...v, fixed: SANDBOX_BASE_URL_FIXED } : v,
        ),
      }));
    },
    notice: store.notice,
  };
}

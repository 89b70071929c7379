/**
 * The app's own send path set up for a run, in plain Node: sendRequest (validation, {{variables}},
 * secret routing, credentials, the HTTP client, captures) over the same client the app uses, with
 * the run's variables as its scopes instead of the app's stores. Nothing is written: no history, no
 * vault, no data folder; bodies are kept in memory only until the checks have read them.
 *
 * Scopes, most specific first: the iteration's captures and data row, the environment (the -e file,
 * WORKBENCH_VAR_<name>, then --env-var), the collection, Globals (-g), Postman's dynamic variables.
 * Credentials come from variables named as the Postman export names them ({{apiKey}}, {{accessToken}},
 * {{basicUser}}, {{basicPassword}}) and, with the environment's secret variables, go only to the
 * environment's origin: that of {{baseUrl}}, or without one, that of the run's first request.
 * Certificates are always checked: the system's roots, NODE_EXTRA_CA_CERTS and the extra CA files.
 */
import type { VariableDef, VariableScope } from '../../../shared/schemas/variable';
import type { SecretField } from '../../../shared/credentials';
import type { AuthSelection } from '../../../shared/schemas/auth';
import { effectiveAuth } from '../../../shared/effective-auth';
import type { SendResult } from '../../../shared/http-types';
import type { OutgoingRequest } from '../../../shared/schemas/outgoing-request';
import { DEFAULT_PROXY } from '../../../shared/settings';
import { DYNAMIC_LAYER, layeredLookup, scopeMap, substitute } from '../../../shared/variables';
import { resolveAuth, withBearerRow } from '../credentials/auth';
import type { EnvironmentConfig } from '../credentials/store';
import { createKnownSecrets, type KnownSecrets } from '../credentials/known-secrets';
import type { BoundSecret } from '../credentials/secret-routing';
import { sendRequest, type RequestDeps } from '../send/send-request';
import { isJsonContentType, looksLikeJson, type BodySink, type ResponseHead } from '../http/body';
import { createHttpClient, DEFAULT_MAX_RESPONSE_BYTES, type HttpClient } from '../http/client';
import {
  clientCertificateFor,
  parseHostPattern,
  type ClientCertificate,
  type ClientCertificateMaterial,
  type ClientCertificateResolver,
} from '../http/client-certificates';
import { createProxyResolver } from '../http/proxy';
import { buildTrustedCas } from '../http/trust';
import { ignoredTlsVariableWarning } from '../http/verified-tls';
import { expectedValueResolver, resolveRequestVariables, type VariableSources } from '../variables/resolve';
import { withFirstOrigin } from '../variables/secret-variables';
import type { RunItem } from './collection-source';
import type { DataRow } from './iteration-data';

/** The id requests of a run name their environment by (there is one: the run's). */
export const RUN_ENVIRONMENT_ID = 'run';

export interface RunScopes {
  collectionName: string;
  /** What requests with auth `inherit` use when no folder above them sets one. */
  collectionAuth: AuthSelection;
  collection: VariableDef[];
  globals: VariableDef[];
  environmentName: string;
  environment: VariableDef[];
}

export interface SendPathOptions {
  scopes: RunScopes;
  /** The run's request URLs, in order: without {{baseUrl}}, the first https one gives the environment's origin. */
  urls: readonly string[];
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** PEM text of --ssl-extra-ca-certs files. */
  extraCaPems: string[];
  /** Client certificates (mutual TLS), each for its host, or for the environment's origin (host null). */
  clientCertificates?: RunClientCertificate[];
}

/** A client certificate given to a run: for a host pattern, or null for the host of the environment's origin. */
export interface RunClientCertificate {
  host: string | null;
  material: ClientCertificateMaterial;
}

/**
 * How a run sends and checks: the engine asks nothing else, so the app's runner can give its own
 * (its stores as scopes) and the command this one.
 */
export interface RunSendPath {
  /** Sends one request of an iteration: the iteration's captures and data row apply, and its captures go there. */
  send(item: RunItem, requestId: string, iterationKey: string): Promise<SendResult>;
  /** Puts the iteration's variables into a text (a check's expected value). */
  resolver(iterationKey: string): (text: string) => string;
  startIteration(iterationKey: string, row: DataRow): void;
  endIteration(iterationKey: string): void;
  /** Masks every secret the run knows (variables, credentials, their encoded forms). */
  mask(text: string): string;
  /** Sentences about the set-up (an unreadable NODE_EXTRA_CA_CERTS file, an ignored TLS variable). */
  warnings: string[];
  close(): void;
}

/** Which credential each variable name supplies (the placeholders the Postman export writes). */
const CREDENTIAL_VARIABLES: Record<SecretField, readonly string[]> = {
  apiKey: ['apiKey'],
  bearerToken: ['accessToken', 'bearerToken'],
  basicUser: ['basicUser'],
  basicPassword: ['basicPassword'],
  clientId: ['clientId'],
  clientSecret: ['clientSecret'],
};

/** Where a run's request goes: its environment, the collection whose variables (or iteration) it uses and whose auth it may inherit. */
export interface OutgoingTarget {
  environmentId: string | null;
  collectionId: string | null;
  collectionAuth: AuthSelection;
  /** The CRM user an inherited API key + Bearer that names none acts for. */
  actsFor?: string;
}

/** A request of a run as the send path takes it (the app's runner and the command share it). */
export function toOutgoing(item: RunItem, requestId: string, target: OutgoingTarget): OutgoingRequest {
  const { request } = item;
  return {
    requestId,
    method: request.method,
    url: request.url,
    headers: request.headers.map((h, i) => ({
      id: `h${i}`,
      name: h.name,
      value: h.value,
      enabled: h.enabled,
      origin: h.origin ?? 'user',
    })),
    body: request.body,
    environmentId: target.environmentId,
    auth: effectiveAuth(request.auth, item.authFolders, target.collectionAuth, target.actsFor).auth,
    collectionId: target.collectionId,
    captures: request.captures,
  };
}

/** The run's certificates by host pattern (the environment's host for those given without one), and the resolver over them. */
function runCertificates(
  given: readonly RunClientCertificate[],
  origin: string | null,
): { resolver: ClientCertificateResolver | undefined; warnings: string[] } {
  const warnings: string[] = [];
  const list = given.flatMap(({ host, material }, index) => {
    const pattern = host ?? (origin ? new URL(origin).host : null);
    if (pattern === null) {
      warnings.push(
        'The client certificate of --ssl-client-cert goes only to the host of {{baseUrl}} (or of the first https request), and this run has neither: it is not presented.',
      );
      return [];
    }
    const certificate: ClientCertificate = { id: `run-${index}`, host: pattern, material };
    return [{ pattern: parseHostPattern(pattern), certificate }];
  });
  const resolver =
    list.length > 0 ? (target: URL) => clientCertificateFor(list, target)?.certificate ?? null : undefined;
  return { resolver, warnings };
}

/** The environment's variables, secret also when another scope declares the same name secret. */
function markSecrets(scopes: RunScopes): RunScopes {
  const secretNames = new Set([...scopes.collection, ...scopes.globals].filter((v) => v.secret).map((v) => v.name));
  return {
    ...scopes,
    environment: scopes.environment.map((v) => (v.secret || !secretNames.has(v.name) ? v : { ...v, secret: true })),
  };
}

function rememberSecrets(
  known: KnownSecrets,
  scopes: RunScopes,
  value: (field: SecretField) => string | undefined,
): void {
  for (const v of [...scopes.environment, ...scopes.collection, ...scopes.globals])
    if (v.secret && v.enabled) known.remember(v.value);
  known.remember(value('apiKey'), value('bearerToken'), value('clientSecret'));
  known.rememberBasic(value('basicUser'), value('basicPassword'));
}

const valueOf = (value: string | undefined) => (value === undefined ? undefined : { value, secret: false });

/** The https origin a text names once its variables are in, or null. */
function httpsOrigin(text: string, lookup: Parameters<typeof substitute>[1]): string | null {
  const resolved = substitute(text, lookup).text.trim();
  if (!URL.canParse(resolved)) return null;
  const url = new URL(resolved);
  return url.protocol === 'https:' ? url.origin : null;
}

/** The body as received, as text (masked when the run knows secrets): checks and captures read it, nothing shows it. */
export function textSink(head: ResponseHead, mask: ((text: string) => string) | null): BodySink {
  const chunks: Buffer[] = [];
  return {
    write(chunk) {
      chunks.push(chunk);
    },
    async finish() {
      if (chunks.length === 0) return { bodyFormat: 'empty', body: '', bodyTruncated: false };
      const raw = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      const body = mask ? mask(raw) : raw;
      return {
        bodyFormat: isJsonContentType(head.contentType) || looksLikeJson(body) ? 'json' : 'text',
        body,
        bodyTruncated: false,
      };
    },
    abort() {
      chunks.length = 0;
    },
  };
}

export function createRunSendPath(options: SendPathOptions): RunSendPath {
  const scopes = markSecrets(options.scopes);
  let { collection, globals } = scopes;
  const environment = scopes.environment;
  const captured = new Map<string, Map<string, string>>();
  const base = layeredLookup([scopeMap(environment), scopeMap(collection), scopeMap(globals), DYNAMIC_LAYER]);
  const credential = (field: SecretField): string | undefined => {
    for (const name of CREDENTIAL_VARIABLES[field]) {
      const found = base(name);
      if (found && found.value !== '') return substitute(found.value, base).text;
    }
    return undefined;
  };
  const known = createKnownSecrets();
  rememberSecrets(known, scopes, credential);

  const origin =
    httpsOrigin('{{baseUrl}}', base) ??
    options.urls.map((url) => httpsOrigin(url, base)).find((o) => o !== null) ??
    null;
  const runEnvironment: EnvironmentConfig = {
    id: RUN_ENVIRONMENT_ID,
    name: scopes.environmentName,
    origin,
    authorizationUrl: null,
    builtin: false,
  };
  const sources: VariableSources = {
    globals: () => globals,
    collection: () => collection,
    environment: () => environment,
    captured: (key) => captured.get(key ?? '') ?? new Map(),
    environmentOrigin: () => origin,
    scopeTitle: (scope: VariableScope) =>
      scope.kind === 'global'
        ? 'Globals'
        : scope.kind === 'collection'
          ? `the collection “${scopes.collectionName}”`
          : `the environment “${scopes.environmentName}”`,
  };
  const credentialsStore = {
    environment: (id: string) => (id === RUN_ENVIRONMENT_ID ? runEnvironment : undefined),
    secret: (_environmentId: string, field: SecretField) => credential(field),
  };
  const tokens = {
    async accessToken(): Promise<string> {
      const token = credential('bearerToken');
      if (!token)
        throw new Error(
          'This request acts for a CRM user: give its access token as the variable accessToken (e.g. --env-var accessToken=… or WORKBENCH_VAR_accessToken).',
        );
      return token;
    },
  };

  const trust = buildTrustedCas({ extraPems: options.extraCaPems, env: options.env });
  const certificates = runCertificates(options.clientCertificates ?? [], origin);
  for (const { material } of options.clientCertificates ?? []) known.remember(material.passphrase);
  const client: HttpClient = createHttpClient({
    getTrustedCas: () => trust.cas,
    resolveProxy: createProxyResolver({ settings: () => DEFAULT_PROXY, env: options.env }),
    clientCertificateFor: certificates.resolver,
  });
  const bindSecrets = (secrets: readonly BoundSecret[], to: string): BoundSecret[] => {
    const unbound = new Set(secrets.filter((s) => s.origins === null).map((s) => s.name));
    if (unbound.size === 0) return [...secrets];
    collection = withFirstOrigin(collection, unbound, to) ?? collection;
    globals = withFirstOrigin(globals, unbound, to) ?? globals;
    return secrets.map((s) => (s.origins === null ? { ...s, origins: [to] } : s));
  };
  const deps: RequestDeps = {
    client,
    timeoutMs: () => options.timeoutMs,
    maxResponseBytes: () => DEFAULT_MAX_RESPONSE_BYTES,
    inFlight: new Map(),
    sink: (head, secrets) => {
      known.remember(...secrets);
      return textSink(head, known.values().length > 0 ? known.mask : null);
    },
    keptBodyText: () => Promise.reject(new Error('A run keeps no bodies.')),
    resolveVariables: (request) => resolveRequestVariables(withBearerRow(request), sources),
    resolveAuth: (request) => resolveAuth(request, { store: credentialsStore, tokens }),
    expectedValues: (request) => expectedValueResolver(request, sources),
    maskKnown: known.mask,
    bindSecrets,
    refreshToken: () => Promise.reject(new Error('A run cannot refresh a token: give a fresh accessToken.')),
    capture(key, values) {
      const map = captured.get(key ?? '');
      if (map) for (const { variable, value } of values) map.set(variable, value);
    },
    recordHistory: () => undefined,
  };
  const ignoredTls = ignoredTlsVariableWarning(options.env);
  const resolvers = new Map<string, (text: string) => string>();

  return {
    send: (item, requestId, iterationKey) =>
      sendRequest(
        deps,
        toOutgoing(item, requestId, {
          environmentId: RUN_ENVIRONMENT_ID,
          collectionId: iterationKey,
          collectionAuth: scopes.collectionAuth,
        }),
      ),
    resolver(key) {
      let resolve = resolvers.get(key);
      if (!resolve) {
        // Captures read live (one resolver serves the whole iteration), then the scopes as requests see them.
        const capturedLayer = { get: (name: string) => valueOf(captured.get(key)?.get(name)) };
        const lookup = layeredLookup([capturedLayer, { get: base }]);
        resolve = (text) => substitute(text, lookup).text;
        resolvers.set(key, resolve);
      }
      return resolve;
    },
    startIteration(key, row) {
      captured.set(key, new Map(Object.entries(row)));
    },
    endIteration(key) {
      captured.delete(key);
      resolvers.delete(key);
    },
    mask: known.mask,
    warnings: [...(ignoredTls ? [ignoredTls] : []), ...trust.warnings, ...certificates.warnings],
    close: () => client.close(),
  };
}

/**
 * The IPC contract: every channel between renderer and main is named here once, with the schema of
 * its request and the type of its response. The preload builds one bridge function per channel from
 * this table, and the main process must register a handler for each (a missing one is a compile error).
 * The data shapes (a saved request, a variable, settings…) are defined once in shared/schemas/; this
 * table composes them with the small objects only one channel takes.
 */
import { z } from 'zod';
import type { Channel, EventChannel } from './channels';
import { CODE_TARGET_IDS } from './code-targets';
import type { CommandId } from './commands';
import type {
  CollectionExportFile,
  CollectionsView,
  HistoryDetail,
  HistoryEntry,
  ImportPreview,
  SaveRequestResult,
} from './collections';
import { SECRET_FIELDS } from './credentials';
import type { CredentialsView, CrmUserView } from './credentials';
import type { FilterResult, Progress, SearchResult, SendResult, BodyLine, ViewStatus } from './http-types';
import type { ImportProgress } from './import-progress';
import { authSelectionSchema, savedAuthSchema } from './schemas/auth';
import { environmentIdSchema, environmentUpdateSchema, newEnvironmentSchema } from './schemas/environment';
import { idSchema as id, nameSchema } from './schemas/name';
import { outgoingRequestSchema } from './schemas/outgoing-request';
import { requestDocSchema, type RequestDoc } from './schemas/request';
import {
  runExportRequestSchema,
  runIdRequestSchema,
  runProgressRequestSchema,
  runResultsRequestSchema,
  runRowRequestSchema,
  runStartSchema,
  type RunDataFile,
  type RunProgress,
  type RunResults,
  type RunRowResponse,
  type RunStarted,
} from './schemas/run';
import {
  chooseClientCertificateFileSchema,
  clientCertificateInputSchema,
  settingsPatchSchema,
  type ChosenCertificateFile,
  type SettingsView,
} from './schemas/settings';
import { variableInputSchema, variableScopeSchema } from './schemas/variable';

const requestId = id;
const environmentId = environmentIdSchema;
const nodeRef = { collectionId: id, nodeId: id };

const nothing = z.undefined();

export interface SandboxTarget {
  /** e.g. https://127.0.0.1:43210. Its demo credentials stay in the main process, like any other. */
  origin: string;
}

export const contract = {
  'request:send': { request: outgoingRequestSchema, response: {} as SendResult },
  'request:cancel': { request: z.object({ requestId }).strict(), response: {} as { cancelled: boolean } },
  /** How far the request's download has got; null when it is not in flight. */
  'request:progress': { request: z.object({ requestId }).strict(), response: {} as Progress | null },
  /** Lines of a body view (the formatted body or a filter's result), read in pages. */
  'response:lines': {
    request: z.object({ viewId: id, from: z.number().int().min(0), count: z.number().int().min(1).max(5000) }).strict(),
    response: {} as { lineCount: number; lines: BodyLine[] },
  },
  /** A body view's line count and format as they are now: they grow while a large body is being formatted. */
  'response:formatting': { request: z.object({ viewId: id }).strict(), response: {} as ViewStatus },
  /** Finds text in a body view; long searches report through response:progress and stop on response:cancel. */
  'response:search': {
    /** `from`: the number of the first match to return (they come 10,000 at a time); every match is counted. */
    request: z
      .object({
        viewId: id,
        jobId: id,
        query: z.string().min(1).max(1000),
        caseSensitive: z.boolean(),
        from: z.number().int().min(0).optional(),
      })
      .strict(),
    response: {} as SearchResult,
  },
  /** Selects values of a JSON body with a JSONPath expression; the result is a new view. */
  'response:filter': {
    request: z.object({ responseId: id, jobId: id, expression: z.string().trim().min(1).max(2000) }).strict(),
    response: {} as FilterResult,
  },
  'response:progress': { request: z.object({ jobId: id }).strict(), response: {} as Progress | null },
  'response:cancel': { request: z.object({ jobId: id }).strict(), response: {} as { cancelled: boolean } },
  /** Writes the received body, or a filter result of it (viewId), to a file the user chooses in the main process's own dialog. */
  'response:save': {
    request: z.object({ responseId: id, viewId: z.optional(id) }).strict(),
    response: {} as { saved: boolean; fileName?: string; bytes?: number },
  },
  /** Copies the value that starts on a line of a view (a whole object or array, or one scalar), or the whole view, to the clipboard, from the main process. */
  'response:copyValue': {
    /** `all`: the whole view's text as shown (after Ctrl+A), instead of the value on one line. */
    request: z.union([
      z.object({ viewId: id, line: z.number().int().min(0) }).strict(),
      z.object({ viewId: id, all: z.literal(true) }).strict(),
    ]),
    response: {} as { copied: boolean; characters: number },
  },
  'settings:get': { request: nothing, response: {} as SettingsView },
  'settings:update': { request: settingsPatchSchema, response: {} as SettingsView },
  'settings:addCertificate': {
    request: z
      .object({
        name: nameSchema('certificate', 500),
        pem: z
          .string()
          .min(1)
          .max(1024 * 1024, 'A certificate file has at most 1 MiB.'),
      })
      .strict(),
    response: {} as SettingsView,
  },
  'settings:removeCertificate': {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    response: {} as SettingsView,
  },
  /**
   * Sets (or, with null, removes) the custom proxy's password, for the proxy saved now (its address
   * and user name); kept encrypted and never sent back. For an http:// proxy, which would read it in
   * clear text, `clearTextConfirmed` must say the user agreed.
   */
  'settings:setProxyPassword': {
    request: z
      .object({ value: z.string().min(1).max(4096).nullable(), clearTextConfirmed: z.boolean().optional() })
      .strict(),
    response: {} as SettingsView,
  },
  /**
   * Chooses a client certificate's file (PEM certificate, PEM key, or PKCS#12) in the main process's
   * own dialog and reads it there; the renderer gets its name and an id for settings:addClientCertificate.
   */
  'settings:chooseClientCertificateFile': {
    request: chooseClientCertificateFileSchema,
    response: {} as ChosenCertificateFile | null,
  },
  /** Adds a client certificate for a host from chosen files; its material and passphrase are kept in the vault. */
  'settings:addClientCertificate': { request: clientCertificateInputSchema, response: {} as SettingsView },
  'settings:removeClientCertificate': {
    request: z.object({ id: z.string().min(1).max(200) }).strict(),
    response: {} as SettingsView,
  },
  'sandbox:start': { request: nothing, response: {} as SandboxTarget },
  /** Sentences to show once at start: files set aside, certificates that could not be read. */
  'app:warnings': { request: nothing, response: {} as string[] },
  'credentials:get': { request: nothing, response: {} as CredentialsView },
  'credentials:setSecret': {
    request: z
      .object({
        environmentId,
        field: z.enum(SECRET_FIELDS),
        value: z
          .string()
          .min(1)
          .max(16 * 1024),
      })
      .strict(),
    response: {} as CredentialsView,
  },
  'credentials:clearSecret': {
    request: z.object({ environmentId, field: z.enum(SECRET_FIELDS) }).strict(),
    response: {} as CredentialsView,
  },
  'credentials:allowWeakProtection': {
    request: z.object({ allowed: z.boolean() }).strict(),
    response: {} as CredentialsView,
  },
  'environments:add': {
    request: newEnvironmentSchema,
    response: {} as CredentialsView,
  },
  'environments:update': {
    request: environmentUpdateSchema,
    response: {} as CredentialsView,
  },
  'environments:remove': { request: z.object({ environmentId }).strict(), response: {} as CredentialsView },
  'oauth:authorize': {
    request: z
      .object({ environmentId, userName: nameSchema('CRM user', 100), userId: z.string().max(100).optional() })
      .strict(),
    response: {} as CrmUserView,
  },
  'oauth:cancel': { request: nothing, response: {} as { cancelled: boolean } },
  'oauth:refresh': {
    request: z.object({ environmentId, userId: z.string().min(1).max(100) }).strict(),
    response: {} as CredentialsView,
  },
  'oauth:removeUser': {
    request: z.object({ environmentId, userId: z.string().min(1).max(100) }).strict(),
    response: {} as CredentialsView,
  },
  'collections:list': { request: nothing, response: {} as CollectionsView },
  'collections:create': {
    request: z.object({ name: nameSchema('collection', 200) }).strict(),
    response: {} as CollectionsView,
  },
  'collections:addStarter': { request: nothing, response: {} as CollectionsView },
  /** Opens a collection folder kept elsewhere (e.g. in a git repository), chosen in the main process's own dialog. */
  'collections:openFolder': { request: nothing, response: {} as CollectionsView },
  'collections:rename': {
    request: z.object({ collectionId: id, name: nameSchema('collection', 200) }).strict(),
    response: {} as CollectionsView,
  },
  'collections:remove': {
    request: z.object({ collectionId: id }).strict(),
    response: {} as { view: CollectionsView; undoId: string },
  },
  'collections:getRequest': {
    request: z.object({ collectionId: id, requestId: id }).strict(),
    response: {} as RequestDoc,
  },
  'collections:saveRequest': {
    request: z.object({ collectionId: id, parentId: z.nullable(id), request: requestDocSchema }).strict(),
    /** `moved`: literal credentials in X-API-KEY / Authorization rows that were saved as secret variables instead. */
    response: {} as SaveRequestResult,
  },
  'collections:addFolder': {
    request: z.object({ collectionId: id, parentId: z.nullable(id), name: nameSchema('folder', 200) }).strict(),
    response: {} as CollectionsView,
  },
  'collections:renameNode': {
    request: z.object({ ...nodeRef, name: nameSchema('request or folder') }).strict(),
    response: {} as CollectionsView,
  },
  'collections:duplicateNode': { request: z.object(nodeRef).strict(), response: {} as CollectionsView },
  'collections:moveNode': {
    request: z.object({ ...nodeRef, parentId: z.nullable(id), index: z.number().int().min(0).max(100_000) }).strict(),
    response: {} as CollectionsView,
  },
  'collections:deleteNode': {
    request: z.object(nodeRef).strict(),
    response: {} as { view: CollectionsView; undoId: string },
  },
  'collections:undo': { request: z.object({ undoId: id }).strict(), response: {} as CollectionsView },
  'collections:setAuth': {
    request: z.object({ collectionId: id, auth: authSelectionSchema }).strict(),
    response: {} as CollectionsView,
  },
  /** The auth a folder's requests inherit; `inherit`: the folder takes its parent's again. */
  'collections:setFolderAuth': {
    request: z.object({ collectionId: id, folderId: id, auth: savedAuthSchema }).strict(),
    response: {} as CollectionsView,
  },
  'variables:set': {
    request: z.object({ scope: variableScopeSchema, variables: z.array(variableInputSchema).max(1000) }).strict(),
    response: {} as { collections: CollectionsView; credentials: CredentialsView },
  },
  'history:list': {
    request: z
      .object({ query: z.string().max(500).optional(), limit: z.number().int().min(1).max(5000).optional() })
      .strict(),
    response: {} as HistoryEntry[],
  },
  'history:get': { request: z.object({ id }).strict(), response: {} as HistoryDetail },
  'history:clear': { request: nothing, response: {} as { cleared: boolean } },
  'import:preview': {
    request: z
      .object({
        text: z
          .string()
          .min(1)
          .max(32 * 1024 * 1024),
        fileName: z.string().max(500).optional(),
        files: z.record(z.string().max(500), z.string().max(16 * 1024 * 1024)).optional(),
        /** Names the reading so that import:progress and import:cancel can find it (a large file takes a second or more). */
        jobId: z.optional(id),
      })
      .strict(),
    response: {} as ImportPreview,
  },
  /** How far the import:preview with this job id has got; null when none is running. */
  'import:progress': { request: z.object({ jobId: id }).strict(), response: {} as ImportProgress | null },
  /** Stops the import:preview with this job id: it then fails with "Import cancelled.". */
  'import:cancel': { request: z.object({ jobId: id }).strict(), response: {} as { cancelled: boolean } },
  'import:curl': {
    request: z
      .object({
        text: z
          .string()
          .min(1)
          .max(8 * 1024 * 1024),
      })
      .strict(),
    response: {} as { request: Omit<RequestDoc, 'id'>; unsupported: string[] },
  },
  'import:apply': {
    request: z.object({ previewId: id }).strict(),
    response: {} as { collections: CollectionsView; credentials: CredentialsView },
  },
  'export:collection': {
    request: z.object({ collectionId: id, format: z.enum(['workbench', 'postman']) }).strict(),
    response: {} as CollectionExportFile,
  },
  'export:curl': {
    request: z.object({ request: outgoingRequestSchema, withSecrets: z.boolean() }).strict(),
    response: {} as { text: string | null; copied: boolean },
  },
  /**
   * The request as code in another language (io/code-snippets.ts): credentials and secret variables are
   * read from the environment variables `environment` names; with real values, main writes it to the clipboard.
   */
  'export:code': {
    request: z
      .object({ request: outgoingRequestSchema, target: z.enum(CODE_TARGET_IDS), withSecrets: z.boolean() })
      .strict(),
    response: {} as { text: string | null; copied: boolean; environment: string[] },
  },
  /** Chooses a CSV or JSON data file in the main process's own dialog and reads it; null when the dialog is closed. */
  'runner:chooseDataFile': { request: nothing, response: {} as RunDataFile | null },
  /** Starts running a collection, its folders or a selection of its requests, in tree order; read it with runner:progress. */
  'runner:start': { request: runStartSchema, response: {} as RunStarted },
  /** The run's state and counts, and its rows from `from` on (a page of them). */
  'runner:progress': { request: runProgressRequestSchema, response: {} as RunProgress },
  /** A page of the run's rows, or of its failed rows only. */
  'runner:results': { request: runResultsRequestSchema, response: {} as RunResults },
  /** The response one row got, to open it in a tab. */
  'runner:response': { request: runRowRequestSchema, response: {} as RunRowResponse },
  /** Stops the run at once: requests in flight are aborted, nothing more starts. */
  'runner:cancel': { request: runIdRequestSchema, response: {} as { cancelled: boolean } },
  /** Writes the run's results as JSON or JUnit XML to a file chosen in the main process's own dialog. */
  'runner:export': { request: runExportRequestSchema, response: {} as { saved: boolean; fileName?: string } },
  /** Forgets a run and removes its files (a running run is cancelled first). */
  'runner:drop': { request: runIdRequestSchema, response: {} as { dropped: boolean } },
} as const satisfies Record<Channel, { request: z.core.$ZodType; response: unknown }>;

export { CHANNELS, EVENTS, type Channel, type EventChannel } from './channels';

/** What each event the main process sends the window carries (channels.ts names the events; a missing one does not compile). */
const _eventPayloads = {
  'menu:command': {} as CommandId,
} as const satisfies Record<EventChannel, unknown>;
export type EventPayloads = { [E in EventChannel]: (typeof _eventPayloads)[E] };

export type RequestOf<C extends Channel> = z.input<(typeof contract)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof contract)[C]['response'];

/** What crosses the pipe: a value, or an error message meant for the user. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

/** window.api: one function per channel, named by the part after the colon, grouped by the part before. */
type Split<C extends string> = C extends `${infer D}:${infer V}` ? [D, V] : never;
type ChannelFor<D extends string, V extends string> = `${D}:${V}` & Channel;
type ChannelApi = {
  [D in Split<Channel>[0]]: {
    [V in Split<Extract<Channel, `${D}:${string}`>>[1]]: RequestOf<ChannelFor<D, V>> extends undefined
      ? () => Promise<ResponseOf<ChannelFor<D, V>>>
      : (request: RequestOf<ChannelFor<D, V>>) => Promise<ResponseOf<ChannelFor<D, V>>>;
  };
};
/** One subscribe function per event, `on` + its verb: it returns the unsubscribe, and the listener gets the payload only. */
type EventApi = {
  [D in Split<EventChannel>[0]]: {
    [V in Split<Extract<EventChannel, `${D}:${string}`>>[1] as `on${Capitalize<V>}`]: (
      listener: (payload: EventPayloads[`${D}:${V}` & EventChannel]) => void,
    ) => () => void;
  };
};
export type Api = ChannelApi & EventApi;

/**
 * The IPC contract: every channel between renderer and main is named here once, with the schema of
 * its request and the type of its response. The preload builds one bridge function per channel from
 * this table, and the main process must register a handler for each (a missing one is a compile error).
 */
import { z } from 'zod';
import { AUTH_MODES, SECRET_FIELDS } from './credentials';
import type { CredentialsView, CrmUserView } from './credentials';
import { METHODS } from './http-types';
import type { SendResult } from './http-types';
import type { SettingsView } from './settings';

const headerRow = z.object({
  id: z.string().max(100),
  name: z.string().max(8192),
  value: z.string().max(65536),
  enabled: z.boolean(),
  origin: z.enum(['user', 'default']),
});

const requestId = z.string().min(1).max(100);

export const outgoingRequestSchema = z.object({
  requestId,
  method: z.enum(METHODS),
  url: z.string().max(65536),
  headers: z.array(headerRow).max(500),
  body: z.string().max(64 * 1024 * 1024),
  environmentId: z.string().max(100).nullable(),
  auth: z.object({ mode: z.enum(AUTH_MODES), bearer: z.string().max(100).optional() }).strict(),
});

const environmentId = z.string().min(1).max(100);
const httpsOrigin = z
  .string()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an https:// origin such as https://api.example.com (no path)');
const httpsUrl = z
  .string()
  .max(2000)
  .refine((value) => /^https:\/\//.test(value) && URL.canParse(value), 'must be an https:// URL');

const nothing = z.undefined();

export const settingsPatchSchema = z
  .object({
    crmName: z.string().max(200),
    timeoutMs: z.number().int().min(1000).max(10 * 60 * 1000),
    authWindow: z.enum(['system-browser', 'app-window']),
  })
  .partial()
  .strict();

export interface SandboxTarget {
  /** e.g. https://127.0.0.1:43210. Its demo credentials stay in the main process, like any other. */
  origin: string;
}

export const contract = {
  'request:send': { request: outgoingRequestSchema, response: {} as SendResult },
  'request:cancel': { request: z.object({ requestId }).strict(), response: {} as { cancelled: boolean } },
  'settings:get': { request: nothing, response: {} as SettingsView },
  'settings:update': { request: settingsPatchSchema, response: {} as SettingsView },
  'settings:addCertificate': {
    request: z.object({ name: z.string().min(1).max(500), pem: z.string().min(1).max(1024 * 1024) }).strict(),
    response: {} as SettingsView,
  },
  'settings:removeCertificate': { request: z.object({ id: z.string().min(1).max(200) }).strict(), response: {} as SettingsView },
  'sandbox:start': { request: nothing, response: {} as SandboxTarget },
  'credentials:get': { request: nothing, response: {} as CredentialsView },
  'credentials:setSecret': {
    request: z.object({ environmentId, field: z.enum(SECRET_FIELDS), value: z.string().min(1).max(16 * 1024) }).strict(),
    response: {} as CredentialsView,
  },
  'credentials:clearSecret': {
    request: z.object({ environmentId, field: z.enum(SECRET_FIELDS) }).strict(),
    response: {} as CredentialsView,
  },
  'credentials:allowWeakProtection': { request: z.object({ allowed: z.boolean() }).strict(), response: {} as CredentialsView },
  'environments:add': {
    request: z.object({ name: z.string().trim().min(1).max(100), origin: httpsOrigin, authorizationUrl: httpsUrl.optional() }).strict(),
    response: {} as CredentialsView,
  },
  'environments:update': {
    request: z.object({ environmentId, authorizationUrl: httpsUrl }).strict(),
    response: {} as CredentialsView,
  },
  'environments:remove': { request: z.object({ environmentId }).strict(), response: {} as CredentialsView },
  'oauth:authorize': {
    request: z.object({ environmentId, userName: z.string().trim().min(1).max(100), userId: z.string().max(100).optional() }).strict(),
    response: {} as CrmUserView,
  },
  'oauth:cancel': { request: nothing, response: {} as { cancelled: boolean } },
  'oauth:refresh': { request: z.object({ environmentId, userId: z.string().min(1).max(100) }).strict(), response: {} as CredentialsView },
  'oauth:removeUser': { request: z.object({ environmentId, userId: z.string().min(1).max(100) }).strict(), response: {} as CredentialsView },
} as const;

export type Channel = keyof typeof contract;
export const CHANNELS = Object.keys(contract) as Channel[];

export type RequestOf<C extends Channel> = z.input<(typeof contract)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof contract)[C]['response'];

/** What crosses the pipe: a value, or an error message meant for the user. */
export type Envelope<T> = { ok: true; value: T } | { ok: false, error: string };

/** window.api: one function per channel, named by the part after the colon, grouped by the part before. */
type Split<C extends string> = C extends `${infer D}:${infer V}` ? [D, V] : never;
type ChannelFor<D extends string, V extends string> = `${D}:${V}` & Channel;
export type Api = {
  [D in Split<Channel>[0]]: {
    [V in Split<Extract<Channel, `${D}:${string}`>>[1]]: RequestOf<ChannelFor<D, V>> extends undefined
      ? () => Promise<ResponseOf<ChannelFor<D, V>>>
      : (request: RequestOf<ChannelFor<D, V>>) => Promise<ResponseOf<ChannelFor<D, V>>>;
  };
};

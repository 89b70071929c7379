/**
 * Every IPC channel's name, and nothing else: the preload builds window.api from this list alone, so
 * it does not load zod and the schemas (shared/contract.ts gives each channel its request schema and
 * response type, and does not compile if the two lists differ).
 */
export const CHANNELS = [
  'request:send',
  'request:cancel',
  'request:progress',
  'response:lines',
  'response:formatting',
  'response:search',
  'response:filter',
  'response:progress',
  'response:cancel',
  'response:save',
  'response:copyValue',
  'settings:get',
  'settings:update',
  'settings:addCertificate',
  'settings:removeCertificate',
  'settings:setProxyPassword',
  'settings:chooseClientCertificateFile',
  'settings:addClientCertificate',
  'settings:removeClientCertificate',
  'sandbox:start',
  'app:warnings',
  'credentials:get',
  'credentials:setSecret',
  'credentials:clearSecret',
  'credentials:allowWeakProtection',
  'environments:add',
  'environments:update',
  'environments:remove',
  'oauth:authorize',
  'oauth:cancel',
  'oauth:refresh',
  'oauth:removeUser',
  'collections:list',
  'collections:create',
  'collections:addStarter',
  'collections:openFolder',
  'collections:rename',
  'collections:remove',
  'collections:getRequest',
  'collections:saveRequest',
  'collections:addFolder',
  'collections:renameNode',
  'collections:duplicateNode',
  'collections:moveNode',
  'collections:deleteNode',
  'collections:undo',
  'collections:setAuth',
  'collections:setFolderAuth',
  'variables:set',
  'history:list',
  'history:get',
  'history:clear',
  'import:preview',
  'import:progress',
  'import:cancel',
  'import:curl',
  'import:apply',
  'export:collection',
  'export:curl',
  'export:code',
  'runner:chooseDataFile',
  'runner:start',
  'runner:progress',
  'runner:results',
  'runner:response',
  'runner:cancel',
  'runner:export',
  'runner:drop',
] as const;

export type Channel = (typeof CHANNELS)[number];

/**
 * Every event the main process sends the window (webContents.send), named `domain:verb` like the
 * channels and never one of them: the preload gives each a subscribe function, window.api.<domain>.on<Verb>
 * (shared/contract.ts types its payload). Progress is not an event: the window polls it over a channel.
 */
export const EVENTS = [
  /** An application-menu item was clicked: the payload is its command's id (shared/commands.ts). */
  'menu:command',
] as const;

export type EventChannel = (typeof EVENTS)[number];

/** An event's subscribe function on window.api: 'menu:command' → ['menu', 'onCommand']. */
export function eventMember(event: EventChannel): [domain: string, member: string] {
  const [domain, verb] = event.split(':') as [string, string];
  return [domain, `on${verb.charAt(0).toUpperCase()}${verb.slice(1)}`];
}

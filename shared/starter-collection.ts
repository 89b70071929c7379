/**
 * The starter collection for the OLX Group real-estate Partner API: every documented route, in an
 * order that runs top to bottom (publish first, delete last), with the docs' advert.json as body.
 * Pure: it runs in the renderer and in Node.
 *
 * Credentials are never part of it: the collection's auth is API key + Bearer (a CRM user's token),
 * taken from Credentials at send time. The Authorization requests show the raw token exchange for
 * learning and debugging; Credentials → Authorize runs the same flow for you.
 */
import type { ImportedCollection, ImportedNode } from './collections';
import type { SavedAuth } from './schemas/auth';
import type { SavedHeader } from './schemas/header';
import type { VariableDef } from './schemas/variable';
import { exampleAdvert } from './examples';
import type { Method } from './http-types';

const accept: SavedHeader = { name: 'Accept', value: 'application/json', enabled: true, origin: 'default' };
const contentType: SavedHeader = { name: 'Content-Type', value: 'application/json', enabled: true, origin: 'default' };
const userAgent: SavedHeader = { name: 'User-Agent', value: '{{crmName}}', enabled: true, origin: 'default' };

interface Spec {
  name: string;
  method: Method;
  path: string;
  description: string;
  body?: string;
  auth?: SavedAuth;
  extraHeaders?: SavedHeader[];
  capture?: { variable: string; path: string };
}

function request(spec: Spec): ImportedNode {
  const body = spec.body ?? '';
  const headers = [
    { ...accept },
    ...(body !== '' ? [{ ...contentType }] : []),
    { ...userAgent },
    ...(spec.extraHeaders ?? []),
  ];
  return {
    kind: 'request',
    request: {
      name: spec.name,
      method: spec.method,
      url: `{{baseUrl}}${spec.path}`,
      headers,
      body,
      auth: spec.auth ?? { mode: 'inherit' },
      captures: spec.capture ? [spec.capture] : [],
      description: spec.description,
    },
  };
}

const folder = (name: string, children: ImportedNode[]): ImportedNode => ({ kind: 'folder', name, children });

const advertJson = () => JSON.stringify(exampleAdvert(), null, 2);
const advert = '/advert/v1/{{advertUuid}}';
const basicClient: SavedHeader = { name: 'Authorization', value: 'Basic {{clientCredentials}}', enabled: true };

const variables = (): VariableDef[] => [
  { name: 'baseUrl', value: 'https://api.olxgroup.com', enabled: true, secret: false },
  { name: 'advertUuid', value: '', enabled: true, secret: false },
  { name: 'siteUrn', value: 'urn:site:otodompl', enabled: true, secret: false },
  { name: 'crmName', value: 'MyCRM', enabled: true, secret: false },
  { name: 'clientCredentials', value: '', enabled: true, secret: true },
  { name: 'authorizationCode', value: '', enabled: true, secret: true },
  { name: 'refreshToken', value: '', enabled: true, secret: true },
];

export function starterCollection(): ImportedCollection {
  return {
    name: 'OLX Group Partner API',
    description:
      'The real-estate Partner API of OLX Group (https://developer.olxgroup.com). Requests send the API key and a CRM user’s Bearer token from Credentials. Run the Adverts folder top to bottom: publishing captures the new advert’s uuid into advertUuid.',
    variables: variables(),
    auth: { mode: 'api-key-bearer' },
    items: [
      folder('Adverts', [
        request({
          name: 'Publish an advert',
          method: 'POST',
          path: '/advert/v1',
          body: advertJson(),
          capture: { variable: 'advertUuid', path: '$.data.uuid' },
          description:
            'Publishes the advert in the body (advert.json). 202 Accepted: publishing is asynchronous, check the meta; data.uuid is captured into advertUuid. 400: validation errors per field.',
        }),
        request({
          name: 'Get the advert',
          method: 'GET',
          path: advert,
          description: 'Fetches the advert in advertUuid as last sent. 200 OK; 404 Not Found for an unknown uuid.',
        }),
        request({
          name: 'Advert metadata',
          method: 'GET',
          path: `${advert}/meta`,
          description:
            'Shows last_action_status and state (code, url) of the advert in advertUuid. 200 OK; 404 Not Found.',
        }),
        request({
          name: 'Update an advert',
          method: 'PUT',
          path: advert,
          body: advertJson(),
          description:
            'Replaces the advert in advertUuid with the full payload. 202 Accepted: editing is asynchronous; 409 Conflict if the advert was not created yet.',
        }),
        request({
          name: 'Deactivate an advert',
          method: 'POST',
          path: `${advert}/deactivate`,
          description: 'Takes the advert in advertUuid off the site. 202 Accepted; 404 Not Found.',
        }),
        request({
          name: 'Activate an advert',
          method: 'POST',
          path: `${advert}/activate`,
          description: 'Puts a deactivated advert back on the site. 202 Accepted; 404 Not Found.',
        }),
        request({
          name: 'Delete an advert',
          method: 'DELETE',
          path: advert,
          description: 'Deletes the advert in advertUuid. 204 No Content; 404 Not Found.',
        }),
      ]),
      folder('Taxonomy', [
        request({
          name: 'Categories',
          method: 'GET',
          path: '/taxonomy/v1/categories',
          auth: { mode: 'api-key' },
          description:
            'Lists the advert categories and their attributes. 200 OK; needs the API key only (401 without it, 403 if it is invalid).',
        }),
      ]),
      folder('Locations', [
        request({
          name: 'Cities',
          method: 'GET',
          path: '/locations/v1/{{siteUrn}}/cities',
          auth: { mode: 'api-key' },
          description:
            'Lists the cities of the site in siteUrn. 200 OK; 404 Not Found for an unknown site; needs the API key only.',
        }),
      ]),
      folder('Authorization', [
        request({
          name: 'Exchange a code for tokens',
          method: 'POST',
          path: '/oauth/v1/token',
          body: '{"grant_type":"authorization_code","code":"{{authorizationCode}}"}',
          auth: { mode: 'api-key' },
          extraHeaders: [{ ...basicClient }],
          description:
            'Exchanges a CRM user’s authorization code (clientCredentials = base64 of client_id:client_secret). 200 OK with access_token (1 hour) and refresh_token (1 year); 400 for a wrong or used code. Credentials → Authorize does this for you.',
        }),
        request({
          name: 'Refresh a token',
          method: 'POST',
          path: '/oauth/v1/token',
          body: '{"grant_type":"refresh_token","refresh_token":"{{refreshToken}}"}',
          auth: { mode: 'api-key' },
          extraHeaders: [{ ...basicClient }],
          description:
            'Gets a new access token with a refresh token (Basic client credentials). 200 OK with a new access_token; 400 for an invalid refresh token. The app refreshes tokens by itself.',
        }),
      ]),
    ],
  };
}

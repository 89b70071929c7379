/**
 * Example requests for the Local sandbox: one for each documented status code, so a newcomer can
 * see every answer the API gives without credentials. Paths are relative to the target's origin.
 */
import type { Method } from './http-types';

export interface AdvertPayload {
  site_urn: string;
  category_urn: string;
  title: string;
  description: string;
  price: { value: number; currency: string };
  location: { lat: number; lon: number; exact: boolean };
  contact: { name: string; phone: string; email: string };
  images: Array<{ url: string }>;
  attributes: Array<{ urn: string; value: string }>;
  custom_fields: { id: string; reference_id: string };
}

/** An advert in the shape of the docs' advert.json, valid for the sandbox: a fresh copy, safe to modify. */
export function exampleAdvert(): AdvertPayload {
  return {
    site_urn: 'urn:site:otodompl',
    category_urn: 'urn:concept:apartments-for-sale',
    title: 'Sunny 3-room apartment with balcony, Warszawa Mokotów',
    description:
      'Bright 64.5 m² apartment on the 4th floor of a 2015 building with a lift. ' +
      'Three rooms, separate kitchen with window, bathroom with bathtub, south-facing balcony. ' +
      'Underground parking space and storage room included in the price. ' +
      'Five minutes on foot to the Wierzbno metro station, schools and shops nearby.',
    price: { value: 849000, currency: 'PLN' },
    location: { lat: 52.1897, lon: 21.0178, exact: true },
    contact: { name: 'Anna Kowalska', phone: '+48 600 100 200', email: 'anna.kowalska@example.com' },
    images: [
      { url: 'https://images.example.com/adverts/crm-1001/living-room.jpg' },
      { url: 'https://images.example.com/adverts/crm-1001/kitchen.jpg' },
      { url: 'https://images.example.com/adverts/crm-1001/balcony.jpg' },
    ],
    attributes: [
      { urn: 'urn:concept:net-area-m2', value: '64.5' },
      { urn: 'urn:concept:number-of-rooms', value: 'urn:concept:3' },
      { urn: 'urn:concept:floor-no', value: 'urn:concept:4' },
      { urn: 'urn:concept:market', value: 'urn:concept:secondary' },
    ],
    custom_fields: { id: 'CRM-1001', reference_id: 'WAW-MOK-1001' },
  };
}

/**
 * The credentials an example sends: the Local sandbox's API key, the key plus a CRM user's Bearer
 * token (advert calls act for a CRM user), nothing, or a key the sandbox does not know.
 */
export type ExampleAuth = 'api-key' | 'api-key-bearer' | 'none' | 'wrong-key';

export interface SandboxExample {
  id: string;
  label: string;
  method: Method;
  /** `{advert}` is replaced by the uuid of the advert last published in this session. */
  path: string;
  body?: string;
  auth: ExampleAuth;
}

const advertBody = () => JSON.stringify(exampleAdvert(), null, 2);

export const SANDBOX_EXAMPLES: readonly SandboxExample[] = [
  {
    id: 'categories',
    label: '200 OK — list categories',
    method: 'GET',
    path: '/taxonomy/v1/categories',
    auth: 'api-key',
  },
  {
    id: 'publish',
    label: '202 Accepted — publish an advert',
    method: 'POST',
    path: '/advert/v1',
    body: advertBody(),
    auth: 'api-key-bearer',
  },
  {
    id: 'meta',
    label: '200 OK — metadata of the published advert',
    method: 'GET',
    path: '/advert/v1/{advert}/meta',
    auth: 'api-key-bearer',
  },
  {
    id: 'update',
    label: '202 Accepted — update the published advert',
    method: 'PUT',
    path: '/advert/v1/{advert}',
    body: advertBody(),
    auth: 'api-key-bearer',
  },
  {
    id: 'delete',
    label: '204 No Content — delete the published advert',
    method: 'DELETE',
    path: '/advert/v1/{advert}',
    auth: 'api-key-bearer',
  },
  {
    id: 'invalid',
    label: '400 Bad Request — advert that fails validation',
    method: 'POST',
    path: '/advert/v1',
    body: JSON.stringify({ ...exampleAdvert(), title: 'Flat', images: [] }, null, 2),
    auth: 'api-key-bearer',
  },
  {
    id: 'no-key',
    label: '401 Unauthorized — no API key',
    method: 'GET',
    path: '/taxonomy/v1/categories',
    auth: 'none',
  },
  {
    id: 'no-user',
    label: '401 Unauthorized — advert call without a CRM user’s token',
    method: 'POST',
    path: '/advert/v1',
    body: advertBody(),
    auth: 'api-key',
  },
  {
    id: 'bad-key',
    label: '403 Forbidden — unknown API key',
    method: 'GET',
    path: '/taxonomy/v1/categories',
    auth: 'wrong-key',
  },
  {
    id: 'not-found',
    label: '404 Not Found — metadata of an unknown advert',
    method: 'GET',
    path: '/advert/v1/00000000-0000-4000-8000-000000000000/meta',
    auth: 'api-key-bearer',
  },
  {
    id: 'conflict',
    label: '409 Conflict — update an advert never created',
    method: 'PUT',
    path: '/advert/v1/11111111-1111-4111-8111-111111111111',
    body: advertBody(),
    auth: 'api-key-bearer',
  },
  { id: 'error', label: '500 Internal Server Error', method: 'GET', path: '/sandbox/v1/error', auth: 'api-key' },
  {
    id: 'slow',
    label: 'Slow answer (10 s) — try Cancel',
    method: 'GET',
    path: '/sandbox/v1/slow?ms=10000',
    auth: 'api-key',
  },
  { id: 'large', label: 'Large JSON (2 MB)', method: 'GET', path: '/sandbox/v1/large?bytes=2000000', auth: 'api-key' },
];

/** Placeholder used when no advert was published yet: the sandbox answers 404 for it. */
export const UNKNOWN_ADVERT_UUID = '00000000-0000-4000-8000-000000000000';

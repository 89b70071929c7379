/**
 * Example data for the local sandbox: a valid advert payload (shaped like the Partner API's
 * `advert.json`), and the small taxonomy and location lists the sandbox serves.
 *
 * Pure data, no Node imports.
 */

// The valid advert lives in shared/ so that the renderer's examples send the same payload.
export { exampleAdvert as validAdvert, type AdvertPayload } from '../../../shared/examples';

export const SITE_URNS = ['urn:site:otodompl', 'urn:site:imovirtualcom', 'urn:site:storiaro'] as const;
export type SiteUrn = (typeof SITE_URNS)[number];

export interface Category {
  urn: string;
  name: string;
  parent_urn: string;
  sites: SiteUrn[];
}

const ALL_SITES: SiteUrn[] = [...SITE_URNS];

export const CATEGORIES: Category[] = [
  {
    urn: 'urn:concept:apartments-for-sale',
    name: 'Apartments for sale',
    parent_urn: 'urn:concept:apartments',
    sites: ALL_SITES,
  },
  {
    urn: 'urn:concept:apartments-for-rent',
    name: 'Apartments for rent',
    parent_urn: 'urn:concept:apartments',
    sites: ALL_SITES,
  },
  { urn: 'urn:concept:houses-for-sale', name: 'Houses for sale', parent_urn: 'urn:concept:houses', sites: ALL_SITES },
  { urn: 'urn:concept:houses-for-rent', name: 'Houses for rent', parent_urn: 'urn:concept:houses', sites: ALL_SITES },
  {
    urn: 'urn:concept:rooms-for-rent',
    name: 'Rooms for rent',
    parent_urn: 'urn:concept:rooms',
    sites: ['urn:site:otodompl', 'urn:site:storiaro'],
  },
  { urn: 'urn:concept:plots-for-sale', name: 'Plots for sale', parent_urn: 'urn:concept:plots', sites: ALL_SITES },
  {
    urn: 'urn:concept:commercial-properties-for-rent',
    name: 'Commercial properties for rent',
    parent_urn: 'urn:concept:commercial-properties',
    sites: ALL_SITES,
  },
  {
    urn: 'urn:concept:garages-for-sale',
    name: 'Garages for sale',
    parent_urn: 'urn:concept:garages',
    sites: ['urn:site:otodompl', 'urn:site:imovirtualcom'],
  },
];

export interface City {
  id: number;
  name: string;
  region: string;
  lat: number;
  lon: number;
}

export const CITIES: Record<SiteUrn, City[]> = {
  'urn:site:otodompl': [
    { id: 26, name: 'Warszawa', region: 'mazowieckie', lat: 52.2297, lon: 21.0122 },
    { id: 38, name: 'Kraków', region: 'małopolskie', lat: 50.0647, lon: 19.945 },
    { id: 39, name: 'Wrocław', region: 'dolnośląskie', lat: 51.1079, lon: 17.0385 },
    { id: 1, name: 'Poznań', region: 'wielkopolskie', lat: 52.4064, lon: 16.9252 },
    { id: 40, name: 'Gdańsk', region: 'pomorskie', lat: 54.352, lon: 18.6466 },
    { id: 36, name: 'Łódź', region: 'łódzkie', lat: 51.7592, lon: 19.456 },
  ],
  'urn:site:imovirtualcom': [
    { id: 1101, name: 'Lisboa', region: 'Lisboa', lat: 38.7223, lon: -9.1393 },
    { id: 1301, name: 'Porto', region: 'Porto', lat: 41.1579, lon: -8.6291 },
    { id: 808, name: 'Faro', region: 'Faro', lat: 37.0194, lon: -7.9304 },
    { id: 603, name: 'Coimbra', region: 'Coimbra', lat: 40.2033, lon: -8.4103 },
  ],
  'urn:site:storiaro': [
    { id: 1, name: 'București', region: 'București - Ilfov', lat: 44.4268, lon: 26.1025 },
    { id: 2, name: 'Cluj-Napoca', region: 'Cluj', lat: 46.7712, lon: 23.6236 },
    { id: 3, name: 'Timișoara', region: 'Timiș', lat: 45.7489, lon: 21.2087 },
    { id: 4, name: 'Iași', region: 'Iași', lat: 47.1585, lon: 27.6014 },
  ],
};

/** Public page of an advert on its site, as the meta endpoint reports it. */
export const SITE_ADVERT_URL: Record<SiteUrn, string> = {
  'urn:site:otodompl': 'https://www.otodom.pl/pl/oferta/',
  'urn:site:imovirtualcom': 'https://www.imovirtual.com/pt/anuncio/',
  'urn:site:storiaro': 'https://www.storia.ro/ro/oferta/',
};

export function isSiteUrn(value: unknown): value is SiteUrn {
  return typeof value === 'string' && (SITE_URNS as readonly string[]).includes(value);
}

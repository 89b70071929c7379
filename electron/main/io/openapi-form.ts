/**
 * A form (application/x-www-form-urlencoded) request body from an example value, as OpenAPI's
 * encoding rules serialise it: each property of the example object is a field; by default (style
 * form, explode) an array repeats its field (`Items=a&Items=b`, as Twilio reads it) and an object's
 * properties become fields of their own; a property whose encoding says `style: deepObject` (Stripe)
 * is written with brackets (`metadata[key]=v`, `expand[0]=x`). Empty (null) values are left out.
 */
import { encodeKeepingVariables, isObject } from './common';

type Field = [name: string, value: string];

/** `a=1&b=2` for an example object; an example that is already text is kept as it is. */
export function formBody(example: unknown, encoding: Record<string, unknown>): string {
  if (typeof example === 'string') return example;
  if (!isObject(example)) return '';
  const fields: Field[] = [];
  for (const [name, value] of Object.entries(example)) {
    const rule = encoding[name];
    if (isObject(rule) && rule.style === 'deepObject') fields.push(...deepFields(name, value));
    else fields.push(...formFields(name, value));
  }
  return fields.map(([name, value]) => `${fieldName(name)}=${encodeKeepingVariables(value)}`).join('&');
}

/** Brackets stay readable (`metadata[key]`): servers read them either way, as Postman and curl send them. */
function fieldName(name: string): string {
  return encodeKeepingVariables(name).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function scalar(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Style form, explode: arrays repeat the field, an object's properties are fields. */
function formFields(name: string, value: unknown): Field[] {
  if (Array.isArray(value)) return value.flatMap((item) => pair(name, item));
  if (isObject(value)) return Object.entries(value).flatMap(([key, inner]) => pair(key, inner));
  return pair(name, value);
}

/** Style deepObject: `name[key]=…`, nested as deep as the value goes; array items by index. */
function deepFields(name: string, value: unknown): Field[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => deepFields(`${name}[${i}]`, item));
  if (isObject(value)) return Object.entries(value).flatMap(([key, inner]) => deepFields(`${name}[${key}]`, inner));
  return pair(name, value);
}

function pair(name: string, value: unknown): Field[] {
  const text = scalar(value);
  return text === null ? [] : [[name, text]];
}

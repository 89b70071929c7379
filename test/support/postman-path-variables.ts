/**
 * A Postman collection whose requests give the same path variable different values (and references,
 * empty and missing values, text Postman puts in as written): what the importer must keep per request.
 * Shared by the postman-collection comparison and the newman round trip.
 */
import { Url } from 'postman-collection';

const get = (name: string, raw: string, variable: object[]) => ({
  name,
  request: { method: 'GET', url: { raw, ...Url.parse(raw), variable } },
});

export function pathVariableCollection(extraItems: object[] = []): {
  info: object;
  variable: object[];
  item: object[];
} {
  return {
    info: { name: 'Path variables', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    variable: [
      { key: 'host', value: 'https://h.example' },
      { key: 'orderId', value: 'o-9' },
    ],
    item: [
      get('First', '{{host}}/orders/:id', [{ key: 'id', value: '123' }]),
      get('Second', '{{host}}/orders/:id', [{ key: 'id', value: '456' }]),
      get('Reference', '{{host}}/orders/:id/lines/:line', [
        { key: 'id', value: '{{orderId}}' },
        { key: 'line', value: 'x{{orderId}}' },
      ]),
      get('Empty and missing', '{{host}}/orders/:id/:line', [{ key: 'id', value: '' }]),
      get('Suffix, text as written, last entry wins', '{{host}}/files/:name.json', [
        { key: 'name', value: 'no' },
        { key: 'name', value: 'a b/{é}%41?q=1#f' },
      ]),
      ...extraItems,
    ],
  };
}

/** A literal secret as a path variable: imported into the vault, so newman runs of the two sides differ by design. */
export const SECRET_PATH_ITEM = {
  name: 'A secret',
  request: {
    method: 'GET',
    url: {
      raw: '{{host}}/keys/:apiKey',
      ...Url.parse('{{host}}/keys/:apiKey'),
      variable: [{ key: 'apiKey', value: 'sk_live_1' }],
    },
  },
};

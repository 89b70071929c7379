/**
 * Postman's dynamic variables (`{{$guid}}`, `{{$timestamp}}`, `{{$randomInt}}`…): values made up
 * afresh for each occurrence in each send, so collections written for Postman send here unchanged.
 * The common ones are supported with Postman's formats (postman-collection's dynamic-variables.js);
 * word lists are small and built in. Values are test data, not secrets: Math.random is enough.
 * Shared: the main process puts them in at send time, the renderer's checks use them as stand-ins.
 */

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Frank',
  'Grace',
  'Hugo',
  'Ines',
  'Jan',
  'Julia',
  'Karl',
  'Lena',
  'Marta',
  'Nina',
  'Oscar',
  'Piotr',
  'Rosa',
];
const LAST_NAMES = [
  'Adams',
  'Baker',
  'Costa',
  'Duarte',
  'Evans',
  'Fischer',
  'Garcia',
  'Hansen',
  'Ionescu',
  'Jensen',
  'Kowalski',
  'Lopes',
  'Moreau',
  'Nowak',
  'Popescu',
  'Silva',
];
const COLORS = [
  'black',
  'blue',
  'cyan',
  'gold',
  'green',
  'grey',
  'indigo',
  'lime',
  'magenta',
  'maroon',
  'orange',
  'pink',
  'purple',
  'red',
  'silver',
  'teal',
  'white',
  'yellow',
];
const WORDS = [
  'account',
  'bridge',
  'canvas',
  'garden',
  'harbor',
  'journey',
  'market',
  'orbit',
  'pocket',
  'river',
  'signal',
  'timber',
  'valley',
  'window',
];
const LOREM = [
  'lorem',
  'ipsum',
  'dolor',
  'sit',
  'amet',
  'consectetur',
  'adipiscing',
  'elit',
  'sed',
  'do',
  'eiusmod',
  'tempor',
  'incididunt',
  'labore',
  'magna',
  'aliqua',
];
const EMAIL_DOMAINS = ['gmail.com', 'yahoo.com', 'hotmail.com'];
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org'];
const TLDS = ['com', 'net', 'org', 'info', 'biz'];
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PASSWORD_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_';

/** A whole number from 0 to `max`, both included. */
const randomInt = (max: number) => Math.floor(Math.random() * (max + 1));
const pick = <T>(list: readonly T[]): T => list[randomInt(list.length - 1)]!;
const digits = (count: number) => Array.from({ length: count }, () => randomInt(9)).join('');
const characters = (alphabet: string, count: number) =>
  Array.from({ length: count }, () => alphabet[randomInt(alphabet.length - 1)]).join('');
const fullName = () => `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
const emailAt = (domains: readonly string[]) =>
  `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${randomInt(99)}@${pick(domains)}`.toLowerCase();
const domainName = () => `${pick(WORDS)}.${pick(TLDS)}`;
const loremWords = (count: number) => Array.from({ length: count }, () => pick(LOREM)).join(' ');
const sentence = () => {
  const words = loremWords(3 + randomInt(7));
  return `${words[0]!.toUpperCase()}${words.slice(1)}.`;
};

/** Each supported name, what it gives (as the README lists them), and its generator. */
const GENERATORS = {
  $guid: () => crypto.randomUUID(),
  $randomUUID: () => crypto.randomUUID(),
  /** Unix time in whole seconds, as Postman rounds it. */
  $timestamp: () => String(Math.round(Date.now() / 1000)),
  $isoTimestamp: () => new Date().toISOString(),
  $randomInt: () => String(randomInt(1000)),
  $randomBoolean: () => String(Math.random() < 0.5),
  $randomAlphaNumeric: () => characters(ALPHANUMERIC, 1),
  $randomPassword: () => characters(PASSWORD_CHARACTERS, 15),
  $randomFirstName: () => pick(FIRST_NAMES),
  $randomLastName: () => pick(LAST_NAMES),
  $randomFullName: fullName,
  $randomUserName: () => `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${randomInt(99)}`,
  $randomEmail: () => emailAt(EMAIL_DOMAINS),
  $randomExampleEmail: () => emailAt(EXAMPLE_DOMAINS),
  /** Ten digits as 555-123-4567. */
  $randomPhoneNumber: () => `${digits(3)}-${digits(3)}-${digits(4)}`,
  $randomPhoneNumberExt: () => `${1 + randomInt(98)}-${digits(3)}-${digits(3)}-${digits(4)}`,
  $randomColor: () => pick(COLORS),
  $randomHexColor: () => `#${randomInt(0xffffff).toString(16).padStart(6, '0')}`,
  $randomWord: () => pick(WORDS),
  $randomLoremWord: () => pick(LOREM),
  $randomLoremWords: () => loremWords(3),
  $randomLoremSentence: sentence,
  $randomDomainName: domainName,
  $randomUrl: () => `https://${domainName()}`,
  $randomIP: () => Array.from({ length: 4 }, () => randomInt(255)).join('.'),
  /** 0.00 to 1000.00, two decimals. */
  $randomPrice: () => (randomInt(100_000) / 100).toFixed(2),
  $randomSemver: () => `${randomInt(9)}.${randomInt(9)}.${randomInt(9)}`,
} satisfies Record<`$${string}`, () => string>;

export type DynamicVariable = keyof typeof GENERATORS;

/** The supported names, `$guid` first. */
export const DYNAMIC_VARIABLES = Object.keys(GENERATORS) as DynamicVariable[];

export function isDynamicVariable(name: string): name is DynamicVariable {
  return Object.hasOwn(GENERATORS, name);
}

/** A fresh value for a supported name; undefined for any other. */
export function dynamicValue(name: string): string | undefined {
  return isDynamicVariable(name) ? GENERATORS[name]() : undefined;
}

/** Any `{{$name}}` reference in a text: Postman's dynamic-variable form. */
const DYNAMIC_REF = /\{\{\s*(\$[A-Za-z0-9_]+)\s*\}\}/g;

/** `$names` a text uses that are not supported, in order of first use. */
export function unsupportedDynamicVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(DYNAMIC_REF)) if (!isDynamicVariable(match[1]!)) names.add(match[1]!);
  return [...names];
}

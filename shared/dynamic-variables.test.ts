/** Postman's dynamic variables: each supported name gives a value in Postman's format, fresh each time. */
import { describe, expect, it } from 'vitest';
import {
  DYNAMIC_VARIABLES,
  dynamicValue,
  isDynamicVariable,
  unsupportedDynamicVariables,
  type DynamicVariable,
} from './dynamic-variables';

/** The format of each value, as postman-collection's generators give it. */
const FORMATS: Record<DynamicVariable, RegExp> = {
  $guid: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  $randomUUID: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  $timestamp: /^\d{10}$/,
  $isoTimestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
  $randomInt: /^\d{1,4}$/,
  $randomBoolean: /^(true|false)$/,
  $randomAlphaNumeric: /^[a-z0-9]$/,
  $randomPassword: /^[A-Za-z0-9_]{15}$/,
  $randomFirstName: /^[A-Z][a-z]+$/,
  $randomLastName: /^[A-Z][a-z]+$/,
  $randomFullName: /^[A-Z][a-z]+ [A-Z][a-z]+$/,
  $randomUserName: /^[A-Z][a-z]+\.[A-Z][a-z]+\d{1,2}$/,
  $randomEmail: /^[a-z]+\.[a-z]+\d{1,2}@(gmail|yahoo|hotmail)\.com$/,
  $randomExampleEmail: /^[a-z]+\.[a-z]+\d{1,2}@example\.(com|net|org)$/,
  $randomPhoneNumber: /^\d{3}-\d{3}-\d{4}$/,
  $randomPhoneNumberExt: /^\d{1,2}-\d{3}-\d{3}-\d{4}$/,
  $randomColor: /^[a-z]+$/,
  $randomHexColor: /^#[0-9a-f]{6}$/,
  $randomWord: /^[a-z]+$/,
  $randomLoremWord: /^[a-z]+$/,
  $randomLoremWords: /^[a-z]+ [a-z]+ [a-z]+$/,
  $randomLoremSentence: /^[A-Z][a-z]*( [a-z]+){2,9}\.$/,
  $randomDomainName: /^[a-z]+\.(com|net|org|info|biz)$/,
  $randomUrl: /^https:\/\/[a-z]+\.(com|net|org|info|biz)$/,
  $randomIP: /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/,
  $randomPrice: /^\d{1,4}\.\d{2}$/,
  $randomSemver: /^\d\.\d\.\d$/,
};

describe('dynamic variables', () => {
  it.each(DYNAMIC_VARIABLES)('%s gives values in Postman’s format', (name) => {
    for (let i = 0; i < 200; i++) expect(dynamicValue(name)).toMatch(FORMATS[name]);
  });

  it('keeps numbers in Postman’s ranges', () => {
    const samples = (name: string) => Array.from({ length: 2000 }, () => Number(dynamicValue(name)));
    const ints = samples('$randomInt');
    expect(Math.min(...ints)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ints)).toBeLessThanOrEqual(1000);
    expect(new Set(ints).size).toBeGreaterThan(500);
    expect(Math.max(...samples('$randomPrice'))).toBeLessThanOrEqual(1000);
    for (const part of Array.from({ length: 500 }, () => dynamicValue('$randomIP')!.split('.').map(Number)).flat())
      expect(part).toBeLessThanOrEqual(255);
  });

  it('gives the time now: Unix seconds and ISO 8601 in UTC', () => {
    const before = Math.floor(Date.now() / 1000);
    const seconds = Number(dynamicValue('$timestamp'));
    expect(seconds).toBeGreaterThanOrEqual(before);
    expect(seconds).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(Math.abs(Date.parse(dynamicValue('$isoTimestamp')!) - Date.now())).toBeLessThan(1000);
  });

  it('gives a fresh value each time', () => {
    for (const name of ['$guid', '$randomUUID', '$randomPassword', '$randomHexColor'] as const) {
      expect(new Set(Array.from({ length: 50 }, () => dynamicValue(name))).size).toBe(50);
    }
  });

  it('knows only its own names', () => {
    expect(isDynamicVariable('$guid')).toBe(true);
    expect(isDynamicVariable('$nope')).toBe(false);
    expect(isDynamicVariable('guid')).toBe(false);
    expect(isDynamicVariable('$toString')).toBe(false);
    expect(dynamicValue('$nope')).toBeUndefined();
  });

  it('lists the unsupported ones a text uses, once each', () => {
    expect(unsupportedDynamicVariables('{{$guid}}/{{ $randomBankAccountIban }}/{{$nope}}/{{$nope}}/{{plain}}')).toEqual(
      ['$randomBankAccountIban', '$nope'],
    );
    expect(unsupportedDynamicVariables('no variables')).toEqual([]);
  });
});

/**
 * The languages and libraries "Generate code" writes a request in, as data without zod: the
 * renderer's picker lists them, the contract checks a choice against them, and the main process
 * (io/code-snippets.ts) maps each to httpsnippet's target and client.
 */
export const CODE_TARGETS = [
  { id: 'curl', language: 'Shell', library: 'cURL' },
  { id: 'php-guzzle', language: 'PHP', library: 'Guzzle' },
  { id: 'php-curl', language: 'PHP', library: 'cURL' },
  { id: 'python-requests', language: 'Python', library: 'requests' },
  { id: 'javascript-fetch', language: 'JavaScript', library: 'fetch' },
  { id: 'javascript-axios', language: 'JavaScript', library: 'axios' },
  { id: 'node-https', language: 'Node.js', library: 'https' },
  { id: 'node-axios', language: 'Node.js', library: 'axios' },
  { id: 'java-httpclient', language: 'Java', library: 'HttpClient' },
  { id: 'java-okhttp', language: 'Java', library: 'OkHttp' },
  { id: 'csharp-httpclient', language: 'C#', library: 'HttpClient' },
  { id: 'go', language: 'Go', library: 'net/http' },
  { id: 'ruby', language: 'Ruby', library: 'Net::HTTP' },
] as const;

export type CodeTargetId = (typeof CODE_TARGETS)[number]['id'];

export const CODE_TARGET_IDS = CODE_TARGETS.map((target) => target.id) as [CodeTargetId, ...CodeTargetId[]];

export const DEFAULT_CODE_TARGET: CodeTargetId = 'curl';

/** A stored choice read back (settings.json may be old or edited by hand): the default when unknown. */
export function storedCodeTarget(value: unknown): CodeTargetId {
  return CODE_TARGET_IDS.find((id) => id === value) ?? DEFAULT_CODE_TARGET;
}

/** "Python — requests": how the picker and the dialog name a target. */
export function codeTargetLabel(id: CodeTargetId): string {
  const target = CODE_TARGETS.find((t) => t.id === id)!;
  return target.language === 'Shell' ? target.library : `${target.language} — ${target.library}`;
}

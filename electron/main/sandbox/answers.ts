/**
 * How the sandbox answers: JSON in the Partner API's shapes (wrapped data, error bodies), OAuth2
 * token-endpoint errors, empty answers and small HTML pages; and reading a request's media type.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';

export interface ValidationIssue {
  field: string;
  title: string;
  detail: string;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The API's success shape: {"transaction_id", "message", "data"}. */
export function sendData(res: ServerResponse, status: number, message: string, data: unknown): void {
  sendJson(res, status, { transaction_id: randomUUID(), message, data });
}

/** The API's error shape: {"error": {"status", "title", "detail", "validation"?}}. */
export function sendError(
  res: ServerResponse,
  status: number,
  detail: string,
  validation?: ValidationIssue[],
  headers: Record<string, string> = {},
): void {
  const error: Record<string, unknown> = { status, title: statusTitle(status), detail };
  if (validation && validation.length > 0) error.validation = validation;
  sendJson(res, status, { error }, headers);
}

/** The OAuth2 error shape of the token endpoint (RFC 6749 §5.2): {"error": code, "error_description"}. */
export function sendOAuthError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, error_description: description }, { Pragma: 'no-cache', ...headers });
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, headers);
  res.end();
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  });
  res.end(html);
}

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? `Status ${status}`;
}

/** Whether a Content-Type header names this media type (parameters such as charset are ignored). */
export function hasMediaType(header: string | undefined, mediaType: string): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === mediaType;
}

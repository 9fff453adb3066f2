/** Reading DingTalk requests: old-style clients send forms or JSON, new-style JSON. */
import type { Context } from 'koa';
import { OapiFailure } from './envelopes';

export type Body = Record<string, unknown>;

export function body(ctx: Context): Body {
  const parsed = ctx.request.body;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Body) : {};
}

export function queryString(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Old-style clients may send numbers as form strings; both are accepted. */
export function num(value: unknown, fallback?: number): number {
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw new OapiFailure(40035, '参数非法');
  }
  const n = Number(value);
  if (!Number.isFinite(n)) throw new OapiFailure(40035, '参数非法');
  return n;
}

export function csv(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value.trim() === '') return [];
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

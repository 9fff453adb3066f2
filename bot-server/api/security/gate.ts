import type { Context, Next } from 'koa';
import type { DataSource } from 'typeorm';
import { sessions } from '../../organisation/sessions';
import { loadSignedInUser } from '../auth';
import { ApiError, badRequest, notFound, unauthorized } from '../errors';
import { SESSION_COOKIE, type SessionTokens } from '../session';
import { readRequestPath } from './request-path';

/** A route as the routers declare it: `GET /api/auth/config`. */
export type RouteKey = `${string} ${string}`;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What a write may carry. JSON, and the uploaded workbook types: none of them is a type a cross-site HTML form (or a
 * "simple" cross-origin fetch) can send, so a write that passes here was made by our own page or a real client.
 */
const WRITE_TYPES = [
  'application/json',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

export function bearerOrCookie(ctx: Context): { token: string; from: 'bearer' | 'cookie' } | null {
  const header = ctx.get('authorization');
  if (header.startsWith('Bearer ')) return { token: header.slice('Bearer '.length).trim(), from: 'bearer' };
  const cookie = ctx.cookies.get(SESSION_COOKIE);
  return cookie ? { token: cookie, from: 'cookie' } : null;
}

export interface GateOptions {
  tokens: SessionTokens;
  db: () => DataSource;
  /** The routes that answer without a session, read from the sign-in router itself. */
  publicRoutes: ReadonlySet<RouteKey>;
  /** Our own origins (PUBLIC_URL's, and the one the request was addressed to). */
  ownOrigins: (ctx: Context) => string[];
  now?: () => Date;
}

/**
 * The one door to `/api/`, before any routing: every request whose path could reach an API handler under any
 * spelling (case, `//`, `/./`, `..`, a trailing slash, percent-escapes) is signed in here unless it is one of the
 * sign-in routes under its one spelling; writes must come from our own origin and carry JSON (or an upload); a path
 * not written the one way the routers match is 404, as is anything no route answers.
 */
export function apiGate(options: GateOptions) {
  const now = options.now ?? (() => new Date());
  return async (ctx: Context, next: Next) => {
    const path = readRequestPath(ctx.path);
    if (!path) throw badRequest('bad_path', '请求地址有误');
    if (!path.isApi) return next();

    const isPublic = path.canonical && options.publicRoutes.has(`${ctx.method} ${ctx.path}`);
    if (!isPublic) ctx.state.user = await signedInUser(ctx, options, now());
    if (!SAFE_METHODS.has(ctx.method)) refuseCrossSiteWrite(ctx, options.ownOrigins(ctx));
    if (!path.canonical) throw notFound('没有这个接口');

    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw notFound('没有这个接口');
  };
}

async function signedInUser(ctx: Context, options: GateOptions, now: Date) {
  const presented = bearerOrCookie(ctx);
  const claims = presented ? options.tokens.verify(presented.token) : null;
  if (!claims) throw unauthorized(presented ? '登录已过期，请重新登录' : '请先登录');
  const db = options.db();
  if (!(await sessions.isLive(db.manager, claims.sid, claims.uid, now))) {
    throw unauthorized('登录已失效，请重新登录');
  }
  const user = await loadSignedInUser(db, claims.uid, claims.via);
  if (!user) throw unauthorized('该账号已停用或不存在');
  ctx.state.session = claims;
  return user;
}

/**
 * Cross-site request forgery: a browser names where a request comes from (`Origin`, `Sec-Fetch-Site`); a write
 * from elsewhere is refused whatever credential it carries, and a write must carry one of our own body types.
 */
function refuseCrossSiteWrite(ctx: Context, ownOrigins: string[]) {
  const site = ctx.get('sec-fetch-site');
  const origin = ctx.get('origin');
  if ((site && site !== 'same-origin' && site !== 'none') || (origin && !ownOrigins.includes(origin))) {
    throw new ApiError(403, 'cross_site', '拒绝来自其他站点的请求');
  }
  if (!WRITE_TYPES.includes(ctx.request.type)) {
    throw new ApiError(415, 'unsupported_type', '请以 JSON 格式提交（Content-Type: application/json）');
  }
}

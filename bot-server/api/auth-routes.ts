import Router from '@koa/router';
import type { Context } from 'koa';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { Department, User, UserRole } from '../../entities';
import { DingTalkApiError, type OapiClient } from '../dingtalk';
import { sessions } from '../organisation/sessions';
import { loadSignedInUser, type SignedInUser } from './auth';
import { notFound, unauthorized } from './errors';
import { AttemptLimiter, limitFailedAttempts } from './security/attempt-limiter';
import { bearerOrCookie } from './security/gate';
import { SESSION_COOKIE, SESSION_TTL_SECONDS, type SessionClaims, type SessionTokens } from './session';

const demoSignIn = z.object({ userId: z.string().min(1).max(64) });
const dingtalkSignIn = z.object({ code: z.string().trim().min(1, '缺少免登授权码').max(256) });

/** Refused sign-ins allowed per address in ten minutes: a person retrying is far below it, a guesser far above. */
export const SIGN_IN_FAILURES_ALLOWED = 20;
export const SIGN_IN_WINDOW_MS = 10 * 60_000;

export function setSessionCookie(ctx: Context, token: string) {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    maxAge: SESSION_TTL_SECONDS * 1000,
    secure: ctx.protocol === 'https',
  });
}

/** Answers a successful sign-in the same way for every method: a new session, its token, and who signed in. */
export async function signIn(
  ctx: Context,
  db: DataSource,
  tokens: SessionTokens,
  userId: string,
  via: SessionClaims['via'],
): Promise<SignedInUser> {
  const user = await loadSignedInUser(db, userId, via);
  if (!user) throw unauthorized('该账号未在督办系统中登记或已停用，请联系管理员');
  const expiresAt = new Date(tokens.claimsFor('', userId, via).exp * 1000);
  const sid = await sessions.open(db.manager, userId, via, expiresAt);
  const token = tokens.issue(tokens.claimsFor(sid, userId, via));
  setSessionCookie(ctx, token);
  ctx.body = { token, expiresAt: expiresAt.toISOString(), user };
  return user;
}

/**
 * Sign-in routes, the only `/api/` routes that answer without a session (the API gate reads them from this router).
 * The demo sign-in exists only while no DingTalk credentials are configured; otherwise it answers 404, as if it were
 * not there. Sign-in attempts are limited per address.
 */
export function authRoutes(options: {
  demo: boolean;
  /** The DingTalk corporation the mini-app asks a free-login code for (empty in the demo). */
  corpId: string;
  tokens: SessionTokens;
  db: () => DataSource;
  oapi: () => OapiClient;
  attempts?: AttemptLimiter;
}): Router {
  const router = new Router({ prefix: '/api/auth', sensitive: true, strict: true });
  const limited = limitFailedAttempts(
    options.attempts ?? new AttemptLimiter(SIGN_IN_FAILURES_ALLOWED, SIGN_IN_WINDOW_MS),
  );
  const demoOnly = async (_ctx: Context, next: () => Promise<unknown>) => {
    if (!options.demo) throw notFound();
    await next();
  };

  // What the mini-app needs before anyone signs in: the demo picker or DingTalk's free login, and for which corp.
  router.get('/config', (ctx) => {
    ctx.body = { demo: options.demo, corpId: options.corpId };
  });

  router.get('/demo', demoOnly, async (ctx) => {
    const db = options.db();
    const users = await db.getRepository(User).find({ where: { active: true }, order: { primaryDepartmentId: 'ASC' } });
    const roles = await db.getRepository(UserRole).find();
    const departments = new Map((await db.getRepository(Department).find()).map((d) => [d.id, d.name]));
    ctx.body = {
      users: users.map((u) => ({
        id: u.id,
        name: u.name,
        title: u.title,
        departmentId: u.primaryDepartmentId,
        departmentName: u.primaryDepartmentId ? (departments.get(u.primaryDepartmentId) ?? null) : null,
        roles: roles.filter((r) => r.userId === u.id).map((r) => r.role),
      })),
    };
  });

  router.post('/demo', demoOnly, limited, async (ctx) => {
    const { userId } = demoSignIn.parse(ctx.request.body);
    await signIn(ctx, options.db(), options.tokens, userId, 'demo');
  });

  // Inside DingTalk: the mini-app's free-login code (dd.requestAuthCode) → the user → a session. A code works once
  // and for five minutes (docs/dingtalk.md, H5 sign-in).
  router.post('/dingtalk', limited, async (ctx) => {
    const { code } = dingtalkSignIn.parse(ctx.request.body);
    let userId: string;
    try {
      userId = (await options.oapi().getUserInfoByCode(code)).userid;
    } catch (err) {
      if (err instanceof DingTalkApiError && err.code === 'api_auth_code_invalid') {
        throw unauthorized('免登授权码无效或已使用，请关闭后重新打开督办应用');
      }
      throw err;
    }
    await signIn(ctx, options.db(), options.tokens, userId, 'dingtalk');
  });

  // Ends the session the request presents, if it is one: its token stops working everywhere at once.
  router.post('/logout', async (ctx) => {
    const presented = bearerOrCookie(ctx);
    const claims = presented ? options.tokens.verify(presented.token) : null;
    if (claims) await sessions.revoke(options.db().manager, claims.sid, 'logout', new Date());
    ctx.cookies.set(SESSION_COOKIE, null);
    ctx.status = 204;
  });

  return router;
}

import type { Context, Next } from 'koa';

/**
 * Headers every answer carries. The mini-app is our own scripts and styles only, talks to its own origin, and may be
 * framed by DingTalk's web client (im.dingtalk.com opens micro-apps in a frame) and by itself — nothing else.
 * Inline styles stay allowed: the component library sets style attributes at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self' https://*.dingtalk.com",
].join('; ');

export function securityHeaders() {
  return async (ctx: Context, next: Next) => {
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
    if (ctx.protocol === 'https') ctx.set('Strict-Transport-Security', 'max-age=31536000');
    await next();
  };
}

import Router from '@koa/router';

/**
 * A router that matches exactly one spelling of each path: case-sensitive, strict about trailing slashes. Every
 * other spelling is decided by the API gate (security/gate.ts) before routing: signed in, then 404.
 * A route at the prefix itself is declared with the empty path (`router.get('')`), never `/`.
 */
export function exactRouter(prefix?: string): Router {
  return new Router({ ...(prefix ? { prefix } : {}), sensitive: true, strict: true });
}

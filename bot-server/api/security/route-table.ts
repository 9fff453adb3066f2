import type Router from '@koa/router';
import type { Role } from '../../../entities';
import { REQUIRED_ROLES } from '../auth';

/** A route as its router declares it, for the security tests and the fuzz command to enumerate. */
export interface RouteInfo {
  method: string;
  /** The declared path with its parameters, e.g. `/api/supervision/matters/:id`. */
  path: string;
  /** The roles a `requireRole` on the route or on its router admits (admin always); null when any signed-in user. */
  roles: Role[] | null;
  /** Whether the route matches only its own letter case and trailing slash. */
  exact: boolean;
}

type Layer = Router['stack'][number];

const rolesOf = (layers: Layer[]): Role[] | null => {
  const guards = layers
    .flatMap((l) => l.stack)
    .flatMap((fn) => {
      const roles = (fn as { [REQUIRED_ROLES]?: readonly Role[] })[REQUIRED_ROLES];
      return roles ? [roles] : [];
    });
  if (guards.length === 0) return null;
  // Every guard must pass: the roles admitted are those every guard admits.
  return guards.reduce<Role[]>((kept, roles) => kept.filter((r) => roles.includes(r)), [...(guards[0] ?? [])]);
};

/** Concrete path for a declared one: each parameter becomes `1`. */
export const samplePath = (path: string) => path.replace(/:[A-Za-z_]+/g, '1');

/** The routes of a router, read from its own stack: methods, paths, and the role guards that apply to each. */
export function routeTable(router: Router): RouteInfo[] {
  const middleware = router.stack.filter((l) => l.methods.length === 0);
  return router.stack
    .filter((l) => l.methods.length > 0)
    .flatMap((layer) => {
      const path = String(layer.path);
      const concrete = samplePath(path);
      const applying = middleware.filter((m) => m.regexp?.test(concrete));
      const roles = rolesOf([...applying, layer]);
      const exact = layer.opts.sensitive === true && layer.opts.strict === true;
      return layer.methods.filter((method) => method !== 'HEAD').map((method) => ({ method, path, roles, exact }));
    });
}

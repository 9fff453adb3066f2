import Router from '@koa/router';
import type { SignedInUser } from './auth';

export function meRoutes(): Router {
  const router = new Router();
  router.get('/me', async (ctx) => {
    const user = ctx.state.user as SignedInUser;
    ctx.body = { user };
  });
  return router;
}

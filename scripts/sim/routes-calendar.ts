/** Calendar (docs/dingtalk.md §2.5). */
import type Router from '@koa/router';
import { OpenApiFailure, openApiOk } from './envelopes';
import { openApiGuard } from './routes-auth';
import type { SimulatorState } from './state';

export function calendarRoutes(router: Router, state: SimulatorState): void {
  const openApiAuth = openApiGuard(state);

  router.get('/v1.0/calendar/users/:unionId/calendars/:calendarId/events/:eventId', openApiAuth, (ctx) => {
    const event = state.calendarEventView(String(ctx.params.unionId), String(ctx.params.eventId));
    if (!event) throw new OpenApiFailure(404, 'eventNotFound', 'event not found'); // simulator choice
    openApiOk(ctx, event);
  });
}

/**
 * The simulator's control API under `/__sim` (JSON), for tests and people driving the simulated DingTalk:
 *   GET    /__sim/state                 URLs, settings, counts
 *   GET    /__sim/org                   departments, users, approval templates
 *   GET    /__sim/messages[?kind=&userId=]   every message sent; DELETE clears
 *   POST   /__sim/auth-codes {userId}   a free-login code (5 min, single use)
 *   POST   /__sim/events {eventType, data, eventId?, legacy?}   push an event now
 *   GET    /__sim/deliveries            every event push and its outcome
 *   PUT    /__sim/event-mode {mode: 'stream'|'http', callbackUrl?}
 *   POST   /__sim/check-url             send `check_url` to the callback URL
 *   POST   /__sim/tokens/expire         every access token stops working
 *   POST   /__sim/faults {path, kind: 'throttle'|'busy'|'token_expired', times}
 *   POST   /__sim/stream/drop | /__sim/stream/disconnect
 *   GET    /__sim/instances             approval instances
 *   POST   /__sim/instances {processCode, originatorUserId, form: {name: value}}
 *   POST   /__sim/tasks/execute {processInstanceId, taskId, actionerUserId, result, remark?}
 *   POST   /__sim/instances/terminate {processInstanceId, operatingUserId?, remark?}
 *   PUT    /__sim/event-hold {hold}     keep approval events instead of pushing them (a push outage)
 *   GET    /__sim/held-events           the events kept; POST …/release pushes them in order; DELETE drops them
 *   PUT    /__sim/notice-repeat-filter {on}   DingTalk's same-content-once-a-day rule for work notices (default on)
 *   GET    /__sim/todos, POST /__sim/todos/fail {times, after?}   DingTalk 待办 (routes-todo.ts)
 *   GET    /__sim/permissions          the permissions (权限点) the app lacks; PUT {missing: [scope…]} sets them
 */
import Router from '@koa/router';
import type Koa from 'koa';
import type { EventDispatch } from './event-dispatch';
import { todoControlRoutes } from './routes-todo';
import type { Simulator } from './simulator-api';
import type { SimMessage } from './state';
import { permissionsOf } from './state-permissions';

/** The simulator exists only once its server listens, after the routes are mounted: hence a getter. */
type SimulatorRef = () => Simulator;

function input(ctx: Koa.Context): Record<string, unknown> {
  return (ctx.request.body ?? {}) as Record<string, unknown>;
}

export function controlRoutes(sim: SimulatorRef, dispatch: EventDispatch, authCodeTtlMs: number): Router {
  const router = new Router({ prefix: '/__sim' });
  router.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = 400;
      ctx.body = { error: { code: 'sim_bad_request', message: err instanceof Error ? err.message : String(err) } };
    }
  });
  inspectionRoutes(router, sim, dispatch);
  eventRoutes(router, sim, dispatch);
  stateRoutes(router, sim, authCodeTtlMs);
  todoControlRoutes(router, () => sim().state);
  return router;
}

/** What the simulator holds: settings and counts, the organisation, messages, deliveries, approval instances. */
function inspectionRoutes(router: Router, sim: SimulatorRef, dispatch: EventDispatch): void {
  router.get('/state', (ctx) => {
    const { url, gateway, state, settings } = sim();
    ctx.body = {
      url,
      gatewayUrl: gateway.endpoint,
      eventMode: dispatch.mode,
      callbackUrl: dispatch.callbackUrl ?? null,
      settings,
      counts: {
        users: state.users.size,
        departments: state.departments.size,
        instances: state.instances.size,
        messages: state.messages.length,
        streamConnections: gateway.connections.size,
        pendingStreamEvents: gateway.pendingCount(),
        deliveries: dispatch.deliveries.length,
      },
    };
  });
  router.get('/org', (ctx) => {
    const { state } = sim();
    ctx.body = {
      corpId: state.corpId,
      departments: [...state.departments.values()],
      users: [...state.users.values()],
      processes: [...state.processes.values()],
    };
  });
  router.get('/messages', (ctx) => {
    const kind = typeof ctx.query.kind === 'string' ? (ctx.query.kind as SimMessage['kind']) : undefined;
    const userId = typeof ctx.query.userId === 'string' ? ctx.query.userId : undefined;
    ctx.body = { messages: sim().messages({ ...(kind ? { kind } : {}), ...(userId ? { userId } : {}) }) };
  });
  router.delete('/messages', (ctx) => {
    sim().state.messages.length = 0;
    ctx.status = 204;
  });
  router.get('/deliveries', (ctx) => {
    ctx.body = { deliveries: dispatch.deliveries };
  });
  router.get('/instances', (ctx) => {
    const { state } = sim();
    ctx.body = {
      instances: [...state.instances.keys()].map((id) => ({ processInstanceId: id, ...state.instanceView(id) })),
    };
  });
}

/** Event pushes: push one now, switch mode, check the callback URL, hold and release, break the Stream. */
function eventRoutes(router: Router, sim: SimulatorRef, dispatch: EventDispatch): void {
  router.post('/events', async (ctx) => {
    const body = input(ctx);
    if (typeof body.eventType !== 'string' || body.data === null || typeof body.data !== 'object') {
      throw new Error('eventType (string) and data (object) are required');
    }
    ctx.body = await dispatch.deliver({
      eventType: body.eventType,
      data: body.data as Record<string, unknown>,
      ...(typeof body.eventId === 'string' ? { eventId: body.eventId } : {}),
      ...(body.legacy === true ? { legacy: true } : {}),
    });
  });
  router.put('/event-mode', (ctx) => {
    const body = input(ctx);
    if (body.mode !== 'stream' && body.mode !== 'http') throw new Error('mode must be "stream" or "http"');
    sim().setEventMode(body.mode, typeof body.callbackUrl === 'string' ? body.callbackUrl : undefined);
    ctx.body = { eventMode: dispatch.mode, callbackUrl: dispatch.callbackUrl ?? null };
  });
  router.post('/check-url', async (ctx) => {
    ctx.body = await dispatch.checkUrl();
  });
  router.put('/event-hold', (ctx) => {
    const body = input(ctx);
    if (typeof body.hold !== 'boolean') throw new Error('hold (boolean) is required');
    sim().holdEvents(body.hold);
    ctx.body = { hold: body.hold, held: dispatch.heldEvents().length };
  });
  router.put('/notice-repeat-filter', (ctx) => {
    const body = input(ctx);
    if (typeof body.on !== 'boolean') throw new Error('on (boolean) is required');
    sim().state.setWorkNoticeRepeatFilter(body.on);
    ctx.body = { on: body.on };
  });
  router.get('/held-events', (ctx) => {
    ctx.body = { events: sim().heldEvents() };
  });
  router.post('/held-events/release', (ctx) => {
    const eventIds = dispatch.heldEvents().map((event) => event.eventId);
    void sim().releaseHeldEvents();
    ctx.body = { released: eventIds };
  });
  router.delete('/held-events', (ctx) => {
    ctx.body = { dropped: sim().dropHeldEvents() };
  });
  router.post('/stream/drop', (ctx) => {
    sim().gateway.dropConnections();
    ctx.status = 204;
  });
  router.post('/stream/disconnect', (ctx) => {
    sim().gateway.sendDisconnect();
    ctx.status = 204;
  });
}

/** Acting in DingTalk's place: free-login codes, reads, calendar events, tokens, faults, approvals. */
function stateRoutes(router: Router, sim: SimulatorRef, authCodeTtlMs: number): void {
  router.post('/auth-codes', (ctx) => {
    const code = sim().state.issueAuthCode(String(input(ctx).userId ?? ''));
    ctx.body = { code, expiresInSeconds: Math.round(authCodeTtlMs / 1000) };
  });
  router.post('/messages/read', (ctx) => {
    const body = input(ctx);
    sim().state.markNoticeRead(Number(body.taskId), String(body.userId ?? ''));
    ctx.status = 204;
  });
  router.post('/calendar/events', (ctx) => {
    const body = input(ctx);
    ctx.body = sim().state.saveCalendarEvent({
      ...(typeof body.id === 'string' ? { id: body.id } : {}),
      organizerUserId: String(body.organizerUserId ?? ''),
      summary: String(body.summary ?? ''),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      start: String(body.start ?? ''),
      end: String(body.end ?? ''),
      ...(typeof body.location === 'string' ? { location: body.location } : {}),
      attendeeUserIds: Array.isArray(body.attendeeUserIds) ? body.attendeeUserIds.map(String) : [],
      ...(body.status === 'cancelled' ? { status: 'cancelled' as const } : {}),
    });
  });
  router.post('/tokens/expire', (ctx) => {
    sim().state.expireTokens();
    ctx.status = 204;
  });
  router.get('/permissions', (ctx) => {
    ctx.body = { missing: permissionsOf(sim().state).listMissing() };
  });
  router.put('/permissions', (ctx) => {
    const missing = input(ctx).missing;
    if (!Array.isArray(missing) || !missing.every((scope) => typeof scope === 'string' && scope !== '')) {
      throw new Error('missing (an array of permission codes, e.g. ["qyapi_get_department_list"]) is required');
    }
    permissionsOf(sim().state).setMissing(missing);
    ctx.body = { missing: permissionsOf(sim().state).listMissing() };
  });
  router.post('/faults', (ctx) => {
    const body = input(ctx);
    const kind = body.kind ?? 'throttle';
    if (typeof body.path !== 'string' || (kind !== 'throttle' && kind !== 'busy' && kind !== 'token_expired')) {
      throw new Error('path (string) and kind (throttle | busy | token_expired) are required');
    }
    sim().state.addFault(body.path, kind, Number(body.times ?? 1));
    ctx.status = 204;
  });
  router.post('/instances', (ctx) => {
    const body = input(ctx);
    const form = (body.form ?? {}) as Record<string, unknown>;
    const processInstanceId = sim().state.startInstance({
      processCode: String(body.processCode ?? ''),
      originatorUserId: String(body.originatorUserId ?? ''),
      formComponentValues: Object.entries(form).map(([name, value]) => ({ name, value: String(value) })),
    });
    ctx.body = { processInstanceId };
  });
  router.post('/instances/terminate', (ctx) => {
    const body = input(ctx);
    sim().state.terminateInstance(
      String(body.processInstanceId ?? ''),
      typeof body.operatingUserId === 'string' ? body.operatingUserId : undefined,
      typeof body.remark === 'string' ? body.remark : undefined,
    );
    ctx.body = { ok: true };
  });
  router.post('/tasks/execute', (ctx) => {
    const body = input(ctx);
    sim().state.executeTask({
      processInstanceId: String(body.processInstanceId ?? ''),
      taskId: Number(body.taskId),
      actionerUserId: String(body.actionerUserId ?? ''),
      result: String(body.result ?? ''),
      ...(typeof body.remark === 'string' ? { remark: body.remark } : {}),
    });
    ctx.body = { ok: true };
  });
}

import { testDatabases } from '../../test-support/databases';
import { useDemoDuban } from '../../test-support/demo-fixture';
import { otherSpellings, rawRequest } from '../../test-support/raw-http';
import { SESSION_COOKIE } from '../session';

const METRICS_TOKEN = 'metrics-token-for-the-access-test-0123456789';

/**
 * The routes outside `/api/` answer without a session, so each is accounted for here: the two probes, and
 * `/metrics`, which answers only its own token under its one spelling (bot-server/metrics).
 */
describe.each(testDatabases())('who reaches the routes outside the API, on $name', (target) => {
  const demo = useDemoDuban(target, { env: { METRICS_TOKEN }, users: ['qianwei'] });
  const metrics = (target: string, headers: Record<string, string> = {}) =>
    rawRequest(demo.duban.url, 'GET', target, { headers });

  it('declares outside /api/ only the probes and /metrics, each matching one spelling', () => {
    const outside = demo.duban.routes.filter((r) => !r.path.startsWith('/api/'));
    expect(outside.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health', 'GET /metrics', 'GET /ready']);
    expect(outside.filter((r) => !r.exact)).toEqual([]);
  });

  it('refuses /metrics without its token: nothing, a wrong one, an administrator’s session as bearer or cookie', async () => {
    const session = demo.tokens.qianwei ?? '';
    const refusals: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` },
      { authorization: METRICS_TOKEN },
      { authorization: `Bearer ${session}` },
      { cookie: `${SESSION_COOKIE}=${session}` },
    ];
    for (const headers of refusals) {
      const res = await metrics('/metrics', headers);
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer realm="metrics"']);
      expect(res.body).not.toContain('duban_');
    }
  });

  it('answers the token under its own spelling only', async () => {
    const authorization = `Bearer ${METRICS_TOKEN}`;
    const own = await metrics('/metrics', { authorization });
    expect(own.status).toBe(200);
    expect(own.body).toContain('# TYPE duban_inbox_pending_events gauge');
    for (const spelling of otherSpellings('/metrics')) {
      const res = await metrics(spelling, { authorization });
      expect([spelling, res.body.includes('duban_')]).toEqual([spelling, false]);
    }
  });
});

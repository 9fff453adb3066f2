import { testDatabases } from '../../bot-server/test-support/databases';
import { signInAs, startTestDuban } from '../../bot-server/test-support/http';
import { fuzzApi } from './api-fuzz';

// A bounded run in every `npm test`; `npx duban check fuzz --requests 100000` runs the long one.
const REQUESTS = 2400;

describe.each(testDatabases())('hostile input to every API route on $name', (target) => {
  it(`answers ${REQUESTS} hostile requests without a 5xx, and refused writes change nothing`, async () => {
    const { duban, stop } = await startTestDuban(target, {}, { background: false });
    try {
      const report = await fuzzApi(duban, {
        requests: REQUESTS,
        seed: 20261204,
        signIn: () => signInAs(duban, 'qianwei'),
      });
      console.log(`fuzz on ${target.name}: ${JSON.stringify(report.statuses)}`);
      expect(report.failures).toEqual([]);
      expect(report.requests).toBe(REQUESTS);
      expect(Object.keys(report.statuses).filter((s) => Number(s) >= 500)).toEqual([]);
      // Most writes are refused, and each refused batch was compared.
      expect(report.refusedBatchesCompared).toBeGreaterThan(10);
    } finally {
      await stop();
    }
  }, 180_000);
});

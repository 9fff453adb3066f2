/**
 * An inbox process for the kill test (inbox-batch.test.ts): accepts events `k0`, `k1`, … with 20 in flight at a time,
 * as concurrent pushes would, and prints `ACK <eventId>` for each acknowledged one (stdout is a pipe, written
 * synchronously), until it is killed. WORKER_DB: the DatabaseSettings as JSON, already migrated.
 */
import type { DatabaseSettings } from '../../entities/data-source';
import { openDatabase } from '../db/database';
import { Inbox } from '../events/inbox';

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.WORKER_DB ?? '') as DatabaseSettings;
  const db = await openDatabase(settings, { migrate: false });
  const inbox = new Inbox(() => db);
  let next = 0;
  const sender = async () => {
    for (;;) {
      const eventId = `k${next++}`;
      await inbox.accept({
        eventId,
        eventType: 'bpms_instance_change',
        corpId: 'dingcorp',
        bornAt: new Date(),
        data: { processInstanceId: `pi-${eventId}` },
        transport: 'http',
      });
      process.stdout.write(`ACK ${eventId}\n`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, sender));
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});

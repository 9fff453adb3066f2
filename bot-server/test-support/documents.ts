import type { DataSource } from 'typeorm';
import { IsNull, LessThanOrEqual, Not } from 'typeorm';
import { Deadline, Document, DocumentStep, InboxEvent } from '../../entities';
import { loadConfig } from '../config/config';
import { sqlInstant } from '../db/sql-instant';
import { stepOrder } from '../documents/queries';
import { createLogger } from '../logging/logger';
import { type RunningDuban, startDuban } from '../server';
import type { TestDatabase } from './databases';
import { freshDemoDatabase } from './demo-snapshot';
import { type Simulator, startSimulator } from './simulator';

/** The simulated DingTalk's clock: approvals happen when a test says. Duban's own clock stays real. */
export class TestClock {
  constructor(public ms: number) {}
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
  now = () => this.ms;
}

export interface DocumentsHarness {
  duban: RunningDuban;
  sim: Simulator;
  clock: TestClock;
  db(): DataSource;
  /** Waits until every pushed event is processed and every document read from DingTalk that asked for it. */
  quiet(): Promise<void>;
  document(processInstanceId: string): Promise<Document>;
  steps(documentId: number): Promise<DocumentStep[]>;
  deadlinesOf(documentId: number): Promise<{ document: Deadline[]; steps: Map<number, Deadline> }>;
  close(): Promise<void>;
}

/** A demo Duban (its organisation, templates and demo documents) on a simulator whose clock the test moves. */
export async function startDocumentsHarness(target: TestDatabase, start: string): Promise<DocumentsHarness> {
  const created = await freshDemoDatabase(target);
  const clock = new TestClock(Date.parse(start));
  const sim = await startSimulator({ now: clock.now, qpsLimit: 0, stream: { pingIntervalMs: 0 } });
  const duban = await startDuban({ ...loadConfig({ PORT: '0' }), database: created.settings }, createLogger('silent'), {
    simulator: sim,
    processor: { backoffBaseMs: 20, backoffMaxMs: 200 },
    reminders: false,
  });
  await sim.gateway.waitForConnections(1);
  duban.services().documents.pinClock(() => new Date(clock.ms));
  const db = () => duban.services().db;
  const harness: DocumentsHarness = {
    duban,
    sim,
    clock,
    db,
    async quiet() {
      const until = Date.now() + 20_000;
      let calm = 0;
      for (;;) {
        await sim.settled();
        const pending = await db().getRepository(InboxEvent).countBy({ status: 'pending' });
        const toRead = await db()
          .getRepository(Document)
          .countBy({ syncDueAt: LessThanOrEqual(sqlInstant(db(), new Date(clock.ms)) as Date) });
        calm = pending === 0 && toRead === 0 ? calm + 1 : 0;
        if (calm >= 2) return;
        if (Date.now() > until) throw new Error(`not quiet: ${pending} events pending, ${toRead} documents to read`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async document(processInstanceId) {
      return db().getRepository(Document).findOneByOrFail({ processInstanceId });
    },
    async steps(documentId) {
      return (await db().getRepository(DocumentStep).find({ where: { documentId } })).sort(stepOrder);
    },
    async deadlinesOf(documentId) {
      const document = await db()
        .getRepository(Deadline)
        .find({ where: { subjectType: 'document', subjectId: documentId }, order: { id: 'ASC' } });
      const steps = await harness.steps(documentId);
      const map = new Map<number, Deadline>();
      for (const step of steps) {
        if (step.deadlineId === null) continue;
        map.set(step.id, await db().getRepository(Deadline).findOneByOrFail({ id: step.deadlineId }));
      }
      return { document, steps: map };
    },
    async close() {
      await duban.close();
      await sim.close();
      await created.drop();
    },
  };
  return harness;
}

/** Not-null filter, re-exported for tests that look for documents with problems. */
export const notNull = () => Not(IsNull());

/** An approval's form as DingTalk lists it: `{ 标题: '…' }` → `[{ name: '标题', value: '…' }]`. */
export const formValues = (fields: Record<string, string>) =>
  Object.entries(fields).map(([name, value]) => ({ name, value }));

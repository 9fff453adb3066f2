import type { DataSource, EntityManager } from 'typeorm';
import type { Matter } from '../../entities';
import type { DeadlineService } from '../deadlines/deadline-service';
import { requireOffice, seesAll } from './access';
import { assignCheckedIn, validateAssign } from './assign';
import { type MatterContext, writeTransaction } from './command';
import { decideExtensionIn, type ExtensionDecision, requestExtensionIn } from './commands/extensions';
import { evaluateIn, reassignIn, recordFeedbackIn, redoIn, urgeIn } from './commands/office';
import { acceptIn, completeIn, reportCoOpinionIn, reportProgressIn, returnMatterIn } from './commands/unit';
import { SupervisionError } from './errors';
import { type OfficeQueue, officeQueue, type PendingExtension, pendingDecisions } from './queue';
import { getDetail, list, overview, viewIn } from './reads';
import type {
  Actor,
  AssignInput,
  CheckedAssign,
  CompleteInput,
  MatterDetail,
  MatterFilter,
  MatterView,
  ProgressInput,
  ReassignInput,
  WriteOptions,
} from './types';

type Feedback = { satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; metDeputy?: boolean | null };
type Grade = { grade: 'excellent' | 'good' | 'fair' | 'poor'; comment?: string | null };

/**
 * 督查督办: matters from every source, from assignment to evaluation. Each write runs in one transaction that
 * validates everything first, writes the matter, its deadline(s), the audit rows and any outbox notification
 * together, so a refusal changes nothing (command.ts). Every `…In(manager, …)` method runs inside a caller's
 * transaction (the demo seed, an import, another area turning a meeting decision into a matter).
 */
export class SupervisionService implements MatterContext {
  private clock: () => Date;

  /** False for historical data (the demo seed): no outbox notification is written. */
  readonly notifications: boolean;

  constructor(
    private readonly db: () => DataSource,
    readonly deadlines: DeadlineService,
    clock: () => Date = () => new Date(),
    options: { notifications?: boolean } = {},
  ) {
    this.clock = clock;
    this.notifications = options.notifications ?? true;
  }

  /** The service's notion of now: real time, unless a test or the demo seed pins it. */
  now(): Date {
    return this.clock();
  }

  /** Pins (or with null, releases) the clock: for tests and the demo seed only. */
  useClock(clock: (() => Date) | null): void {
    this.clock = clock ?? (() => new Date());
  }

  /** Runs a write transaction, again when the numbering raced another writer (unique index) or deadlocked. */
  write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return writeTransaction(this.db(), work);
  }

  /** A command in its own transaction, answered with the matter's view as it is afterwards. */
  private run(command: (manager: EntityManager) => Promise<Matter>): Promise<MatterView> {
    return this.write(async (manager) => this.viewIn(manager, await command(manager)));
  }

  // ---- assignment -------------------------------------------------------------------------------------------

  async assign(actor: Actor, input: AssignInput): Promise<MatterView> {
    requireOffice(actor, '只有督查室可以交办督办事项');
    return this.run((manager) => this.assignIn(manager, actor.id, input));
  }

  /** Validates, numbers and stores a new matter with its deadline(s), audited, in the caller's transaction. */
  async assignIn(manager: EntityManager, actorId: string, input: AssignInput, options: WriteOptions = {}) {
    const checked = await this.validateAssign(manager, input);
    return this.assignCheckedIn(manager, actorId, checked, options);
  }

  /** Everything `assignIn` refuses, without writing (the import reports these per row). */
  validateAssign(manager: EntityManager, input: AssignInput): Promise<CheckedAssign> {
    return validateAssign(this, manager, input);
  }

  /** Numbers and stores an assignment `validateAssign` passed, with its deadline(s), audited. */
  assignCheckedIn(manager: EntityManager, actorId: string, c: CheckedAssign, options: WriteOptions): Promise<Matter> {
    return assignCheckedIn(this, manager, actorId, c, options);
  }

  // ---- the unit's steps -----------------------------------------------------------------------------------

  /** 签收. For 信访: 受理告知 — closes the notice deadline and starts the 60-day completion deadline. */
  accept(actor: Actor, id: number, note?: string | null): Promise<MatterView> {
    return this.run((manager) => this.acceptIn(manager, actor, id, note));
  }

  acceptIn(manager: EntityManager, actor: Actor, id: number, note?: string | null): Promise<Matter> {
    return acceptIn(this, manager, actor, id, note);
  }

  reportProgress(actor: Actor, id: number, input: ProgressInput): Promise<MatterView> {
    return this.run((manager) => this.reportProgressIn(manager, actor, id, input));
  }

  reportProgressIn(manager: EntityManager, actor: Actor, id: number, input: ProgressInput): Promise<Matter> {
    return reportProgressIn(this, manager, actor, id, input);
  }

  /** 报送协办意见: a co-unit's opinion, audited; the lead unit is told. */
  reportCoOpinion(actor: Actor, id: number, input: { content: string }): Promise<MatterView> {
    return this.run((manager) => reportCoOpinionIn(this, manager, actor, id, input));
  }

  /** 延期申请: checked under the rule at once (before expiry, caps), decided later by the supervision office. */
  requestExtension(actor: Actor, id: number, input: { amount: number; reason: string }): Promise<MatterView> {
    return this.run((manager) => this.requestExtensionIn(manager, actor, id, input));
  }

  requestExtensionIn(
    manager: EntityManager,
    actor: Actor,
    id: number,
    input: { amount: number; reason: string },
  ): Promise<Matter> {
    return requestExtensionIn(this, manager, actor, id, input);
  }

  /**
   * Approves (under the rule: the request must have come before expiry, caps, the approver's role — 督查室, or a
   * 区政府领导 for 信访's 本机关负责人) or refuses an extension request. The original deadline is kept for assessment.
   */
  decideExtension(actor: Actor, id: number, requestId: number, input: ExtensionDecision): Promise<MatterView> {
    return this.run((manager) => this.decideExtensionIn(manager, actor, id, requestId, input));
  }

  decideExtensionIn(
    manager: EntityManager,
    actor: Actor,
    id: number,
    requestId: number,
    input: ExtensionDecision,
  ): Promise<Matter> {
    return decideExtensionIn(this, manager, actor, id, requestId, input);
  }

  /** 办结, with the reply; 建议/提案 also with the outcome class and whether the unit met the deputy. */
  complete(actor: Actor, id: number, input: CompleteInput): Promise<MatterView> {
    return this.run((manager) => this.completeIn(manager, actor, id, input));
  }

  completeIn(manager: EntityManager, actor: Actor, id: number, input: CompleteInput): Promise<Matter> {
    return completeIn(this, manager, actor, id, input);
  }

  /** 退回: the lead unit sends a matter back to the supervision office (not its remit), with the reason. */
  returnMatter(actor: Actor, id: number, reason: string): Promise<MatterView> {
    return this.run((manager) => this.returnMatterIn(manager, actor, id, reason));
  }

  returnMatterIn(manager: EntityManager, actor: Actor, id: number, reason: string): Promise<Matter> {
    return returnMatterIn(this, manager, actor, id, reason);
  }

  // ---- the supervision office's steps ---------------------------------------------------------------------

  /** 退回重办: a completed, not yet evaluated matter goes back to its lead unit, against the same deadline. */
  async redo(actor: Actor, id: number, reason: string): Promise<MatterView> {
    requireOffice(actor, '只有督查室可以退回重办');
    return this.run((manager) => this.redoIn(manager, actor.id, id, reason));
  }

  redoIn(manager: EntityManager, actorId: string, id: number, reason: string): Promise<Matter> {
    return redoIn(this, manager, actorId, id, reason);
  }

  /** 改派: another lead unit (and co-units, responsible person); the deadline and the history stay. */
  async reassign(actor: Actor, id: number, input: ReassignInput): Promise<MatterView> {
    requireOffice(actor, '只有督查室可以改派督办事项');
    return this.run((manager) => this.reassignIn(manager, actor, id, input));
  }

  reassignIn(manager: EntityManager, actor: Actor, id: number, input: ReassignInput): Promise<Matter> {
    return reassignIn(this, manager, actor, id, input);
  }

  /** 催办: one more urge, audited, and a work notice to the responsible person (an outbox row). */
  async urge(actor: Actor, id: number, note?: string | null, options: WriteOptions = {}): Promise<MatterView> {
    // Leaders urge too: from their first screen, on the overdue units they see.
    if (!seesAll(actor)) throw new SupervisionError('forbidden', '只有督查室和区政府领导可以催办');
    return this.run((manager) => this.urgeIn(manager, actor.id, id, note, options));
  }

  urgeIn(manager: EntityManager, actorId: string, id: number, note?: string | null, options: WriteOptions = {}) {
    return urgeIn(this, manager, actorId, id, note, options);
  }

  /** 建议/提案: the deputy's satisfaction (征询意见), and whether the unit met them, recorded by the office. */
  async recordFeedback(actor: Actor, id: number, input: Feedback): Promise<MatterView> {
    requireOffice(actor, '代表委员满意度由督查室登记');
    return this.run((manager) => this.recordFeedbackIn(manager, actor, id, input));
  }

  recordFeedbackIn(manager: EntityManager, actor: Actor, id: number, input: Feedback): Promise<Matter> {
    return recordFeedbackIn(this, manager, actor, id, input);
  }

  /** 评价: a completed matter; the office may revise it (the latest counts). 较差 needs a reason. */
  async evaluate(actor: Actor, id: number, input: Grade): Promise<MatterView> {
    requireOffice(actor, '只有督查室可以评价督办事项');
    return this.run((manager) => this.evaluateIn(manager, actor.id, id, input));
  }

  evaluateIn(manager: EntityManager, actorId: string, id: number, input: Grade): Promise<Matter> {
    return evaluateIn(this, manager, actorId, id, input);
  }

  // ---- reading -------------------------------------------------------------------------------------------

  /** The matters the actor may see, filtered, newest first, with their status at a glance. */
  list(actor: Actor, filter: MatterFilter = {}): Promise<{ total: number; matters: MatterView[] }> {
    return list(this, this.db().manager, actor, filter);
  }

  /** Counts by status at a glance and by light, over what the actor may see. */
  overview(actor: Actor, year?: number) {
    return overview(this, this.db().manager, actor, year);
  }

  /** The pending extension requests the actor decides, with the decision deadline. */
  pendingDecisions(actor: Actor): Promise<PendingExtension[]> {
    return pendingDecisions(this, this.db().manager, actor);
  }

  /** 督查室's work queue in counted sections; only for the supervision office role. */
  queue(actor: Actor): Promise<OfficeQueue> {
    return officeQueue(this, this.db().manager, actor);
  }

  get(actor: Actor, id: number): Promise<MatterDetail> {
    return getDetail(this, this.db().manager, actor, id);
  }

  viewIn(manager: EntityManager, matter: Matter): Promise<MatterView> {
    return viewIn(this, manager, matter);
  }
}

import type { DataSource } from 'typeorm';
import type { DeadlineService } from '../deadlines/deadline-service';
import { BulletinService } from './bulletin-service';
import { SupervisionService } from './matter-service';

export { type BulletinFigures, computeBulletin } from './bulletin';
export { BulletinService } from './bulletin-service';
export { SupervisionError } from './errors';
export { type ImportReport, importMatters } from './import';
export { SupervisionService } from './matter-service';
export type { Actor, AssignInput, MatterDetail, MatterFilter, MatterView } from './types';

/** 督查督办 as the rest of Duban sees it: the matters and the monthly bulletin, over one clock. */
export class Supervision {
  readonly matters: SupervisionService;
  readonly bulletins: BulletinService;

  constructor(
    db: () => DataSource,
    deadlines: DeadlineService,
    clock?: () => Date,
    options: { notifications?: boolean } = {},
  ) {
    this.matters = new SupervisionService(db, deadlines, clock, options);
    this.bulletins = new BulletinService(this.matters);
  }
}

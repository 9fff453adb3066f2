import type Router from '@koa/router';
import type { Services } from '../../services';
import { exactRouter } from '../router';
import { arrangementRoutes } from './arrangements';
import { invitationRoutes } from './invitations';
import { meetingTypeRoutes } from './meeting-types';
import { meetingReportRoutes } from './reports';

/**
 * 会议 for the mini-app. Who may do what is decided in the meetings service from the one table of
 * meetings/lifecycle.ts (printed in meetings/README.md): 会务 (meeting_office) create, adopt drafts from DingTalk,
 * notify and cancel; an organiser runs an adopted ordinary meeting; 会务 and the supervision office record decisions;
 * invitees answer the notice and sign in; unit heads name who attends for their unit; leaders, the supervision office
 * and 会务 read every meeting. The fixed paths (`/meetings/types`, `/meetings/figures`, `/meetings/discipline`…) are
 * mounted before `/meetings/:id`.
 */
export function meetingRoutes(services: () => Services): Router {
  const router = exactRouter();
  const meetings = () => services().meetings;
  const db = () => services().db;
  for (const area of [
    meetingTypeRoutes(db),
    meetingReportRoutes(db, () => meetings().now()),
    arrangementRoutes(meetings),
    invitationRoutes(meetings),
  ]) {
    router.use(area.routes());
  }
  return router;
}

import { In } from 'typeorm';
import { grantRole, ROLE_LABELS, revokeRole, rolesOf } from '../../bot-server/organisation/roles';
import { ROLES, type Role, User, UserRole } from '../../entities';
import { type Command, UsageError } from './command';
import { withDatabase } from './database';

const USAGE = [
  'duban roles list [<userId>]',
  '       duban roles grant <userId> <role> [--unit <departmentId>]',
  '       duban roles revoke <userId> <role> [--unit <departmentId>]',
  `       <role> is one of ${ROLES.join(', ')}; --unit names the unit of a unit_head`,
].join('\n');

/** The person who runs the command, as the audit log records it (the mini-app records the administrator's userid). */
const ACTOR = 'cli';

function parseGrant(args: string[]): { userId: string; role: Role; scope: string | null } {
  const [userId, role, ...rest] = args;
  if (!userId || userId.startsWith('--')) throw new UsageError('name the user: <userId> <role>');
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(`the role is one of ${ROLES.join(', ')}${role ? `, not ${JSON.stringify(role)}` : ''}`);
  }
  let scope: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] !== '--unit') throw new UsageError(`unknown option ${rest[i]}`);
    scope = rest[++i] ?? null;
    if (!scope) throw new UsageError('--unit takes a department id');
  }
  return { userId, role: role as Role, scope };
}

/**
 * Roles from the command line: how an office's IT staff give the first administrator, who then gives every other
 * role in the mini-app (我的 → 系统管理). Grants and revocations are audited as the mini-app's are, by `cli`.
 */
export const rolesCommand: Command = {
  name: 'roles',
  summary: 'who holds which role: list, grant, revoke (the first administrator is given here)',
  usage: USAGE,
  async run(args) {
    const [action, ...rest] = args;
    if (action === 'list') {
      if (rest.length > 1) throw new UsageError('list takes at most a userId');
      return withDatabase(async (db) => {
        const holders = rest[0]
          ? [rest[0]]
          : [...new Set((await db.getRepository(UserRole).find()).map((r) => r.userId))];
        const users = await db.getRepository(User).findBy({ id: In(holders) });
        if (rest[0] && users.length === 0) throw new UsageError(`no user ${JSON.stringify(rest[0])}`);
        const roles = await rolesOf(db.manager, holders);
        if (roles.size === 0) console.log('no roles granted');
        for (const user of users.sort((a, b) => a.id.localeCompare(b.id))) {
          const held = (roles.get(user.id) ?? []).map(
            (r) => `${ROLE_LABELS[r.role]}${r.scopeName ? `（${r.scopeName}）` : ''}`,
          );
          console.log([user.id, user.name, held.join('、') || '（无）'].join('\t'));
        }
        return 0;
      });
    }
    if (action !== 'grant' && action !== 'revoke') {
      throw new UsageError(action ? `unknown action ${JSON.stringify(action)}` : 'missing action');
    }
    const grant = parseGrant(rest);
    return withDatabase(async (db) => {
      await db.transaction((manager) =>
        action === 'grant' ? grantRole(manager, ACTOR, grant) : revokeRole(manager, ACTOR, grant),
      );
      console.log(
        `${action === 'grant' ? 'granted' : 'revoked'} ${grant.role} ${action === 'grant' ? 'to' : 'from'} ${grant.userId}`,
      );
      return 0;
    });
  },
};

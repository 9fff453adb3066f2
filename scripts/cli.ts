import { backupCommand } from './commands/backup';
import { benchCommand } from './commands/bench';
import { bulletinCommand, supervisionCommand } from './commands/bulletin';
import { calendarCommand } from './commands/calendar';
import { checkCommand } from './commands/check';
import { type Command, EXIT_FAILURE, EXIT_USAGE, UsageError } from './commands/command';
import { demo } from './commands/demo';
import { doctorCommand } from './commands/doctor';
import { dueCommand } from './commands/due';
import { dutyCommand } from './commands/duty';
import { migrate, migrateRevert } from './commands/migrate';
import { migrationGenerate } from './commands/migration-generate';
import { miniappSize } from './commands/miniapp-size';
import { remindersCommand } from './commands/reminders';
import { inbox, replay } from './commands/replay';
import { reportCommand, reportsCommand } from './commands/report';
import { restoreCommand } from './commands/restore';
import { rolesCommand } from './commands/roles';
import { sim } from './commands/sim';
import { syncOrg } from './commands/sync-org';
import { templatesCommand } from './commands/templates';

/** Every sub-command, in the order `duban help` lists them. */
const commands: Command[] = [
  migrate,
  migrateRevert,
  demo,
  replay,
  inbox,
  migrationGenerate,
  sim,
  syncOrg,
  calendarCommand,
  dueCommand,
  templatesCommand,
  rolesCommand,
  remindersCommand,
  benchCommand,
  checkCommand,
  bulletinCommand,
  supervisionCommand,
  reportCommand,
  reportsCommand,
  dutyCommand,
  miniappSize,
  doctorCommand,
  backupCommand,
  restoreCommand,
];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return ['usage: duban <command> [args]', '', ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)].join(
    '\n',
  );
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return name ? 0 : EXIT_USAGE;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`duban: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`duban ${name}: ${err.message}\nusage: ${command.usage}`);
      return EXIT_USAGE;
    }
    console.error(`duban ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILURE;
  }
}

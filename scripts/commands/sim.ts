import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { demoOrg } from '../../bot-server/demo/demo-dingtalk';
import type { OrgSeed } from '../sim/org';
import { type EventMode, type Simulator, startSimulator } from '../sim/simulator';
import { type Command, UsageError } from './command';

export interface SimArgs {
  port: number;
  host: string;
  mode: EventMode;
  callbackUrl?: string;
  seedFile?: string;
}

const USAGE =
  'duban sim [--port 4010] [--host 127.0.0.1] [--mode stream|http] [--callback-url http://localhost:3000/dingtalk/callback] [--seed org.json]';

export function parseSimArgs(args: string[]): SimArgs {
  const parsed: SimArgs = { port: 4010, host: '127.0.0.1', mode: 'stream' };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--port': {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port must be 0–65535, not ${value}`);
        parsed.port = port;
        break;
      }
      case '--host':
        parsed.host = value;
        break;
      case '--mode':
        if (value !== 'stream' && value !== 'http') throw new UsageError('--mode must be stream or http');
        parsed.mode = value;
        break;
      case '--callback-url':
        parsed.callbackUrl = value;
        break;
      case '--seed':
        parsed.seedFile = value;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return parsed;
}

const seedSchema = z.object({
  corpId: z.string().optional(),
  departments: z.array(
    z.object({ dept_id: z.number().int(), name: z.string(), parent_id: z.number().int().optional() }),
  ),
  users: z.array(
    z.object({
      userid: z.string(),
      name: z.string(),
      unionid: z.string().optional(),
      title: z.string().optional(),
      mobile: z.string().optional(),
      dept_id_list: z.array(z.number().int()),
      leader_dept_ids: z.array(z.number().int()).optional(),
      manager_userid: z.string().optional(),
      admin: z.boolean().optional(),
      boss: z.boolean().optional(),
      active: z.boolean().optional(),
    }),
  ),
  processes: z
    .array(
      z.object({
        processCode: z.string(),
        name: z.string(),
        approvers: z.array(z.object({ actionType: z.enum(['AND', 'OR', 'NONE']), userIds: z.array(z.string()) })),
      }),
    )
    .optional(),
});

async function readSeed(file: string): Promise<OrgSeed> {
  const parsed = seedSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new UsageError(`${file} is not an organisation seed: ${parsed.error.message}`);
  return parsed.data;
}

function describe(simulator: Simulator, callbackUrl: string | undefined): string {
  const env = Object.entries(simulator.settings).map(([name, value]) => `${name}=${value}`);
  const pushHint =
    simulator.eventMode === 'http'
      ? [
          `  HTTP push to:       ${callbackUrl ?? '(none yet: --callback-url, or PUT /__sim/event-mode {mode, callbackUrl})'}`,
        ]
      : [];
  return [
    `DingTalk simulator listening on ${simulator.url}`,
    `  APIs (api + oapi):  ${simulator.url}`,
    `  Stream gateway:     ${simulator.gatewayUrl}`,
    `  Control API:        ${simulator.url}/__sim/state  (messages: /__sim/messages)`,
    ...pushHint,
    '',
    'Put these in .env to run Duban against it:',
    ...env,
    '',
    'Ctrl-C stops it.',
  ].join('\n');
}

/** Starts the simulator, prints how to use it, and keeps it up until `until` settles. */
export async function runSimulator(
  args: string[],
  io: { until: Promise<unknown>; print: (text: string) => void },
): Promise<number> {
  const parsed = parseSimArgs(args);
  // Without a seed file: the demo organisation, so the demo's people sign in.
  const org = parsed.seedFile ? await readSeed(parsed.seedFile) : demoOrg();
  const simulator = await startSimulator({
    port: parsed.port,
    host: parsed.host,
    eventMode: parsed.mode,
    org,
    ...(parsed.callbackUrl ? { callback: { url: parsed.callbackUrl } } : {}),
  });
  io.print(describe(simulator, parsed.callbackUrl));
  try {
    await io.until;
  } finally {
    await simulator.close();
  }
  return 0;
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

export const sim: Command = {
  name: 'sim',
  summary: 'run the local DingTalk simulator (APIs, Stream gateway, HTTP push, control API)',
  usage: USAGE,
  run: (args) => runSimulator(args, { until: nextSignal(), print: (text) => console.log(text) }),
};

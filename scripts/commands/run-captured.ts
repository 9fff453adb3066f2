import { main } from '../cli';
import type { Command } from './command';

interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Runs `work` with console.log and console.error captured, and `env` set in the environment meanwhile. */
async function captured(work: () => Promise<number>, env: Record<string, string> = {}): Promise<Captured> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void out.push(String(line)));
  const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(String(line)));
  try {
    const code = await work();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** For tests: runs a command in-process and captures what it prints to stdout and stderr. */
export function runCaptured(command: Command, args: string[]): Promise<Captured> {
  return captured(() => command.run(args));
}

/**
 * For tests: `npx duban <argv>` as a person runs it — through the command line's own dispatch, so refusals come back
 * as exit codes — in-process, with `env` as the server's environment, and what it printed.
 */
export function runCliCaptured(argv: string[], env: Record<string, string> = {}): Promise<Captured> {
  return captured(() => main(argv), env);
}

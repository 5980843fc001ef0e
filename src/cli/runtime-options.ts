/** Opens the runtime for a CLI command with the global options applied. */
import type { Command } from 'commander';
import { openRuntime, type Runtime } from '../app/runtime.js';
import { loadConfig, type Config } from '../config/config.js';
import { CliErrorLike } from './errors.js';

export function commandConfig(command: Command, overrides: Record<string, unknown> = {}): Config {
  const globals = command.optsWithGlobals<{ dataDir?: string }>();
  const result = loadConfig(process.env, { dataDir: globals.dataDir, ...overrides });
  if (!result.ok) {
    throw new CliErrorLike(
      `the configuration has ${result.problems.length} problem(s):\n${result.problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  return result.config;
}

export async function withRuntime<T>(command: Command, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(commandConfig(command));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

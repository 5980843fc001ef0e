/** `lamsach db …`: database maintenance. */
import type { Command } from 'commander';
import { effectiveDatabaseUrl } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { commandConfig } from './runtime-options.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending migrations (also done automatically by serve)')
    .action(async (_options: unknown, command: Command) => {
      const handle = openDatabase(effectiveDatabaseUrl(commandConfig(command)));
      try {
        const { applied } = await migrateToLatest(handle);
        process.stdout.write(
          applied.length ? `applied: ${applied.join(', ')}\n` : `${handle.description}: already up to date\n`,
        );
      } finally {
        await handle.close();
      }
    });
}

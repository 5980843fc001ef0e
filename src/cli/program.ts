/**
 * The `lamsach` command. One binary for the server, the operator's administration commands and,
 * later, the sensor and the scanner: each capability adds its own subcommands here.
 */
import { Command, Option } from 'commander';
import { AppError } from '../server/errors.js';
import { CliErrorLike as CliError } from './errors.js';
import { registerDbCommands } from './db-commands.js';
import { registerExportCommand } from './export-command.js';
import { registerFeedCommands } from './feeds-commands.js';
import { registerObservationCommands } from './observations-commands.js';
import { registerOrgCommands } from './org-commands.js';
import { registerScanCommand } from './scan-command.js';
import { registerSensorCommand } from './sensor-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTokenCommands } from './token-commands.js';
import { registerUserCommands } from './user-commands.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('lamsach')
    .description('lamsach — chiến dịch làm sạch mã độc: the national malware-cleanup campaign platform')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Configuration comes from the environment (DATABASE_URL, LAMSACH_PORT, LAMSACH_HOST, LAMSACH_DATA_DIR,
LAMSACH_LOG_LEVEL, …) and an optional JSON file named by LAMSACH_CONFIG. Without DATABASE_URL the
embedded SQLite database in ./data/lamsach.db is used.`,
    );
  program.addOption(
    new Option('--data-dir <dir>', 'folder of the embedded database').env('LAMSACH_DATA_DIR'),
  );
  registerServeCommand(program);
  registerDbCommands(program);
  registerOrgCommands(program);
  registerUserCommands(program);
  registerTokenCommands(program);
  registerFeedCommands(program);
  registerExportCommand(program);
  registerSensorCommand(program);
  registerScanCommand(program);
  registerObservationCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`lamsach: ${error.message}\n`);
      for (const d of error.details.slice(0, 50)) process.stderr.write(`  - ${d.path}: ${d.message}\n`);
      if (error.details.length > 50) process.stderr.write(`  … and ${error.details.length - 50} more\n`);
      process.exitCode = 1;
    } else if (error instanceof CliError) {
      process.stderr.write(`lamsach: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

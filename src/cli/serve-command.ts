/** `lamsach serve`: migrate, seed on first run, create the first administrator, serve. */
import { reminderMailer } from '../mail/mailer.js';
import type { Command } from 'commander';
import { ensureFirstAdmin, operator, organisationCount } from '../app/bootstrap.js';
import { describeDemo, loadDemoOnEmptyDatabase } from '../app/demo.js';
import { createLogger } from '../app/logger.js';
import { openRuntime, startServer } from '../app/runtime.js';
import { commandConfig } from './runtime-options.js';

function announceFirstAdmin(
  admin: { username: string; password: string; organisation: string },
  url: string,
): void {
  const lines = [
    'Tài khoản quản trị đầu tiên / first administrator account',
    `  Địa chỉ / address:        ${url}`,
    `  Tên đăng nhập / user:     ${admin.username}`,
    `  Mật khẩu dùng một lần:    ${admin.password}`,
    `  Đơn vị / organisation:    ${admin.organisation}`,
    'This one-time password is shown only now; you must change it at the first sign-in.',
    'Lost it? Run: lamsach user reset-password admin',
  ];
  // Measure in code points of the NFC form so Vietnamese letters count as one column each.
  const text = lines.map((l) => l.normalize('NFC'));
  const columns = (l: string) => [...l].length;
  const width = Math.max(...text.map(columns)) + 2;
  const body = text.map((l) => `│ ${l}${' '.repeat(width - 1 - columns(l))}│`).join('\n');
  process.stdout.write(`\n┌${'─'.repeat(width)}┐\n${body}\n└${'─'.repeat(width)}┘\n\n`);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web server and API (migrates the database first)')
    .option(
      '--demo',
      'on an empty database, load the Vietnam seed, a demo organisation tree and a demo campaign',
    )
    .option('-p, --port <port>', 'port to listen on (LAMSACH_PORT, default 8080)')
    .option('-H, --host <host>', 'address to listen on (LAMSACH_HOST, default 127.0.0.1)')
    .action(async (options: { demo?: boolean; port?: string; host?: string }, command: Command) => {
      const config = commandConfig(command, { port: options.port, host: options.host });
      const logger = createLogger(config);
      const runtime = await openRuntime(config);
      logger.info({ database: runtime.database.description }, 'database ready');
      if (options.demo) {
        const loaded = await loadDemoOnEmptyDatabase(runtime.services);
        if (loaded) {
          logger.info(loaded.seed, 'loaded the Vietnam seed and the demo organisation tree');
          logger.info(loaded.demo, describeDemo(loaded.demo));
        }
      } else if ((await organisationCount(runtime.database.db)) === 0) {
        logger.warn(
          'no organisations yet: run `lamsach org seed` (Vietnam provinces) or `lamsach org import FILE`',
        );
      }
      const server = await startServer(runtime, logger);
      runtime.services.intel.pull.start(
        () => runtime.services.contextFor(operator('scheduler'), null),
        logger,
      );
      runtime.services.hosts.tasks.start(
        () => runtime.services.contextFor(operator('scheduler'), null),
        logger,
      );
      if (runtime.services.mailer.configured)
        runtime.services.reminders.start(reminderMailer(runtime.services.mailer), logger);
      else
        logger.warn(
          'no SMTP server configured (LAMSACH_SMTP_HOST): campaign reminders are not sent by e-mail',
        );
      const admin = await ensureFirstAdmin(runtime.services);
      if (admin) announceFirstAdmin(admin, server.url);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        runtime.services.intel.pull.stop();
        runtime.services.hosts.tasks.stop();
        runtime.services.reminders.stop();
        server
          .close()
          .then(() => runtime.close())
          .then(() => process.exit(0))
          .catch((error: unknown) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}

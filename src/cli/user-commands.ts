/** `lamsach user …`: accounts managed by the operator at the server's console. */
import type { Command } from 'commander';
import { operator } from '../app/bootstrap.js';
import { roles, type Role } from '../authz/actor.js';
import { CliErrorLike } from './errors.js';
import { withRuntime } from './runtime-options.js';

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('user accounts');

  user
    .command('add')
    .description('create a user; prints a one-time password to change at first sign-in')
    .argument('<username>', 'user name (lower-case letters, digits, . _ @ -)')
    .requiredOption('-o, --org <code>', 'code of the organisation the user belongs to (its current period)')
    .requiredOption(
      '-r, --role <role>',
      `role, repeatable or comma-separated: ${roles.join(', ')}`,
      collect,
      [],
    )
    .option('-n, --name <display name>', 'name shown in the interface (default: the user name)')
    .option('-e, --email <email>', 'e-mail address')
    .action(
      async (
        username: string,
        options: { org: string; role: string[]; name?: string; email?: string },
        command: Command,
      ) => {
        const unknown = options.role.filter((r) => !(roles as readonly string[]).includes(r));
        if (unknown.length)
          throw new CliErrorLike(`unknown role(s) ${unknown.join(', ')}; the roles are ${roles.join(', ')}`);
        await withRuntime(command, async ({ services }) => {
          const org = await services.organisations.findByCode(options.org, null);
          const ctx = await services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null);
          const result = await services.users.create(ctx, {
            username,
            displayName: options.name ?? username,
            email: options.email ?? null,
            organisationId: org.id,
            roles: options.role as Role[],
          });
          process.stdout.write(
            `created ${result.user.username} (${result.user.roles.join(', ')}) in ${org.code} ${org.name}\none-time password: ${result.oneTimePassword}\n`,
          );
        });
      },
    );

  user
    .command('reset-password')
    .description('replace a user’s password with a new one-time password and end their sessions')
    .argument('<username>')
    .action(async (username: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const ctx = await services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null);
        const { oneTimePassword } = await services.users.resetPassword(
          ctx,
          await services.users.idOf(username),
        );
        process.stdout.write(`one-time password for ${username}: ${oneTimePassword}\n`);
      });
    });
}

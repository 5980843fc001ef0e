/** `lamsach token …`: API tokens for sensors, firewalls and scripts. */
import type { Command } from 'commander';
import { operator } from '../app/bootstrap.js';
import { tokenPurposes, type TokenPurpose } from '../authz/actor.js';
import { CliErrorLike } from './errors.js';
import { withRuntime } from './runtime-options.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for machines');
  token
    .command('create')
    .description('create a token; it is printed once and stored only as a hash')
    .requiredOption('-o, --org <code>', 'organisation the token acts for')
    .requiredOption('-p, --purpose <purpose>', `one of ${tokenPurposes.join(', ')}`)
    .requiredOption('-n, --name <name>', 'a name that says where the token is used')
    .action(async (options: { org: string; purpose: string; name: string }, command: Command) => {
      if (!(tokenPurposes as readonly string[]).includes(options.purpose)) {
        throw new CliErrorLike(
          `unknown purpose "${options.purpose}"; use one of ${tokenPurposes.join(', ')}`,
        );
      }
      await withRuntime(command, async ({ services }) => {
        const org = await services.organisations.findByCode(options.org, null);
        const ctx = await services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null);
        const created = await services.tokens.create(ctx, {
          name: options.name,
          purpose: options.purpose as TokenPurpose,
          organisationId: org.id,
          expiresAt: null,
        });
        process.stdout.write(`${created.token}\n`);
      });
    });
  token
    .command('revoke')
    .description('revoke a token by its id')
    .argument('<id>')
    .action(async (id: string, _options: unknown, command: Command) => {
      await withRuntime(command, async ({ services }) => {
        const ctx = await services.contextFor(operator(`cli:${process.env.USER ?? 'operator'}`), null);
        await services.tokens.revoke(ctx, Number(id));
        process.stdout.write(`token ${id} revoked\n`);
      });
    });
}

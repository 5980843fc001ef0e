/** An error the CLI reports as one clear line (no stack trace): bad arguments, missing files. */
export class CliErrorLike extends Error {
  override name = 'CliError';
}

/**
 * Errors that carry their HTTP meaning. Services throw these; the HTTP layer turns them into
 * `{ error: { code, message, details } }` and the CLI prints the message.
 */
export interface ErrorDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthenticated = (message = 'sign in first') => new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'you are not allowed to do this') =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(409, code, message, details);
export const invalid = (message: string, details: ErrorDetail[] = []) =>
  new AppError(400, 'validation_failed', message, details);

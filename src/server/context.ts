/** What every service call carries: who acts, what they may see, and where the request came from. */
import type { Actor } from '../authz/actor.js';
import type { Scope } from '../authz/authorizer.js';

export interface RequestContext {
  actor: Actor;
  scope: Scope;
  ip: string | null;
}

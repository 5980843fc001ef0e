/**
 * The access rule each route declares in its `config.access`. The route-matrix test reads these
 * from the running server to know which callers to try; the handlers themselves still go through
 * the authorizer, so a wrong declaration shows up as a failing test, not as an open door.
 */
import type { TokenPurpose } from '../authz/actor.js';
import type { OrganisationAction } from '../authz/authorizer.js';

export type AccessRule =
  /** anyone, signed in or not */
  | { kind: 'public' }
  /** any signed-in user, even one who still has to change a one-time password */
  | { kind: 'session' }
  /** any signed-in user (and tokens of the listed purposes) */
  | { kind: 'authenticated'; tokens?: TokenPurpose[] }
  /** an action on the organisation named by the `organisation` locator */
  | { kind: 'organisation'; action: OrganisationAction; tokens?: TokenPurpose[] }
  /** administrators; results limited to their subtree */
  | { kind: 'administrator' }
  /** administrators of a top-level organisation (national centre): feeds, shared allowlists */
  | { kind: 'national-administrator' }
  /** sensor tokens only: the endpoints the sensor agent calls */
  | { kind: 'sensor' };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}

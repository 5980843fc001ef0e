/**
 * The one place that decides who may see and change what. Every service asks it before touching
 * organisation-owned data, and only this module can produce an `Authorized<T>` value, which the
 * write paths of the repositories require: a write that skipped its check does not compile.
 *
 * Rules: a user sees their organisation's subtree (current structure) plus, read-only, the
 * history of organisations that were merged into it (predecessors and their subtrees). Never a
 * parent, never a sibling. Changes need the administrator role and stay inside the current subtree;
 * the organisation's own structural fields (code, kind, period, parent) belong to its parent.
 */
import type { Kysely } from 'kysely';
import type { Database, OrganisationRow } from '../db/schema.js';
import type { Executor } from '../db/database.js';
import { forbidden, notFound } from '../server/errors.js';
import type { Actor, Role } from './actor.js';

declare const authorizedBrand: unique symbol;
/** A value that passed the authorization check for `A`; only this module creates one. */
export type Authorized<T, A extends OrganisationAction = OrganisationAction> = T & {
  readonly [authorizedBrand]: A;
};

export type OrganisationAction =
  /** see the organisation, its attributes and its data */
  | 'read'
  /** change its name, ranges, domains, contacts and other owned data */
  | 'edit'
  /** change its code, kind, period or parent, i.e. decisions of its parent */
  | 'restructure'
  /** create organisations below it */
  | 'add-child'
  /** manage its users and API tokens */
  | 'manage-access'
  /** read its audit trail */
  | 'read-audit'
  /** act on its campaigns: acknowledge, mark deployed, write and submit its reports */
  | 'report'
  /** store detections under it: its administrators, and its own sensors (sensor tokens) */
  | 'submit-detections';

export interface Scope {
  /** everything the actor may read: path prefixes of subtrees */
  readable: readonly string[];
  /** the actor's current subtree, where changes are possible */
  writable: string | null;
  /** path of the actor's own organisation */
  home: string | null;
  /** unrestricted (local operator) */
  all: boolean;
}

const readRoles: readonly Role[] = ['administrator', 'analyst', 'reporter', 'viewer'];

function inSubtree(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => path.startsWith(prefix));
}

export class Authorizer {
  constructor(private readonly db: Kysely<Database>) {}

  /** Computes the subtrees visible to an actor; cheap enough to run once per request. */
  async scopeOf(actor: Actor, executor: Executor = this.db): Promise<Scope> {
    if (actor.type === 'system') return { readable: ['/'], writable: '/', home: null, all: true };
    const home = await executor
      .selectFrom('organisations')
      .select('path')
      .where('id', '=', actor.organisationId)
      .executeTakeFirst();
    if (!home) return { readable: [], writable: null, home: null, all: false };
    const readable = new Set<string>([home.path]);
    let frontier = [home.path];
    // Predecessors of anything in the scope bring their own (historical) subtrees along.
    while (frontier.length > 0) {
      const found = await executor
        .selectFrom('organisation_successions as s')
        .innerJoin('organisations as succ', 'succ.id', 's.successor_id')
        .innerJoin('organisations as pred', 'pred.id', 's.predecessor_id')
        .select('pred.path')
        .where((eb) => eb.or(frontier.map((prefix) => eb('succ.path', 'like', `${prefix}%`))))
        .execute();
      frontier = found.map((r) => r.path).filter((p) => !inSubtree(p, [...readable]));
      for (const p of frontier) readable.add(p);
    }
    return { readable: [...readable], writable: home.path, home: home.path, all: false };
  }

  /** True when the actor holds one of the roles; tokens and the operator are handled by purpose. */
  hasRole(actor: Actor, allowed: readonly Role[]): boolean {
    if (actor.type === 'system') return true;
    if (actor.type === 'token') return false;
    return allowed.some((role) => actor.roles.has(role));
  }

  /** Checks one action on one organisation without loading anything else. */
  permits(
    actor: Actor,
    scope: Scope,
    org: Pick<OrganisationRow, 'path'>,
    action: OrganisationAction,
  ): boolean {
    if (scope.all) return true;
    switch (action) {
      case 'read':
        if (actor.type === 'token') return actor.purpose === 'script' && inSubtree(org.path, scope.readable);
        return this.hasRole(actor, readRoles) && inSubtree(org.path, scope.readable);
      case 'edit':
      case 'add-child':
      case 'manage-access':
        return (
          this.hasRole(actor, ['administrator']) &&
          scope.writable !== null &&
          org.path.startsWith(scope.writable)
        );
      case 'restructure':
        return (
          this.hasRole(actor, ['administrator']) &&
          scope.writable !== null &&
          org.path.startsWith(scope.writable) &&
          org.path !== scope.home
        );
      case 'submit-detections':
        if (actor.type === 'token') return actor.purpose === 'sensor' && org.path === scope.home;
        return (
          this.hasRole(actor, ['administrator']) &&
          scope.writable !== null &&
          org.path.startsWith(scope.writable)
        );
      case 'read-audit':
        return this.hasRole(actor, ['administrator']) && inSubtree(org.path, scope.readable);
      case 'report':
        return (
          this.hasRole(actor, ['administrator', 'reporter']) &&
          scope.writable !== null &&
          org.path.startsWith(scope.writable)
        );
    }
  }

  /**
   * Loads an organisation for an action. An organisation outside the readable scope is reported
   * as not found, so nobody learns what exists outside their subtree.
   */
  async organisation<A extends OrganisationAction>(
    actor: Actor,
    scope: Scope,
    organisationId: number,
    action: A,
    executor: Executor = this.db,
  ): Promise<Authorized<OrganisationRow, A>> {
    const org = await executor
      .selectFrom('organisations')
      .selectAll()
      .where('id', '=', organisationId)
      .executeTakeFirst();
    // A sensor sees nothing, yet stores detections under its own organisation.
    const visible =
      org !== undefined &&
      (this.permits(actor, scope, org, 'read') ||
        (action === 'submit-detections' && this.permits(actor, scope, org, action)));
    if (!org || !visible) throw notFound(`organisation ${organisationId}`);
    if (action !== 'read' && !this.permits(actor, scope, org, action)) {
      throw forbidden(`you may not ${action.replace('-', ' ')} organisation ${org.code}`);
    }
    return org as Authorized<OrganisationRow, A>;
  }

  /**
   * National-level administration (feeds, shared allowlists, organisation kinds): the operator, or
   * an administrator of a top-level organisation (the national centre).
   */
  isNationalAdministrator(actor: Actor, scope: Scope): boolean {
    if (scope.all) return true;
    return this.hasRole(actor, ['administrator']) && scope.home !== null && /^\/\d+\/$/.test(scope.home);
  }

  requireNationalAdministrator(actor: Actor, scope: Scope, what: string): void {
    if (!this.isNationalAdministrator(actor, scope))
      throw forbidden(`only administrators at the national level may ${what}`);
  }

  /** Narrows a query on a table with an organisation path column to what the actor may read. */
  readablePrefixes(scope: Scope): readonly string[] {
    return scope.all ? ['/'] : scope.readable;
  }

  isHistorical(scope: Scope, path: string): boolean {
    return !scope.all && (scope.writable === null || !path.startsWith(scope.writable));
  }
}

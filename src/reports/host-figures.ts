/**
 * Host figures for reports (infected hosts found, cleaned, verified in a subtree during a campaign).
 * The host-records capability will provide the full implementation; until then the detections
 * table answers "found" (distinct internal hosts that hit an indicator) and the rest stay unknown.
 */
import type { Kysely } from 'kysely';
import { addDays } from '../campaigns/model.js';
import type { Database } from '../db/schema.js';

export interface HostFigureQuery {
  /** materialised path of the reporting organisation: its whole subtree counts */
  subtreePath: string;
  /** campaign period, YYYY-MM-DD inclusive */
  from: string;
  to: string;
}

export interface HostFigureValues {
  found: number | null;
  cleaned: number | null;
  verified: number | null;
}

export interface HostFigures {
  figures(query: HostFigureQuery): Promise<HostFigureValues>;
}

export class DetectionHostFigures implements HostFigures {
  constructor(private readonly db: Kysely<Database>) {}

  async figures(query: HostFigureQuery): Promise<HostFigureValues> {
    // Distinct per organisation: the same private address in two organisations is two machines.
    const hosts = this.db
      .selectFrom('detections as d')
      .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
      .select(['d.organisation_id', 'd.internal_host'])
      .distinct()
      .where('o.path', 'like', `${query.subtreePath}%`)
      .where('d.internal_host', 'is not', null)
      .where((eb) => eb(eb.fn.coalesce('d.event_time', 'd.detected_at'), '>=', query.from))
      .where((eb) => eb(eb.fn.coalesce('d.event_time', 'd.detected_at'), '<', addDays(query.to, 1)))
      .as('hosts');
    const row = await this.db
      .selectFrom(hosts)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return { found: Number(row.n), cleaned: null, verified: null };
  }
}

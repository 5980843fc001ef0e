/**
 * Host figures for reports: infected hosts found, cleaned and verified in a subtree during a
 * campaign, from the host records (sinkhole observations and detections, with their lifecycle).
 */
import type { HostService } from '../hosts/host-service.js';
import type { HostStore } from '../hosts/host-store.js';

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

/**
 * The host records answer: detections not yet folded into host records are folded in first (an
 * incremental step), so a report created right after a scan counts its hosts.
 */
export class HostRecordFigures implements HostFigures {
  constructor(
    private readonly store: HostStore,
    private readonly hosts: HostService,
  ) {}

  async figures(query: HostFigureQuery): Promise<HostFigureValues> {
    await this.store.refresh({ type: 'system', label: 'report pre-fill' });
    return this.hosts.subtreeFigures(query.subtreePath, { from: query.from, to: query.to });
  }
}

/** Format → renderer. Every renderer is an async generator of text chunks over an entry source. */
import type { EntrySource, ListFormat, RenderContext } from '../model.js';
import { ipset, mikrotik, nftables, nftablesSet } from './firewall.js';
import { suricataDataset, suricataRules, zeekIntel } from './ids.js';
import { rpz } from './rpz.js';
import { stix } from './stix.js';
import { csv, fortigate, hosts, paloalto } from './text.js';

type Renderer = (ctx: RenderContext, source: EntrySource) => AsyncGenerator<string>;

const renderers: Record<ListFormat, Renderer> = {
  'fortigate-ip': fortigate,
  'fortigate-domain': fortigate,
  'fortigate-url': fortigate,
  'paloalto-ip': paloalto,
  'paloalto-domain': paloalto,
  'paloalto-url': paloalto,
  mikrotik,
  ipset,
  nftables,
  'nftables-set': nftablesSet,
  rpz,
  hosts,
  'suricata-rules': suricataRules,
  'suricata-dataset-domains': suricataDataset,
  'suricata-dataset-ips': suricataDataset,
  'zeek-intel': zeekIntel,
  csv,
  stix,
};

export function render(ctx: RenderContext, source: EntrySource): AsyncGenerator<string> {
  return renderers[ctx.format](ctx, source);
}

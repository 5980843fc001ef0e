// A host status as a coloured badge.
import { Badge } from '../components/common.js';
import { useT } from '../i18n/index.js';
import type { HostStatus } from './types.js';

const tones: Record<HostStatus, string> = {
  new: 'danger',
  notified: 'warn',
  acknowledged: 'warn',
  'being-cleaned': 'warn',
  cleaned: 'ok',
  verified: 'ok',
  reopened: 'danger',
};

export function StatusBadge({ status }: { status: HostStatus }) {
  const { t } = useT();
  return <Badge tone={tones[status]}>{t(`hosts.status.${status}`)}</Badge>;
}

// Observations no registered range or AS number owns: the national level assigns them by adding ranges.
import { ErrorBox, Loading } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { hostsApi } from './api.js';
import { ReportImport } from './ReportImport.js';

export function UnassignedPage() {
  const { t, formatDateTime, formatNumber } = useT();
  const list = useLoad((signal) => hostsApi.unassigned(signal), []);
  return (
    <div className="page">
      <h1>{t('hosts.unassigned.title')}</h1>
      <p className="muted">{t('hosts.unassigned.intro')}</p>
      {!list.error && <ReportImport onImported={list.reload} />}
      {list.error ? (
        <ErrorBox error={list.error} testId="unassigned-error" />
      ) : !list.data ? (
        <Loading />
      ) : (
        <>
          <p className="small muted">{t('hosts.total', { count: formatNumber(list.data.total) })}</p>
          <table className="table" data-testid="unassigned-table">
            <thead>
              <tr>
                <th>{t('hosts.col.address')}</th>
                <th>ASN</th>
                <th>{t('hosts.col.family')}</th>
                <th>{t('hosts.col.source')}</th>
                <th>{t('hosts.col.time')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((o) => (
                <tr key={o.id}>
                  <td className="mono">{o.ip}</td>
                  <td>{o.asn !== null ? `AS${o.asn}` : ''}</td>
                  <td>{o.family ?? ''}</td>
                  <td className="small">{o.source}</td>
                  <td className="nowrap">{formatDateTime(o.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

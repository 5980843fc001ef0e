// The status matrix: for the chosen subtree, who received, acknowledged, deployed and reported,
// and who is overdue (a red row with the word "quá hạn", never colour alone). A row's name drills
// down into its own subtree.
import { useState } from 'react';
import { ErrorBox, Loading } from '../components/common.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';
import { campaignApi } from './campaignApi.js';
import type { MatrixRow } from './campaignApi.js';
import { ReportStatusBadge } from './StatusBadges.js';

export function StatusMatrixView({
  campaignId,
  organisationId,
  nonce,
}: {
  campaignId: number;
  organisationId: number | null;
  nonce: number;
}) {
  const { t, formatDate, formatNumber } = useT();
  const [focus, setFocus] = useState<number | null>(organisationId);
  const matrix = useLoad(
    (signal) => campaignApi.status(campaignId, { organisationId: focus, depth: 1 }, signal),
    [campaignId, focus, nonce],
  );
  if (matrix.loading && !matrix.data) return <Loading />;
  if (!matrix.data) return <ErrorBox error={matrix.error} />;
  const { totals, rows } = matrix.data;
  const top = rows[0];
  const yes = (v: boolean) => (v ? t('common.yes') : '—');
  const cell = (row: MatrixRow) =>
    row.depth === 0 ? (
      <strong>{row.name}</strong>
    ) : (
      <button
        type="button"
        className="link-button"
        onClick={() => setFocus(row.id)}
        data-testid={`matrix-drill-${row.code}`}
      >
        {row.name}
      </button>
    );

  return (
    <div>
      <p data-testid="matrix-totals">
        {t('matrix.totals', {
          organisations: formatNumber(totals.organisations),
          received: formatNumber(totals.received),
          acknowledged: formatNumber(totals.acknowledged),
          deployed: formatNumber(totals.deployed),
          reported: formatNumber(totals.reported),
          overdue: formatNumber(totals.overdue),
        })}
      </p>
      {focus !== organisationId && top && top.parentId !== null && (
        <button type="button" className="btn btn-small" onClick={() => setFocus(organisationId)}>
          ↑ {t('matrix.back')}
        </button>
      )}
      <div className="table-wrap">
        <table className="table table-compact" data-testid="status-matrix">
          <caption className="sr-only">{t('campaign.statusMatrix')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('matrix.organisation')}</th>
              <th scope="col">{t('matrix.received')}</th>
              <th scope="col">{t('matrix.deadline')}</th>
              <th scope="col">{t('matrix.acknowledged')}</th>
              <th scope="col">{t('matrix.deployed')}</th>
              <th scope="col">{t('matrix.report')}</th>
              <th scope="col">{t('matrix.overdue')}</th>
              <th scope="col">{t('matrix.subtree')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.id}
                className={row.overdue ? 'row-overdue' : undefined}
                data-testid={`matrix-row-${row.code}`}
              >
                <th scope="row" style={{ paddingLeft: `${0.5 + row.depth * 1.25}rem` }}>
                  {cell(row)}
                </th>
                <td>{yes(row.received)}</td>
                <td className="nowrap">{row.deadline ? formatDate(row.deadline) : '—'}</td>
                <td>{yes(row.acknowledged)}</td>
                <td>{yes(row.deployed)}</td>
                <td>{row.received ? <ReportStatusBadge status={row.reportStatus} /> : '—'}</td>
                <td data-testid="matrix-overdue">
                  {row.overdue ? (
                    <span className="badge badge-danger">
                      {t('matrix.overdueDays', { days: row.daysOverdue })}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="small nowrap">
                  {t('matrix.subtreeCounts', {
                    reported: formatNumber(row.subtree.reported),
                    received: formatNumber(row.subtree.received),
                    overdue: formatNumber(row.subtree.overdue),
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// Public statistics: listed addresses by province (a tile grid), by family and by day. Aggregates only.
import { ErrorBox, Loading } from '../components/common.js';
import { BarChart } from '../hosts/BarChart.js';
import { hostsApi } from '../hosts/api.js';
import type { PublicStats } from '../hosts/types.js';
import { useT } from '../i18n/index.js';
import { useLoad } from '../useLoad.js';

export function PublicStatsPage() {
  const { t } = useT();
  const stats = useLoad((signal) => hostsApi.publicStats(signal), []);
  return (
    <div className="page">
      <h1>{t('selfcheck.stats.title')}</h1>
      {stats.error ? (
        <ErrorBox error={stats.error} />
      ) : stats.loading || !stats.data ? (
        <Loading />
      ) : (
        <StatsView stats={stats.data} />
      )}
    </div>
  );
}

function tone(value: number, max: number): number {
  if (value === 0 || max === 0) return 0;
  return Math.min(4, 1 + Math.floor((value / max) * 3.999));
}

function StatsView({ stats }: { stats: PublicStats }) {
  const { t, formatNumber, formatDate } = useT();
  const max = Math.max(0, ...stats.provinces.map((p) => p.listed));
  return (
    <>
      <p className="muted">
        {t('selfcheck.stats.period', {
          from: formatDate(stats.from),
          to: formatDate(stats.to),
          total: formatNumber(stats.total),
        })}
      </p>
      <section className="card">
        <h2>{t('selfcheck.stats.byProvince')}</h2>
        <ul className="province-grid" data-testid="province-grid">
          {stats.provinces.map((p) => (
            <li
              key={p.code}
              className={`province-tile tone-${tone(p.listed, max)}`}
              data-testid="province-tile"
              title={`${p.name}: ${formatNumber(p.listed)}`}
            >
              <span className="province-name">{p.name}</span>
              <span className="province-count">{formatNumber(p.listed)}</span>
            </li>
          ))}
        </ul>
      </section>
      <section className="card">
        <h2>{t('selfcheck.stats.byDay')}</h2>
        <BarChart
          label={t('selfcheck.stats.byDay')}
          testId="stats-day-chart"
          bars={stats.days.map((d) => ({ label: formatDate(d.day).slice(0, 5), value: d.listed }))}
          formatValue={formatNumber}
        />
      </section>
      <section className="card">
        <h2>{t('selfcheck.stats.byFamily')}</h2>
        <table className="table" data-testid="stats-families">
          <thead>
            <tr>
              <th>{t('hosts.col.family')}</th>
              <th>{t('selfcheck.stats.listed')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.families.map((f) => (
              <tr key={f.family}>
                <td>{f.family || t('selfcheck.unknownFamily')}</td>
                <td>{formatNumber(f.listed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

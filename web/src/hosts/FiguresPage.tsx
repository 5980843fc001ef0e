// Figures of the subtree: infected, notified, cleaned and verified hosts by unit, by family and per day.
import { useState } from 'react';
import { ErrorBox, Loading } from '../components/common.js';
import { TextField } from '../components/fields.js';
import { useT } from '../i18n/index.js';
import type { Me } from '../types.js';
import { useLoad } from '../useLoad.js';
import { BarChart } from './BarChart.js';
import { hostsApi } from './api.js';
import type { StatusCounts } from './types.js';

export function FiguresPage({ user }: { user: Me }) {
  const { t, formatNumber, formatDate } = useT();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const period = {
    ...(/^\d{4}-\d{2}-\d{2}$/.test(from) ? { from } : {}),
    ...(/^\d{4}-\d{2}-\d{2}$/.test(to) ? { to } : {}),
  };
  const figures = useLoad(
    (signal) => hostsApi.figures(user.organisation.id, period, signal),
    [user.organisation.id, period.from, period.to],
  );
  const cells = (c: StatusCounts) => (
    <>
      <td>{formatNumber(c.total)}</td>
      <td>{formatNumber(c.infected)}</td>
      <td>{formatNumber(c.notified)}</td>
      <td>{formatNumber(c.cleaned)}</td>
      <td>{formatNumber(c.verified)}</td>
    </>
  );
  const heads = (first: string) => (
    <tr>
      <th>{first}</th>
      <th>{t('hosts.fig.total')}</th>
      <th>{t('hosts.fig.infected')}</th>
      <th>{t('hosts.fig.notified')}</th>
      <th>{t('hosts.fig.cleaned')}</th>
      <th>{t('hosts.fig.verified')}</th>
    </tr>
  );
  const data = figures.data;
  return (
    <div className="page">
      <h1>{t('hosts.fig.title')}</h1>
      <div className="card form inline-form">
        <TextField label={t('hosts.fig.from')} type="date" value={from} onChange={setFrom} />
        <TextField label={t('hosts.fig.to')} type="date" value={to} onChange={setTo} />
      </div>
      {figures.error ? (
        <ErrorBox error={figures.error} />
      ) : !data ? (
        <Loading />
      ) : (
        <>
          <p className="muted" data-testid="figures-period">
            {t('hosts.fig.period', {
              from: formatDate(data.period.from),
              to: formatDate(data.period.to),
              found: formatNumber(data.inPeriod.found),
              cleaned: formatNumber(data.inPeriod.cleaned),
              verified: formatNumber(data.inPeriod.verified),
            })}
          </p>
          <section className="card">
            <h2>{t('hosts.fig.perDay')}</h2>
            <BarChart
              label={t('hosts.fig.perDay')}
              testId="figures-day-chart"
              bars={data.days.map((d) => ({
                label: formatDate(d.day).slice(0, 5),
                value: d.found,
                secondary: d.cleaned,
              }))}
              formatValue={formatNumber}
            />
            <p className="small muted">{t('hosts.fig.chartLegend')}</p>
          </section>
          <section className="card">
            <h2>{t('hosts.fig.byUnit')}</h2>
            <table className="table" data-testid="figures-units">
              <thead>{heads(t('hosts.col.organisation'))}</thead>
              <tbody>
                <tr>
                  <td>{t('hosts.fig.own', { name: data.organisation.name })}</td>
                  {cells(data.own)}
                </tr>
                {data.units.map((u) => (
                  <tr key={u.organisation.id}>
                    <td>{u.organisation.name}</td>
                    {cells(u)}
                  </tr>
                ))}
                <tr className="total-row">
                  <th>{t('hosts.fig.sum')}</th>
                  {cells(data.totals)}
                </tr>
              </tbody>
            </table>
          </section>
          <section className="card">
            <h2>{t('hosts.fig.byFamily')}</h2>
            <table className="table" data-testid="figures-families">
              <thead>{heads(t('hosts.col.family'))}</thead>
              <tbody>
                {data.families.map((f) => (
                  <tr key={f.family}>
                    <td>{f.family || t('selfcheck.unknownFamily')}</td>
                    {cells(f)}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}

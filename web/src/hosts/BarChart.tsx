// A plain SVG bar chart (no chart library): one bar per entry, its value in a tooltip.
export interface Bar {
  label: string;
  value: number;
  /** a second value stacked on the first (e.g. cleaned over found) */
  secondary?: number;
}

export function BarChart({
  bars,
  label,
  testId,
  height = 160,
  formatValue = String,
}: {
  bars: Bar[];
  label: string;
  testId?: string;
  height?: number;
  formatValue?: (n: number) => string;
}) {
  const max = Math.max(1, ...bars.map((b) => b.value + (b.secondary ?? 0)));
  const width = Math.max(300, bars.length * 14);
  const slot = width / Math.max(1, bars.length);
  const plot = height - 18;
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      data-testid={testId}
    >
      <line x1={0} y1={plot} x2={width} y2={plot} className="bar-axis" />
      {bars.map((b, i) => {
        const h1 = (b.value / max) * (plot - 4);
        const h2 = ((b.secondary ?? 0) / max) * (plot - 4);
        const x = i * slot + slot * 0.15;
        const w = slot * 0.7;
        return (
          <g key={b.label} data-value={b.value}>
            <title>{`${b.label}: ${formatValue(b.value)}${b.secondary !== undefined ? ` / ${formatValue(b.secondary)}` : ''}`}</title>
            <rect x={x} y={plot - h1} width={w} height={h1} className="bar" />
            {h2 > 0 && <rect x={x} y={plot - h1 - h2} width={w} height={h2} className="bar bar-secondary" />}
            {(bars.length <= 16 || i % Math.ceil(bars.length / 8) === 0) && (
              <text x={x + w / 2} y={height - 4} textAnchor="middle" className="bar-label">
                {b.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

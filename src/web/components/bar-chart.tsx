/** Bars per day (or month), one colour per series, side by side; the figures are in a table too. */
export function BarChart({
  label,
  days,
  series,
  money,
  tick = (day) => day.slice(5),
}: {
  label: string;
  days: string[];
  series: { name: string; colour: string; value: (day: string) => number }[];
  money: (minor: number) => string;
  /** How a day is written under its bars: "11-02" by default. */
  tick?: (day: string) => string;
}) {
  const width = 760;
  const height = 220;
  const pad = { left: 70, right: 10, top: 10, bottom: 40 };
  const values = days.flatMap((d) => series.map((s) => s.value(d)));
  const max = Math.max(1, ...values);
  const min = Math.min(0, ...values);
  const y = (v: number) => pad.top + ((max - v) / (max - min)) * (height - pad.top - pad.bottom);
  const slot = (width - pad.left - pad.right) / days.length;
  const bar = Math.max(1, (slot * 0.8) / series.length);
  const labelEvery = Math.ceil(days.length / 10);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke="#76827c" />
        <text x={pad.left - 6} y={y(max) + 4} textAnchor="end" fontSize="11">
          {money(max)}
        </text>
        <text x={pad.left - 6} y={y(0) + 4} textAnchor="end" fontSize="11">
          {money(0)}
        </text>
        {days.map((day, i) => (
          <g key={day}>
            {series.map((s, j) => {
              const v = s.value(day);
              return (
                <rect
                  key={s.name}
                  x={pad.left + i * slot + slot * 0.1 + j * bar}
                  y={Math.min(y(v), y(0))}
                  width={bar}
                  height={Math.abs(y(v) - y(0))}
                  fill={s.colour}
                >
                  <title>{`${day} · ${s.name}: ${money(v)}`}</title>
                </rect>
              );
            })}
            {i % labelEvery === 0 ? (
              <text
                x={pad.left + i * slot + slot / 2}
                y={height - pad.bottom + 16}
                textAnchor="middle"
                fontSize="11"
              >
                {tick(day)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      {series.length > 1 ? (
        <figcaption className="chart-legend">
          {series.map((s) => (
            <span key={s.name}>
              <span className="swatch" style={{ background: s.colour }} aria-hidden="true" /> {s.name}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  );
}

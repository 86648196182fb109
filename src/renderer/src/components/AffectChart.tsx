import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';
import { affectTone } from '../why';

interface AffectChartProps {
  scene: readonly number[];
  track: readonly number[];
  agree: readonly AffectDimension[];
  clash: readonly AffectDimension[];
}

const ROW = 13;
const LABEL_W = 78;
const PLOT_W = 180;
const PAD = 6;

/**
 * Where the scene and the chosen section of the track agree and clash: for each affect dimension,
 * the scene (circle) and the music (diamond) on a 0–1 axis, joined by a bar that is red where they
 * clash (listed as a clash, or a gap of CLASH_GAP or more) and green where they agree.
 */
export function AffectChart({ scene, track, agree, clash }: AffectChartProps): React.JSX.Element {
  if (scene.length !== AFFECT_DIMENSIONS.length || track.length !== AFFECT_DIMENSIONS.length) {
    return <p className="muted small">No affect profile yet for this pair (suggest again to compute it).</p>;
  }
  const rows = AFFECT_DIMENSIONS.map((name, i) => ({ name, a: scene[i], b: track[i] }))
    .sort((x, y) => Math.max(y.a, y.b) - Math.max(x.a, x.b));
  const height = rows.length * ROW + 2 * PAD + 12;
  const x = (v: number): number => LABEL_W + Math.max(0, Math.min(1, v)) * PLOT_W;
  const summary = `Scene versus music: agree on ${agree.join(', ') || 'nothing strong'}; clash on ${clash.join(', ') || 'nothing'}.`;
  return (
    <figure className="affect-chart">
      <svg viewBox={`0 0 ${LABEL_W + PLOT_W + PAD * 2} ${height}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={PAD} y2={height - 12} className="axis" />
            <text x={x(t)} y={height - 2} className="tick" textAnchor="middle">
              {t}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = PAD + i * ROW + ROW / 2;
          const tone = affectTone(r.name, r.a, r.b, agree, clash);
          return (
            <g key={r.name} className={`affect-row ${tone}`} data-dim={r.name} data-gap={Math.abs(r.a - r.b).toFixed(3)}>
              <text x={LABEL_W - 6} y={y + 4} textAnchor="end" className="affect-label">
                {r.name}
              </text>
              <line x1={x(r.a)} x2={x(r.b)} y1={y} y2={y} className="bar" />
              <circle cx={x(r.a)} cy={y} r={3.6} className="scene-dot" />
              <rect x={x(r.b) - 3.4} y={y - 3.4} width={6.8} height={6.8} transform={`rotate(45 ${x(r.b)} ${y})`} className="track-dot" />
            </g>
          );
        })}
      </svg>
      <figcaption className="legend small">
        <span className="legend-scene">
          <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
            <circle cx="5" cy="5" r="3.6" className="scene-dot" />
          </svg>{' '}
          scene
        </span>{' '}
        <span className="legend-track">
          <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
            <rect x="1.6" y="1.6" width="6.8" height="6.8" transform="rotate(45 5 5)" className="track-dot" />
          </svg>{' '}
          music
        </span> <span className="legend-agree">agree</span>{' '}
        <span className="legend-clash">clash</span>
      </figcaption>
    </figure>
  );
}

/** A unit's place in the 政务信息 ranking, as the server gives it. */
export interface UnitScoreRow {
  rank: number;
  unit: { id: string; name: string };
  adopted: number;
  score: number;
}

/** A score to two places at most (rule points can be halves or tenths). */
export const scoreText = (score: number) => String(Math.round(score * 100) / 100);

/** Units ranked by 政务信息 score (名次, 单位, 采用, 得分): on 政务信息's ranking and in 统计分析. */
export function UnitScoreTable({
  rows,
  className,
  empty,
}: {
  rows: readonly UnitScoreRow[];
  className: string;
  /** Said in the table when there is no row. */
  empty?: string;
}) {
  return (
    <table className={className}>
      <thead>
        <tr>
          <th>名次</th>
          <th>单位</th>
          <th>采用</th>
          <th>得分</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.unit.id} data-unit={r.unit.id}>
            <td>{r.rank}</td>
            <td className="name">{r.unit.name}</td>
            <td>{r.adopted}</td>
            <td className="information-score">{scoreText(r.score)}</td>
          </tr>
        ))}
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={4}>{empty}</td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

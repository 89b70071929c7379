import type { Problem } from '../../../../shared/http-types';

export function ProblemsAlert({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="problems">
      <strong>{problems.length === 1 ? 'Not sent:' : `Not sent — ${problems.length} problems:`}</strong>
      {problems.length === 1 ? (
        <span> {problems[0]!.message}</span>
      ) : (
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>{problem.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

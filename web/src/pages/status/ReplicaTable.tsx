import type { ResilienceStatusQuery } from '../../gql/graphql';

type Replica = ResilienceStatusQuery['resilience']['replicas'][number];

/** The replica processes of the REPLICATION / HYBRID strategies. */
export function ReplicaTable({ replicas }: { replicas: Replica[] }) {
  if (replicas.length === 0) return null;
  return (
    <table className="card w-full text-sm">
      <caption className="p-2 text-left font-semibold">Replicas</caption>
      <thead className="bg-slate-50 text-left">
        <tr>
          <th scope="col" className="px-3 py-1">
            Node
          </th>
          <th scope="col" className="px-3 py-1">
            State
          </th>
          <th scope="col" className="px-3 py-1">
            PID
          </th>
          <th scope="col" className="px-3 py-1">
            Acked seq
          </th>
        </tr>
      </thead>
      <tbody>
        {replicas.map((replica) => (
          <tr key={replica.node} className="border-t border-slate-200">
            <td className="px-3 py-1">{replica.node}</td>
            <td className="px-3 py-1">{replica.state}</td>
            <td className="px-3 py-1">{replica.pid ?? '–'}</td>
            <td className="px-3 py-1">{replica.ackedSeq}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

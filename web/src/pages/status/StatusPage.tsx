import { ResiliencePanel } from './ResiliencePanel';
import { ServiceHealth } from './ServiceHealth';

export default function StatusPage() {
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-semibold">System status</h1>
      <ServiceHealth />
      <ResiliencePanel />
    </div>
  );
}

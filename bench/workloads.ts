// The four workloads: what each is called in reports, and which systems run it locally (the bare
// baseline implements W1 only: one primary-key read is all it is for).
import type { WorkloadId } from './options.ts';

export interface WorkloadInfo {
  id: WorkloadId;
  title: string;
  /** Whether the bare Fastify + pg baseline runs it too. */
  baseline: boolean;
}

export const WORKLOADS: Record<WorkloadId, WorkloadInfo> = {
  W1: { id: 'W1', title: 'W1 GET /api/v1/invoices/{id}', baseline: true },
  W2: { id: 'W2', title: 'W2 GET /api/v1/orders?limit=50', baseline: false },
  W3: { id: 'W3', title: 'W3 GET /api/v1/products?limit=50', baseline: false },
  W4: { id: 'W4', title: 'W4 POST /api/v1/orders (balance)', baseline: false },
};

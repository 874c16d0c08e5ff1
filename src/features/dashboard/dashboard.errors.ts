// Typed failures of the dashboard, with stable codes (mapped to HTTP in platform/http).
import { BadGatewayError } from '../../platform/errors.ts';

/** One of the dashboard's concurrent parts failed; the others were cancelled (502). */
export class DashboardPartFailedError extends BadGatewayError {
  constructor(readonly part: string, options?: ErrorOptions) {
    super('dashboard.part_failed', 'Part of the dashboard could not be loaded; try again.', {}, options);
  }
}

// The payment settings: SPEC defaults, validated rates, and a gateway timeout inside the time limit.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

describe('payment configuration', () => {
  it('defaults to the SPEC: 10 attempts, 1 s backoff base, a 50 ms simulated gateway that never fails', () => {
    const config = loadConfig({});
    expect(config.paymentGateway).toBe('simulated');
    expect(config.payments).toEqual({ maxAttempts: 10, backoffBaseMs: 1_000, timeLimitMs: 30_000, gatewayTimeoutMs: 10_000 });
    expect(config.simulatedGateway).toEqual({ latencyMs: 50, failRate: 0, timeoutRate: 0 });
  });

  it('reads the simulated gateway’s rates as numbers from 0 to 1', () => {
    const config = loadConfig({ SIMULATED_GATEWAY_FAIL_RATE: '0.3', SIMULATED_GATEWAY_TIMEOUT_RATE: '1', SIMULATED_GATEWAY_LATENCY_MS: '0' });
    expect(config.simulatedGateway).toEqual({ latencyMs: 0, failRate: 0.3, timeoutRate: 1 });
    for (const bad of ['1.5', '-0.1', 'often', 'NaN']) {
      expect(() => loadConfig({ SIMULATED_GATEWAY_FAIL_RATE: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ SIMULATED_GATEWAY_TIMEOUT_RATE: bad })).toThrow(/SIMULATED_GATEWAY_TIMEOUT_RATE must be a number from 0 to 1/);
    }
  });

  it('keeps the gateway timeout inside the attempt’s time limit', () => {
    expect(loadConfig({ PAYMENT_TIME_LIMIT_MS: '2000' }).payments.gatewayTimeoutMs).toBe(1_000);
    expect(() => loadConfig({ PAYMENT_TIME_LIMIT_MS: '2000', PAYMENT_GATEWAY_TIMEOUT_MS: '2000' })).toThrow(/PAYMENT_GATEWAY_TIMEOUT_MS must be less than/);
    expect(() => loadConfig({ PAYMENT_MAX_ATTEMPTS: '0' })).toThrow(/PAYMENT_MAX_ATTEMPTS/);
    expect(() => loadConfig({ PAYMENT_GATEWAY: 'stripe' })).toThrow(/PAYMENT_GATEWAY must be one of simulated/);
  });
});

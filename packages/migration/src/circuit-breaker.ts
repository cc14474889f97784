import { Listeners } from './listeners.js';
import type { CircuitState } from './migration-events.js';

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive failures (errors or time-outs) that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call is let through. */
  cooldownMs: number;
  /** Clock in ms. @default Date.now */
  now?: () => number;
}

/** Whether a call may go to the protected store now. */
export type Permit = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

/** A state change and why it happened. */
export interface CircuitTransition {
  from: CircuitState;
  to: CircuitState;
  reason: string;
}

/**
 * The classic three-state breaker. `closed`: calls pass; `failureThreshold` consecutive failures
 * open it. `open`: calls are refused until `cooldownMs` has passed; then the next call is the one
 * probe (`half-open`) and every other call is still refused. The probe's success closes the
 * circuit, its failure re-opens it for another cool-down. (The migration plan's breaker never
 * closed again: this one does.)
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly transitions = new Listeners<CircuitTransition>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Failures since the last success (while closed). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  onTransition(listener: (transition: CircuitTransition) => void): () => void {
    return this.transitions.on(listener);
  }

  /** Asks to call the protected store; report the outcome with {@link success} / {@link failure}. */
  acquire(): Permit {
    if (this.current === 'closed') return { allowed: true, probe: false };
    const waited = this.now() - this.openedAt;
    if (this.current === 'open' && waited >= this.options.cooldownMs && !this.probing) {
      this.probing = true;
      this.move('half-open', `cool-down of ${this.options.cooldownMs} ms over: one probe call`);
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryInMs: Math.max(0, this.options.cooldownMs - waited) };
  }

  success(permit: Permit): void {
    if (!permit.allowed) return;
    if (permit.probe) {
      this.probing = false;
      this.failures = 0;
      this.move('closed', 'probe succeeded');
    } else if (this.current === 'closed') {
      this.failures = 0;
    }
  }

  failure(permit: Permit, reason: string): void {
    if (!permit.allowed) return;
    if (permit.probe) {
      this.probing = false;
      this.open(`probe failed: ${reason}`);
      return;
    }
    if (this.current !== 'closed') return; // a call from before the circuit opened
    this.failures++;
    if (this.failures >= this.options.failureThreshold) this.open(`${this.failures} consecutive failures, last: ${reason}`);
  }

  private open(reason: string): void {
    this.openedAt = this.now();
    this.move('open', reason);
  }

  private move(to: CircuitState, reason: string): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.transitions.emit({ from, to, reason });
  }
}

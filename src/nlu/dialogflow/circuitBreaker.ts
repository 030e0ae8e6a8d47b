export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long an open circuit skips Dialogflow before one trial call. */
  openMs: number;
  clock: () => number;
  /** Called once per change of state (not per message). */
  onChange?: (from: CircuitState, to: CircuitState, info: { consecutiveFailures: number; openMs: number }) => void;
}

/**
 * closed: every message goes to Dialogflow. After `failures` failures in a row: open, every
 * message goes to the fallback for `openMs`. Then half-open: exactly one message tries
 * Dialogflow (the others keep using the fallback); success closes, failure re-opens.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private consecutive = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {
    if (!(options.failures >= 1)) throw new RangeError(`circuit failures must be at least 1, got ${options.failures}`);
    if (!(options.openMs >= 0)) throw new RangeError(`circuit openMs must be 0 or more, got ${options.openMs}`);
  }

  /** The state now: an open circuit whose time is up reads as half-open. */
  get state(): CircuitState {
    if (this.current === 'open' && this.options.clock() - this.openedAt >= this.options.openMs) this.move('half-open');
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.consecutive;
  }

  /** Whether this message may call Dialogflow; in half-open, only the first one may. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  success(): void {
    this.consecutive = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.move('closed');
  }

  failure(): void {
    this.consecutive += 1;
    const wasTrial = this.trialInFlight;
    this.trialInFlight = false;
    if (this.current === 'open') return; // a call that started before the circuit opened
    if (wasTrial || this.consecutive >= this.options.failures) {
      this.openedAt = this.options.clock();
      this.move('open');
    }
  }

  private move(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.options.onChange?.(from, to, { consecutiveFailures: this.consecutive, openMs: this.options.openMs });
  }
}

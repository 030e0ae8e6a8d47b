/** A refused agent action, with the HTTP status and a stable code the console can act on. */
export class DeskError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DeskError';
  }
}

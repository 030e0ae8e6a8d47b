import type { FlowProblem } from '../model';

/** The change would break the flows (or the canned file): nothing was written. */
export class FlowEditRefused extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`The change was not saved: the flows would have ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    this.name = 'FlowEditRefused';
  }
}

/** Another edit holds the folder, or the file changed on disk while this one was being made. */
export class FlowEditBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowEditBusy';
  }
}

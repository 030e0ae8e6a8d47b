import type { StepExecutor, StepOutcome } from './stepExecutor';

/**
 * `lookup`: asks a shop's API (an order's status...) and saves the answer under `save`; on
 * failure `<save>_error` says why and the flow goes to `onNotFound` or `onError`.
 */
export const lookupStep: StepExecutor<'lookup'> = {
  async run(context, lookup): Promise<StepOutcome> {
    const { turn, deps } = context;
    const result = await deps.lookup({
      urlTemplate: lookup.url,
      values: context.values,
      method: lookup.method,
      headers: lookup.headers,
      body: lookup.method === 'POST' ? turn.conversation.values : undefined,
      timeoutMs: lookup.timeoutMs ?? deps.lookupTimeoutMs,
    });
    if (result.status === 'ok') {
      turn.conversation.values[lookup.save] = result.data;
      context.advance();
    } else {
      turn.conversation.values[`${lookup.save}_error`] = result.status === 'error' ? result.reason : 'not found';
      context.goto(result.status === 'not-found' ? lookup.onNotFound ?? lookup.onError : lookup.onError);
    }
    return 'next';
  },
};

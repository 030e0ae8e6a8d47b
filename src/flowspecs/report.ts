import type { FlowProblem } from '../flowfiles/model';
import { formatProblem } from '../flowfiles/model';
import { describeReply, describeSent, type SpecResult } from './runSpecs';

/** The conversation a spec had, step by step, as the customer and the bot said it. */
export function formatConversation(result: SpecResult, indent = ''): string {
  const lines: string[] = [];
  for (const step of result.steps) {
    const mark = step.ok ? ' ' : '✗';
    lines.push(`${indent}${mark} ${String(step.number).padStart(2)}. customer ${describeSent(step.sent).replace(/^say /, 'says ').replace(/^press /, 'taps ').replace(/^share /, 'shares their number ')}`);
    if (step.sent.kind === 'press' && step.sent.id === undefined) continue;
    if (step.replies.length === 0) lines.push(`${indent}      bot: (nothing)`);
    for (const reply of step.replies) {
      describeReply(reply).forEach((line, i) => lines.push(`${indent}      ${i === 0 ? 'bot: ' : '     '}${line}`));
    }
  }
  return lines.join('\n');
}

/** One spec's result: a ✓ line, or a ✗ line with the failure and the conversation so far. */
export function formatResult(result: SpecResult, options: { verbose?: boolean } = {}): string {
  const head = `${result.ok ? '✓' : '✗'} ${result.name}  (${result.ms} ms)`;
  if (result.ok && !options.verbose) return head;
  const parts = [head];
  if (result.failure) parts.push(indentLines(result.failure, '    '));
  parts.push(`    conversation (customer ${result.customer}, ${result.at.file}:${result.at.line}):`);
  parts.push(formatConversation(result, '    '));
  return parts.join('\n');
}

/** The message a test framework shows for a failing spec. */
export function failureMessage(result: SpecResult): string {
  return `spec "${result.name}" (${result.at.file}:${result.at.line}) failed at ${result.failure ?? 'an unknown step'}\n\nconversation so far:\n${formatConversation(result, '  ')}`;
}

export function formatProblems(problems: FlowProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}

/**
 * Button and list-row ids as the customer's client sends them back. They carry the flow and
 * step they belong to, so a press on an old message can still be routed after the
 * conversation has moved on. WhatsApp allows 256 characters for an id.
 */
export type ButtonTarget =
  | { kind: 'step'; flowId: string; stepId: string; buttonId: string }
  | { kind: 'choice'; flowId: string; stepId: string; choiceId: string }
  | { kind: 'flow'; flowId: string }
  | { kind: 'menu' }
  | { kind: 'human' };

export const MENU_BUTTON = 'menu';
export const HUMAN_BUTTON = 'human';

export function stepButtonId(flowId: string, stepId: string, buttonId: string): string {
  return `b:${flowId}:${stepId}:${buttonId}`;
}

export function choiceButtonId(flowId: string, stepId: string, choiceId: string): string {
  return `c:${flowId}:${stepId}:${choiceId}`;
}

export function flowButtonId(flowId: string): string {
  return `flow:${flowId}`;
}

export function parseButtonId(id: string): ButtonTarget | null {
  if (id === MENU_BUTTON) return { kind: 'menu' };
  if (id === HUMAN_BUTTON) return { kind: 'human' };
  const parts = id.split(':');
  if (parts[0] === 'flow' && parts.length === 2 && parts[1]) return { kind: 'flow', flowId: parts[1] };
  if (parts.length === 4 && parts.every(Boolean)) {
    if (parts[0] === 'b') return { kind: 'step', flowId: parts[1], stepId: parts[2], buttonId: parts[3] };
    if (parts[0] === 'c') return { kind: 'choice', flowId: parts[1], stepId: parts[2], choiceId: parts[3] };
  }
  return null;
}

// The Flows page's test chat (a bot running the draft, not the live flows: what it understood,
// with what score, and each step it took) and the conversation specs run against the draft.
import { api, describeError, ApiError } from './api.js';
import { h, fill } from './ui.js';

/**
 * @typedef {{ type: string, text: string, options: { id: string, title: string }[], listButton?: string, locale?: string }} Reply
 * @typedef {{ draft: string, fresh: boolean, replies: Reply[], understood: { intent?: string, confidence?: number, candidates: { intent: string, confidence: number }[] }, steps: { flowId: string, stepId: string, kind: string, event: string }[], values: Record<string, unknown>, owner: string, handoff?: { team: string, reason: string } }} ChatTurn
 */

const newChatId = () => `chat-${crypto.randomUUID()}`;
/** @param {number | undefined} score */
const percent = (score) => (score === undefined ? '' : ` ${Math.round(score * 100)}%`);

/**
 * @param {{ log: HTMLOListElement, form: HTMLFormElement, input: HTMLInputElement, newChat: HTMLButtonElement, getDraft: () => { file: string, text: string } | null }} options
 */
export function createTestChat({ log, form, input, newChat, getDraft }) {
  let chatId = newChatId();
  let spoken = false;

  /** @param {Node} item */
  const add = (item) => {
    log.append(item);
    log.scrollTop = log.scrollHeight;
  };
  /** @param {string} text */
  const note = (text) => add(h('li', { class: 'note' }, text));

  /** @param {{ say?: string, press?: { id: string, title: string } }} message */
  async function send(message) {
    const draft = getDraft();
    if (!draft) return;
    add(h('li', { class: 'customer', lang: 'und' }, message.say ?? `[${message.press?.title}]`));
    try {
      /** @type {ChatTurn} */
      const turn = await api.tryDraft(draft.file, { text: draft.text, chatId, ...message });
      if (turn.fresh && spoken) note('The draft changed: this message started a new chat on it.');
      spoken = true;
      show(turn);
    } catch (error) {
      const problems = error instanceof ApiError && error.code === 'DRAFT_CHECK_FAILED';
      note(problems ? 'The draft does not pass the checks yet: fix the problems below the editor to try it.' : describeError(error));
    }
  }

  /** @param {ChatTurn} turn */
  function show(turn) {
    const { intent, confidence, candidates } = turn.understood;
    const steps = turn.steps.map((s) => `${s.flowId} › ${s.stepId} (${s.kind}${s.event === 'ran' ? '' : `, ${s.event}`})`);
    add(h('li', { class: 'trace', 'data-intent': intent ?? '' },
      h('div', null, intent ? `Understood: ${intent}${percent(confidence)}` : `Not understood${percent(confidence)}`),
      candidates.length ? h('div', null, `Candidates: ${candidates.map((c) => `${c.intent}${percent(c.confidence)}`).join(', ')}`) : null,
      h('div', { class: 'steps' }, steps.length ? `Steps: ${steps.join(' → ')}` : 'No flow step ran.'),
      turn.handoff ? h('div', null, `Handed to team ${turn.handoff.team}: ${turn.handoff.reason}`) : null));
    for (const reply of turn.replies) {
      add(h('li', { class: 'bot', lang: reply.locale ?? 'en' },
        reply.text,
        reply.options.length ? h('div', { class: 'options' }, reply.options.map((o) => h('button', { type: 'button', class: 'btn btn-small', onclick: () => send({ press: o }) }, o.title))) : null));
    }
    if (turn.replies.length === 0) note('(the bot sent nothing)');
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const say = input.value.trim();
    if (!say) return;
    input.value = '';
    send({ say });
  });
  newChat.addEventListener('click', () => {
    chatId = newChatId();
    spoken = false;
    fill(log);
    input.focus();
  });

  return {
    reset() {
      chatId = newChatId();
      spoken = false;
      fill(log);
    },
  };
}

/**
 * Runs every spec of flows/tests against the draft and lists the result, failures first.
 * @param {HTMLElement} root
 * @param {{ file: string, text: string }} draft
 */
export async function runSpecs(root, draft) {
  root.hidden = false;
  fill(root, h('p', { class: 'muted' }, 'Running the conversation specs against the draft…'));
  try {
    /** @type {{ passed: number, failed: number, ms: number, specs: { name: string, file: string, line: number, ok: boolean, touchesDraft: boolean, failure?: string, conversation: string }[] }} */
    const run = await api.runDraftSpecs(draft.file, draft.text);
    const ordered = [...run.specs].sort((a, b) => Number(a.ok) - Number(b.ok) || Number(b.touchesDraft) - Number(a.touchesDraft));
    const touching = run.specs.filter((s) => s.touchesDraft);
    fill(root,
      h('p', { class: run.failed ? 'form-error' : 'ok', role: 'status' },
        `${run.passed} passed, ${run.failed} failed (${(run.ms / 1000).toFixed(1)} s); ${touching.length} went through this file's flow, ${touching.filter((s) => !s.ok).length} of them failed.`),
      h('ul', null, ordered.filter((s) => !s.ok || s.touchesDraft).map((s) =>
        h('li', { class: s.ok ? 'passed' : 'failed' },
          `${s.ok ? '✓' : '✗'} ${s.name} (${s.file}:${s.line})${s.touchesDraft ? '' : ' — another flow'}`,
          s.ok ? null : h('pre', null, `${s.failure ?? ''}\n\n${s.conversation}`)))));
  } catch (error) {
    fill(root, h('p', { class: 'form-error' }, describeError(error)));
  }
}

// The questions the bot could not answer (GET /api/unanswered), for supervisors and admins, and
// teaching it one in one click: a suggested intent, any intent, or "out of scope".
import { api, describeError } from './api.js';

/**
 * @typedef {{ intent: string, flowId: string, title: { en: string, bn: string } }} IntentInfo
 * @typedef {{ intent: string, confidence: number }} Suggestion
 * @typedef {{ key: string, keys: string[], count: number, variants: number, lastExample: string, lastAt: string, locale?: 'en' | 'bn', suggestions?: Suggestion[] }} Group
 */

const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const table = /** @type {HTMLTableElement} */ (document.querySelector('table'));
const rows = /** @type {HTMLElement} */ (document.getElementById('rows'));

/** @type {Map<string, IntentInfo>} */
let intents = new Map();

/**
 * @param {string} text
 * @param {string} [className]
 */
function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

/**
 * @param {string} label
 * @param {string} className
 * @param {() => void} onClick
 */
function button(label, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

/** @param {string} intent */
const titleOf = (intent) => intents.get(intent)?.title.en ?? intent;

/**
 * One group as a row: the example can be edited before it is taught.
 * @param {Group} group
 */
function groupRow(group) {
  const tr = document.createElement('tr');
  const example = document.createElement('input');
  example.type = 'text';
  example.defaultValue = group.lastExample;
  example.maxLength = 300;
  example.className = 'example';
  example.setAttribute('aria-label', 'Example to teach');
  const exampleCell = document.createElement('td');
  exampleCell.className = 'example-cell';
  exampleCell.append(example);

  const teach = document.createElement('td');
  teach.className = 'teach';
  const outcome = document.createElement('p');
  outcome.className = 'outcome';
  outcome.setAttribute('role', 'status');

  const lesson = () => ({ keys: group.keys, text: example.value, locale: group.locale });
  /** @param {boolean} on */
  const disable = (on) => tr.querySelectorAll('button, select, input').forEach((el) => { /** @type {HTMLButtonElement} */ (el).disabled = on; });
  /**
   * @param {() => Promise<{ file: string }>} call
   * @param {(result: { file: string }) => string} done
   */
  async function run(call, done) {
    disable(true);
    outcome.textContent = 'Saving…';
    try {
      const result = await call();
      tr.classList.add('taught');
      outcome.textContent = done(result);
      setTimeout(() => tr.remove(), 1500);
    } catch (error) {
      disable(false);
      const problems = /** @type {{ detail?: { problems?: unknown } }} */ (error).detail?.problems;
      outcome.textContent = describeError(error) + (Array.isArray(problems) ? `: ${problems.join('; ')}` : '');
    }
  }
  /** @param {string} intent */
  const assign = (intent) => run(() => api.assignUnanswered({ ...lesson(), intent }), (r) => `Added to "${titleOf(intent)}" (${r.file}). The bot answers it now.`);
  const outOfScope = () => run(() => api.markOutOfScope(lesson()), (r) => `Marked out of scope (${r.file}).`);

  for (const suggestion of group.suggestions ?? []) {
    if (intents.has(suggestion.intent)) teach.append(button(titleOf(suggestion.intent), 'suggestion', () => assign(suggestion.intent)));
  }
  const picker = document.createElement('select');
  picker.setAttribute('aria-label', 'Intent');
  picker.append(new Option('Another intent…', ''));
  for (const [intent, info] of intents) picker.append(new Option(`${info.title.en} (${intent})`, intent));
  picker.addEventListener('change', () => { if (picker.value) assign(picker.value); });
  teach.append(picker, button('Out of scope', 'out-of-scope', outOfScope), outcome);

  tr.append(cell(String(group.count), 'asked'), cell(String(group.variants)), exampleCell, cell(new Date(group.lastAt).toLocaleString()), teach);
  return tr;
}

try {
  const { groups, intents: known } = /** @type {{ groups: Group[], intents: IntentInfo[] }} */ (await api.unanswered());
  intents = new Map(known.map((i) => [i.intent, i]));
  if (groups.length === 0) {
    status.textContent = 'No unanswered questions so far.';
  } else {
    for (const group of groups) rows.append(groupRow(group));
    status.textContent = `${groups.length} groups of questions. Click the intent a question is, or "Out of scope".`;
    table.hidden = false;
  }
} catch (error) {
  const refused = /** @type {{ status?: number } | undefined} */ (error);
  status.textContent = refused?.status === 401 ? 'Log in at the agent console first.' : refused?.status === 403 ? 'Only supervisors and admins see this page.' : describeError(error);
}

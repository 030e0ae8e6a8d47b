// The questions the bot could not answer (GET /api/unanswered), for supervisors and admins.
import { api, describeError } from './api.js';

const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const table = /** @type {HTMLTableElement} */ (document.querySelector('table'));
const rows = /** @type {HTMLElement} */ (document.getElementById('rows'));

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

try {
  const { groups } = await api.unanswered();
  if (groups.length === 0) {
    status.textContent = 'No unanswered questions so far.';
  } else {
    for (const g of groups) {
      const tr = document.createElement('tr');
      tr.append(cell(String(g.count), 'asked'), cell(String(g.variants)), cell(g.lastExample), cell(new Date(g.lastAt).toLocaleString()));
      rows.append(tr);
    }
    status.textContent = `${groups.length} groups of questions.`;
    table.hidden = false;
  }
} catch (error) {
  const refused = /** @type {{ status?: number } | undefined} */ (error);
  status.textContent = refused?.status === 401 ? 'Log in at the agent console first.' : refused?.status === 403 ? 'Only supervisors and admins see this page.' : describeError(error);
}

// The chat simulator page (simulator.html); a file of its own: the CSP allows no inline script.
// Polls the transcript so agent replies and surveys appear here too, whichever process sends them.
const log = document.getElementById('log');
const phone = document.getElementById('phone');
const username = document.getElementById('username');
phone.value = localStorage.getItem('sim-phone') || ('88017' + Math.floor(10000000 + Math.random() * 89999999));
username.value = localStorage.getItem('sim-username') || '';
let after = 0;
const shown = new Set();

function bubble(direction, text, extra) {
  const div = document.createElement('div');
  div.className = 'msg ' + direction;
  div.textContent = text;
  if (extra) div.appendChild(extra);
  log.appendChild(div);
  log.scrollTop = log.scrollHeight;
}

function render(m) {
  if (shown.has(m.id)) return;
  shown.add(m.id);
  after = Math.max(after, m.at);
  if (m.direction === 'in') return bubble('in', m.text);
  // WhatsApp's "share contact info" button: shares the customer's own number.
  const options = m.type === 'contact_request' ? [{ id: '', title: '📇 Share contact info', share: true }] : m.buttons || m.rows;
  let extra;
  if (options) {
    extra = document.createElement('div');
    extra.className = 'btns';
    for (const o of options) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = o.title;
      b.addEventListener('click', o.share ? shareContact : () => send({ button: o.id }, o.title));
      extra.appendChild(b);
    }
  }
  const prefix = m.sender === 'agent' ? '👤 ' : '';
  bubble('out', prefix + (m.url ? m.text + '\n' + m.url : m.text), extra);
}

async function poll() {
  try {
    const r = await fetch('/api/simulator/messages?include=all&from=' + encodeURIComponent(phone.value) + '&after=' + after);
    if (r.ok) (await r.json()).messages.forEach(render);
  } catch (e) { /* server restarting: try again on the next tick */ }
}

function shareContact() {
  const number = prompt('The phone number WhatsApp shares for this customer', '8801712345678');
  if (number && number.trim()) send({ sharePhone: number.trim() }, '📇 ' + number.trim());
}

async function send(body, echo) {
  localStorage.setItem('sim-phone', phone.value);
  localStorage.setItem('sim-username', username.value);
  bubble('in', echo);
  const who = username.value.trim() ? { from: phone.value, username: username.value.trim() } : { from: phone.value };
  const r = await fetch('/api/simulator/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...who, ...body }) });
  const data = await r.json();
  if (!r.ok) return bubble('out', '⚠ ' + data.error.message);
  if (data.messageId) shown.add(data.messageId);
  data.replies.forEach((m) => render({ direction: 'out', ...m }));
}

document.getElementById('form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('text');
  if (!input.value.trim()) return;
  send({ text: input.value }, input.value);
  input.value = '';
});
function newCustomer(id, handle) {
  phone.value = id;
  username.value = handle;
  localStorage.setItem('sim-phone', phone.value);
  localStorage.setItem('sim-username', username.value);
  log.replaceChildren(); after = 0; shown.clear();
}
document.getElementById('reset').addEventListener('click', () => newCustomer('88017' + Math.floor(10000000 + Math.random() * 89999999), ''));
// A business-scoped user id (BSUID) like WhatsApp's: a country code, a dot, digits.
document.getElementById('reset-username').addEventListener('click', () =>
  newCustomer('BD.' + Math.floor(1e15 + Math.random() * 8e15), 'shopper' + Math.floor(100 + Math.random() * 900)));
poll();
setInterval(poll, 1000);

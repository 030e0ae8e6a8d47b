// Setting up two-step sign-in: the QR code to scan, a first code from the app, then the
// recovery codes, shown once. Required agents (REQUIRE_2FA) land here after login and cannot
// skip it; others open it from the top bar.
import { api, describeError } from './api.js';
import { h, fill } from './ui.js';

/** @param {string} id */
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @param {{ onDone: () => Promise<void> }} handlers onDone: enrolment finished or put off; the app goes on
 */
export function setupTwoFactor({ onDone }) {
  const form = /** @type {HTMLFormElement} */ (byId('enrol-form'));
  const qr = /** @type {HTMLImageElement} */ (byId('enrol-qr'));
  const secret = byId('enrol-secret');
  const codeInput = /** @type {HTMLInputElement} */ (byId('enrol-code'));
  const error = byId('enrol-error');
  const later = /** @type {HTMLButtonElement} */ (byId('enrol-later'));
  const recoveryCard = byId('recovery-card');
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const code = codeInput.value.trim();
    if (!code) return showError('Type the code the app shows.');
    submit.disabled = true;
    try {
      const { recoveryCodes } = await api.enableTwoFactor(code);
      form.hidden = true;
      fill(byId('recovery-codes'), /** @type {string[]} */ (recoveryCodes).map((c) => h('li', {}, c)));
      recoveryCard.hidden = false;
      byId('recovery-done').focus();
    } catch (err) {
      showError(describeError(err));
      codeInput.select();
    } finally {
      submit.disabled = false;
    }
  });

  later.addEventListener('click', () => onDone());
  byId('recovery-done').addEventListener('click', () => onDone());

  /** @param {string} message */
  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  return {
    /**
     * Shows the set-up with a new secret.
     * @param {{ required: boolean }} options required: the agent cannot put it off
     */
    async show({ required }) {
      document.body.dataset.view = 'enrol';
      form.hidden = false;
      recoveryCard.hidden = true;
      later.hidden = required;
      error.hidden = true;
      codeInput.value = '';
      byId('enrol-intro').dataset.required = String(required);
      try {
        const setup = await api.setupTwoFactor();
        qr.src = setup.qrCode;
        secret.textContent = setup.secret;
      } catch (err) {
        showError(describeError(err));
      }
      codeInput.focus();
    },
  };
}

// The login form: POST /api/auth/login sets the session cookie; the app takes it from there.
import { api, ApiError } from './api.js';

/**
 * The form's named fields, as the browser exposes them on the form element.
 * @typedef {HTMLFormElement & { email: HTMLInputElement, password: HTMLInputElement, code: HTMLInputElement }} LoginForm
 */

/**
 * @param {{ onLoggedIn: (agent: import('./api.js').ApiData) => Promise<void> }} handlers
 */
export function setupLogin({ onLoggedIn }) {
  const form = /** @type {LoginForm} */ (document.getElementById('login-form'));
  const error = /** @type {HTMLElement} */ (document.getElementById('login-error'));
  const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
  // Shown once the server says this account needs a code (two-step sign-in).
  const codeField = /** @type {HTMLElement} */ (document.getElementById('code-field'));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const email = form.email.value.trim();
    const password = form.password.value;
    if (!email || !password) {
      showError('Enter your e-mail and password.');
      return;
    }
    const code = codeField.hidden ? '' : form.code.value.trim();
    submit.disabled = true;
    submit.textContent = 'Logging in…';
    try {
      const { agent } = await api.login(email, password, code || undefined);
      form.password.value = '';
      form.code.value = '';
      codeField.hidden = true;
      await onLoggedIn(agent);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TWO_FACTOR_REQUIRED') {
        codeField.hidden = false;
        if (code) showError(err.message);
        form.code.focus();
        return;
      }
      if (err instanceof ApiError && err.code === 'BAD_CODE') {
        showError('That code is wrong or was already used. Type the code the app shows now.');
        form.code.select();
        return;
      }
      if (err instanceof ApiError && err.status === 401) showError('Wrong e-mail or password. Please try again.');
      else if (err instanceof ApiError && err.status === 429) {
        const minutes = err.retryAfter ? Math.ceil(err.retryAfter / 60) : undefined;
        showError(minutes ? `Too many tries. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` : err.message);
      } else showError(/** @type {Error} */ (err).message || 'Could not log in.');
      form.password.select();
    } finally {
      submit.disabled = false;
      submit.textContent = 'Log in';
    }
  });

  /** @param {string} message */
  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  return {
    /** @param {string} [message] */
    show(message) {
      document.body.dataset.view = 'login';
      error.hidden = !message;
      if (message) error.textContent = message;
      (form.email.value ? form.password : form.email).focus();
    },
  };
}

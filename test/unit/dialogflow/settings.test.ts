import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { LocalNlu } from '../../../src/nlu/local';
import { createDialogflowNlu, DialogflowConfigError, parseCredentialsJson, type DialogflowSettings } from '../../../src/nlu/dialogflow';
import { detectPath, DIALOGFLOW, matched, memoryLogger, OAUTH, PROJECT, serviceAccount, verifiedClaims, loadDialogflowClient } from './support';

const key = serviceAccount();

beforeAll(loadDialogflowClient, 60_000);
const keyFile = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'service_account', project_id: PROJECT, private_key_id: 'abc123', ...key.credentials, ...extra });

const SETTINGS: DialogflowSettings = { projectId: PROJECT, timeoutMs: 1500, sentiment: false, threshold: 0.55, transport: 'rest' };

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
});

describe('parseCredentialsJson', () => {
  it('reads a service account key file', () => {
    expect(parseCredentialsJson(keyFile())).toEqual({ credentials: key.credentials, projectId: PROJECT });
  });

  it('mends a private key pasted with literal \\n sequences', () => {
    const flattened = key.credentials.private_key.replace(/\n/g, '\\n');
    expect(parseCredentialsJson(keyFile({ private_key: flattened })).credentials.private_key).toBe(key.credentials.private_key);
  });

  it.each([
    ['not JSON', '{ "type": "service_account", ', /not valid JSON/],
    ['an array', '[]', /must be a JSON object/],
    ['a user credential', JSON.stringify({ type: 'authorized_user', client_id: 'x' }), /service account key/],
    ['no private key', JSON.stringify({ type: 'service_account', client_email: 'a@b.c' }), /lacks private_key/],
    ['a key that is not PEM', JSON.stringify({ client_email: 'a@b.c', private_key: 'hunter2' }), /not a PEM private key/],
  ])('refuses %s with a clear message that does not echo the key', (_what, json, message) => {
    expect(() => parseCredentialsJson(json)).toThrow(DialogflowConfigError);
    expect(() => parseCredentialsJson(json)).toThrow(message);
    try {
      parseCredentialsJson(json);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('createDialogflowNlu', () => {
  it('DIALOGFLOW_CREDENTIALS_JSON: signs with that key; the project id may come from the key', async () => {
    const nlu = createDialogflowNlu({ ...SETTINGS, projectId: '', credentialsJson: keyFile() }, new LocalNlu(), memoryLogger());
    expect(nlu.kind).toBe('dialogflow');
    let authorization: string | undefined;
    nock(DIALOGFLOW)
      .post(detectPath('conv-s'))
      .query(true)
      .reply(function () {
        authorization = this.req.headers.authorization as string;
        return [200, matched('order_status', 0.9)];
      });
    expect((await nlu.detect({ text: 'where is my order', conversationId: 'conv-s' })).source).toBe('dialogflow');
    expect(verifiedClaims(authorization, key.publicKey)).toMatchObject({ iss: key.credentials.client_email });
  });

  describe('GOOGLE_APPLICATION_CREDENTIALS', () => {
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'df-key-'));
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('without JSON settings the client reads the key file itself', async () => {
      const file = path.join(dir, 'key.json');
      fs.writeFileSync(file, keyFile());
      process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
      const logger = memoryLogger();
      const nlu = createDialogflowNlu(SETTINGS, new LocalNlu(), logger);
      expect(logger.entries[0].message).toMatch(/GOOGLE_APPLICATION_CREDENTIALS/);
      let authorization: string | undefined;
      nock(DIALOGFLOW)
        .post(detectPath('conv-s'))
        .query(true)
        .reply(function () {
          authorization = this.req.headers.authorization as string;
          return [200, matched('order_status', 0.9)];
        });
      const token = nock(OAUTH).post('/token').reply(200, { access_token: 'unexpected', expires_in: 3600 });
      expect((await nlu.detect({ text: 'where is my order', conversationId: 'conv-s' })).source).toBe('dialogflow');
      expect(verifiedClaims(authorization, key.publicKey)).toMatchObject({ iss: key.credentials.client_email });
      expect(token.isDone()).toBe(false);
    });

    it('the path from settings (e.g. read from .env, which is not in process.env) is used too', async () => {
      const file = path.join(dir, 'from-dotenv.json');
      fs.writeFileSync(file, keyFile());
      delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      const nlu = createDialogflowNlu({ ...SETTINGS, credentialsFile: file }, new LocalNlu(), memoryLogger());
      let authorization: string | undefined;
      nock(DIALOGFLOW)
        .post(detectPath('conv-s'))
        .query(true)
        .reply(function () {
          authorization = this.req.headers.authorization as string;
          return [200, matched('order_status', 0.9)];
        });
      expect((await nlu.detect({ text: 'where is my order', conversationId: 'conv-s' })).source).toBe('dialogflow');
      expect(verifiedClaims(authorization, key.publicKey)).toMatchObject({ iss: key.credentials.client_email });
    });

    it('a missing key file: the local matcher answers and the failure says why', async () => {
      process.env.GOOGLE_APPLICATION_CREDENTIALS = path.join(dir, 'missing.json');
      const logger = memoryLogger();
      const nlu = createDialogflowNlu(SETTINGS, new LocalNlu(), logger);
      // The real client would raise an unhandled rejection here (and end the process) if
      // detectIntent were called on it; two messages show that it is not.
      for (let i = 0; i < 2; i++) {
        expect(await nlu.detect({ text: 'where is my order', conversationId: 'conv-s' })).toMatchObject({ source: 'local' });
      }
      const warnings = logger.entries.filter((e) => e.level === 'warn');
      expect(warnings).toHaveLength(2);
      expect(warnings[0].meta).toMatchObject({ kind: 'config', error: expect.stringMatching(/missing\.json/) });
      expect(nlu.stats()).toMatchObject({ failures: 2, errors: expect.objectContaining({ config: 2 }) });
    });
  });

  it.each([
    ['no project id anywhere', { ...SETTINGS, projectId: '' }, /DIALOGFLOW_PROJECT_ID is required/],
    ['a bad transport', { ...SETTINGS, transport: 'http3' as never }, /DIALOGFLOW_TRANSPORT must be rest or grpc/],
    ['broken credentials JSON', { ...SETTINGS, credentialsJson: '{oops' }, /DIALOGFLOW_CREDENTIALS_JSON is not valid JSON/],
  ])('stops the start on %s', (_what, settings, message) => {
    expect(() => createDialogflowNlu(settings, new LocalNlu(), memoryLogger())).toThrow(message);
  });
});

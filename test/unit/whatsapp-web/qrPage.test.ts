import express from 'express';
import request from 'supertest';
import { createWhatsAppWebQrRouter, WhatsAppWebChannel, type ConnectionState, type QrSource } from '../../../src/channels/whatsapp-web';
import { clientFactory, ManualTimers, memoryLogger, RecordingQueue } from './support';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function appFor(source: QrSource) {
  const app = express();
  app.use('/whatsapp-web', createWhatsAppWebQrRouter(source));
  return app;
}

const fixed = (state: ConnectionState, qr: string | null): QrSource => ({ state: () => state, latestQr: () => qr });

/** The QR string as WhatsApp Web builds it: ref, noise key, identity key, ADV secret, platform. */
const QR = '2@Xy7kq1lPZ0m3b2VfA9,9Q8tWf6bnezr8uVGwVCluyRuBOJ3tIglimzI5dHB0vQ=,f1/vGcW4Z3vBa1eDNl3tOjWqLL5DpYTI84DMVkYnQE8=,ZL7YnK2qdPN8vKo2ESxhOQ==,1';

describe('QR page', () => {
  it('GET /qr.png: the current code as a PNG, never cached', async () => {
    const res = await request(appFor(fixed('qr', QR))).get('/whatsapp-web/qr.png').expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((res.body as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('GET /qr.png: 404 with a JSON error when linked or not started', async () => {
    const linked = await request(appFor(fixed('ready', null))).get('/whatsapp-web/qr.png').expect(404);
    expect(linked.body).toEqual({ error: { code: 'NO_QR_CODE', message: 'The number is already linked.' } });
    const starting = await request(appFor(fixed('starting', null))).get('/whatsapp-web/qr.png').expect(404);
    expect(starting.body.error.message).toBe('There is no QR code right now (state: starting).');
  });

  it('GET /: the state in English and Bengali, the image under the mount path, and a refresh', async () => {
    const res = await request(appFor(fixed('qr', QR))).get('/whatsapp-web').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('data-state="qr"');
    expect(res.text).toContain('Scan this code with your phone');
    expect(res.text).toContain('ফোন দিয়ে এই কোডটি স্ক্যান করুন');
    expect(res.text).toMatch(/<img src="\/whatsapp-web\/qr\.png\?t=\d+"/);
    expect(res.text).toContain('<meta http-equiv="refresh" content="5">');
    expect(res.text).not.toContain(QR); // the code itself is only in the image
  });

  it('GET /: no image once linked', async () => {
    const res = await request(appFor(fixed('ready', null))).get('/whatsapp-web/').expect(200);
    expect(res.text).toContain('data-state="ready"');
    expect(res.text).not.toContain('<img');
  });

  it('follows the channel: no code while starting, the code after "qr", none after "ready"', async () => {
    const factory = clientFactory();
    const channel = new WhatsAppWebChannel({
      queue: new RecordingQueue(),
      logger: memoryLogger().logger,
      sessionDir: '/tmp/s',
      chromiumPath: '/usr/bin/chromium',
      createClient: factory.create,
      setTimer: new ManualTimers().set,
      printQr: () => {},
    });
    const app = appFor(channel);
    await channel.start();
    await request(app).get('/whatsapp-web/qr.png').expect(404);
    factory.latest().emit('qr', QR);
    await request(app).get('/whatsapp-web/qr.png').expect(200).expect('Content-Type', 'image/png');
    factory.latest().becomeReady();
    await request(app).get('/whatsapp-web/qr.png').expect(404);
    await channel.stop();
  });
});

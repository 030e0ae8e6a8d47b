/**
 * `npm run chat`: talk to the bot in the terminal, on the embedded adapters, as a WhatsApp
 * customer would. Buttons and list rows are numbered: type the number to press one.
 *   /lang bn | /lang en   answer in that language from now on (until you write in another script)
 *   /reset                start as a new customer
 *   /quit                 leave
 */
import readline from 'node:readline';
import { loadConfig } from '../src/config/load';
import { storedMessageId } from '../src/domain/message';
import { createSilentLogger } from '../src/observability/logger';
import { createRuntime } from '../src/runtime/runtime';
import { buttonsOfContent, renderForTerminal } from './support/terminalView';

async function main(): Promise<void> {
  const config = loadConfig({ env: { ...process.env, SQLITE_FILE: ':memory:', WHATSAPP_MODE: 'off' } });
  const runtime = await createRuntime(config, createSilentLogger());
  runtime.startWorkers();
  let phone = newPhone();
  let options: { id: string; title: string }[] = [];
  let counter = 0;

  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  console.log(`Chatting as customer ${phone}. Type a question in English, বাংলা or Banglish; /lang bn, /reset, /quit.`);
  rl.prompt();

  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit') break;
    if (text === '/reset') {
      phone = newPhone();
      options = [];
      console.log(`New customer ${phone}.`);
    } else if (text.startsWith('/lang')) {
      const locale = text.split(/\s+/)[1];
      if (locale !== 'en' && locale !== 'bn') console.log('Use /lang en or /lang bn.');
      else await setLocale(runtime, phone, locale);
    } else {
      const pressed = /^\d+$/.test(text) ? options[Number(text) - 1] : undefined;
      const id = `chat-${++counter}-${Date.now()}`;
      const message = {
        id, channel: 'simulator' as const, from: phone, timestamp: Date.now(),
        content: pressed ? { type: 'button' as const, id: pressed.id, title: pressed.title } : { type: 'text' as const, text },
      };
      await runtime.queue.add('inbound', message, { key: `simulator:${phone}`, jobId: id });
      await runtime.queue.waitFor('inbound', id, 15000);
      const replies = await runtime.store.messages.listReplies(storedMessageId(message));
      if (replies.length === 0) console.log('   (no reply: a person owns this chat, or the message needs none)');
      // Numbers press the buttons of the latest answer only; otherwise they are sent as text.
      options = [];
      for (const reply of replies) {
        console.log(renderForTerminal(reply.content));
        const offered = buttonsOfContent(reply.content);
        if (offered.length > 0) options = offered;
      }
    }
    rl.prompt();
  }
  rl.close();
  await runtime.stop();
}

async function setLocale(runtime: Awaited<ReturnType<typeof createRuntime>>, phone: string, locale: 'en' | 'bn'): Promise<void> {
  const customerId = `simulator:${phone}`;
  await runtime.store.customers.touch({ id: customerId, channel: 'simulator', address: phone, at: Date.now() });
  await runtime.store.customers.update(customerId, { locale });
  const conversation = await runtime.store.conversations.findOpen(customerId);
  if (conversation) await runtime.store.conversations.save({ ...conversation, locale });
  console.log(locale === 'bn' ? 'এখন থেকে বাংলায় উত্তর দেব।' : 'I will answer in English from now on.');
}

function newPhone(): string {
  return `88019${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

import type { Assistant } from 'storefront-ml';
import { timed } from './timings.ts';
import { byId, el } from './ui.ts';

/**
 * The customer-service chat: the FAQ assistant answers on the device in the shopper's language (English or
 * Chinese) and hands off to a person when unsure or out of scope. Messages are neither stored nor sent.
 */
export function mountChat(assistant: Assistant, trainedBy: string | null): void {
  const form = byId<HTMLFormElement>('chat-form');
  const input = byId<HTMLInputElement>('chat-input');
  const log = byId('chat-log');
  const say = (who: 'you' | 'bot', text: string, extra: Node[] = []) => {
    log.append(el('li', { className: who }, [el('span', { className: 'who', text: who === 'you' ? 'You' : 'Shop assistant' }), el('p', { text }), ...extra]));
    log.scrollTop = log.scrollHeight;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    say('you', text);
    void timed('assistant: answer', () => assistant.answer(text)).then((reply) => {
      const meta = reply.handoff
        ? `Handing off to a person (${reply.reason.replace('_', ' ')}) · ${reply.language}`
        : `${reply.label} · ${(reply.confidence * 100).toFixed(0)} % sure · ${reply.language}`;
      const entities = reply.entities.map((e) => `${e.type}: ${e.value}`).join(', ');
      say('bot', reply.answer ?? '', [
        el('span', { className: reply.handoff ? 'meta handoff' : 'meta', text: entities ? `${meta} · found ${entities}` : meta }),
      ]);
    });
  });
  byId('chat-status').replaceChildren('Answers from the shop FAQ, on this device, in English or Chinese; your messages are not stored or sent.',
    ...(trainedBy ? [' Trained when the demo was built, by ', el('code', { text: trainedBy }), '.'] : []));
}

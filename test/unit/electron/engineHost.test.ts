import { EventEmitter } from 'node:events';
import type { UtilityProcess } from 'electron';
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../../src/main/electron/engineHost';
import type { HostReply, HostRequest } from '../../../src/main/electron/hostProtocol';

/**
 * Main's side of the work protocol with the engine process (which cannot be started without the
 * Electron binary): a fake engine that answers requests as serviceHost.ts does.
 */
class FakeEngine extends EventEmitter {
  readonly received: HostRequest[] = [];
  postMessage(msg: HostRequest): void {
    this.received.push(msg);
  }
  reply(msg: HostReply): void {
    this.emit('message', msg);
  }
  kill(): boolean {
    return true;
  }
}

function hostWith(engines: FakeEngine[]): EngineHost {
  return new EngineHost(() => {
    const engine = new FakeEngine();
    engines.push(engine);
    return engine as unknown as UtilityProcess;
  });
}

describe('EngineHost', () => {
  it('numbers each call and pairs every answer with its call, whatever the order of the answers', async () => {
    const engines: FakeEngine[] = [];
    const host = hostWith(engines);
    const first = host.invoke({ service: 'app', method: 'state', args: [] });
    const second = host.resolveMedia({ kind: 'track', id: 7 } as never);
    const [a, b] = engines[0].received;
    expect(a).toEqual({ type: 'run', seq: 1, payload: { call: { service: 'app', method: 'state', args: [] } } });
    expect(b).toMatchObject({ type: 'run', seq: 2, payload: { media: { kind: 'track', id: 7 } } });
    engines[0].reply({ type: 'progress', seq: 2, progress: undefined as never });
    engines[0].reply({ type: 'done', seq: 2, result: { ok: true, value: { path: '/music/a.wav' } } });
    engines[0].reply({ type: 'error', seq: 1, error: { code: 'failed', message: 'The database is locked.' } });
    expect(await second).toEqual({ ok: true, value: { path: '/music/a.wav' } });
    expect(await first).toEqual({ ok: false, error: { code: 'failed', message: 'The database is locked.' } });
  });

  it('passes app events to listeners, and fails the open calls of an engine that died with a sentence, starting a new one on the next call', async () => {
    const engines: FakeEngine[] = [];
    const host = hostWith(engines);
    const events: unknown[] = [];
    host.onEvent((e) => events.push(e));
    const open = host.invoke({ service: 'project', method: 'view', args: [] });
    engines[0].reply({ type: 'event', event: { type: 'job', job: { id: 'j1' } } as never });
    expect(events).toEqual([{ type: 'job', job: { id: 'j1' } }]);
    engines[0].emit('exit', 9);
    expect(await open).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/stopped unexpectedly \(exit code 9\)/) } });
    void host.invoke({ service: 'app', method: 'state', args: [] });
    expect(engines).toHaveLength(2);
    expect(engines[1].received[0]).toMatchObject({ type: 'run', seq: 2 });
  });
});

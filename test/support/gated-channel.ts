import type { PublishRequest } from '../../src/channels/channel.js';
import type { PartRef } from '../../src/domain/post.js';
import { ScriptedChannel } from './scripted-channel.js';

/** A scripted platform whose publish can be held open (a slow platform) and observed. */
export class GatedChannel extends ScriptedChannel {
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  onPublish: ((request: PublishRequest) => void) | undefined;
  started: string[] = [];

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  releaseHold(): void {
    this.open?.();
    this.gate = undefined;
  }

  override async publish(request: PublishRequest): Promise<PartRef> {
    this.started.push(request.key);
    this.onPublish?.(request);
    if (this.gate !== undefined) await this.gate;
    return super.publish(request);
  }
}

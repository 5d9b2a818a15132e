import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as channels from './channels';

export function register(app: App, services: Services): void {
  channels.register(app, services);
}

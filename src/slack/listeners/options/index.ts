import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as channels from './channels';
import * as passionTags from './passionTags';

export function register(app: App, services: Services): void {
  passionTags.register(app, services);
  channels.register(app, services);
}

import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as settings from './settings';

export function register(app: App, services: Services): void {
  settings.register(app, services);
}

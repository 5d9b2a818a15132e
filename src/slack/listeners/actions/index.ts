import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as home from './home';

export function register(app: App, services: Services): void {
  home.register(app, services);
}

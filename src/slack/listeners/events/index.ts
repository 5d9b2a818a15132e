import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import * as passionsWelcome from './passionsWelcome';
import * as appHomeOpened from './appHomeOpened';
import * as monitoring from './monitoring';

export function register(app: App, services: Services): void {
  appHomeOpened.register(app, services);
  monitoring.register(app, services);
  passionsWelcome.register(app, services);
}
